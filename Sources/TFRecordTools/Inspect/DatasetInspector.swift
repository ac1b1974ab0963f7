import TFRecord
import TFRecordShards

/// A summary of record files: their kinds, schema, record counts and a label histogram.
public struct DatasetSummary: Sendable {
    /// Each file in order: its path, its record count and the message its records hold (see
    /// ``ExampleKind`` for the rule).
    public var files: [(path: String, records: Int, kind: ExampleKind)]
    /// Statistics by feature key: the features of Examples and the context of
    /// SequenceExamples (the same `Features` message on the wire).
    public var features: [String: FeatureStatistics]
    /// Statistics by feature list name, from SequenceExamples.
    public var featureLists: [String: FeatureListStatistics]
    /// Count of each value of the label feature (one-value `Int64List`s only).
    public var labelHistogram: [Int64: Int]
    /// The label feature's key.
    public var labelKey: String
    /// Total records.
    public var records: Int { files.reduce(0) { $0 + $1.records } }
    /// The kinds of the files.
    public var kinds: Set<ExampleKind> { Set(files.map(\.kind)) }
}

/// Reads record files and summarizes the `tf.train.Example`s or `tf.train.SequenceExample`s
/// in them (the `tfrec inspect` command). Every record's CRCs are checked on the way.
public struct DatasetInspector: Sendable {
    /// The key whose values make the histogram.
    public var labelKey: String
    /// How shard names look (for directory listings).
    public var template: ShardNameTemplate
    /// The files' compression; `nil` detects it per file.
    public var compression: RecordCompression?

    /// Creates an inspector.
    public init(labelKey: String = "label", template: ShardNameTemplate = .reference) {
        self.labelKey = labelKey
        self.template = template
    }

    /// Reads every record of the files and directories in `paths`.
    ///
    /// Each record's kind comes from ``ExampleKind/init(record:)``; a file is a SequenceExample
    /// file if any of its records is one.
    ///
    /// - Throws: ``TFRecordError`` for a corrupt record or one that is neither an Example nor a
    ///   SequenceExample.
    /// - Complexity: O(total bytes).
    public func inspect(paths: [String]) throws(TFRecordError) -> DatasetSummary {
        var summary = DatasetSummary(
            files: [], features: [:], featureLists: [:], labelHistogram: [:], labelKey: labelKey)
        for path in try ShardFileList.resolve(paths, template: template) {
            let reader = try RecordReader(path: path, compression: compression)
            var fileKind = ExampleKind.example
            while try reader.nextRecord({ (payload) throws(TFRecordError) -> Void in
                let at = SourceLocation(path: path, recordIndex: reader.recordIndex, byteOffset: reader.offset)
                switch ExampleKind(record: payload) {
                case .example?:
                    let example: Tensorflow_Example
                    do { example = try Tensorflow_Example(serializedBytes: Array(payload)) } catch {
                        throw TFRecordError(.badInput, "record is not a tf.train.Example: \(error)", at: at)
                    }
                    add(features: example.features, to: &summary)
                case .sequenceExample?:
                    fileKind = .sequenceExample
                    let sequence: Tensorflow_SequenceExample
                    do { sequence = try Tensorflow_SequenceExample(serializedBytes: Array(payload)) } catch {
                        throw TFRecordError(.badInput, "record is not a tf.train.SequenceExample: \(error)", at: at)
                    }
                    add(features: sequence.context, to: &summary)
                    add(featureLists: sequence.featureLists, to: &summary)
                case nil:
                    throw TFRecordError(
                        .badInput, "record is neither a tf.train.Example nor a tf.train.SequenceExample", at: at)
                }
            }) != nil {}
            summary.files.append((path, reader.recordIndex, fileKind))
        }
        return summary
    }

    /// Adds the features of one record (an Example's, or a SequenceExample's context). Internal for
    /// the record_reader fuzz target (Fuzz/).
    func add(features: Tensorflow_Features, to summary: inout DatasetSummary) {
        for (key, feature) in features.feature {
            Self.add(feature, to: &summary.features[key, default: FeatureStatistics()])
            if key == labelKey, case .int64List(let list)? = feature.kind, list.value.count == 1 {
                summary.labelHistogram[list.value[0], default: 0] += 1
            }
        }
    }

    /// Adds the feature lists of one SequenceExample. Internal for the record_reader fuzz target.
    func add(featureLists: Tensorflow_FeatureLists, to summary: inout DatasetSummary) {
        for (name, list) in featureLists.featureList {
            var stats = summary.featureLists[name, default: FeatureListStatistics()]
            stats.present += 1
            stats.add(stepCount: list.feature.count)
            for step in list.feature { Self.add(step, to: &stats.step) }
            summary.featureLists[name] = stats
        }
    }

    private static func add(_ feature: Tensorflow_Feature, to stats: inout FeatureStatistics) {
        stats.present += 1
        switch feature.kind {
        case .bytesList(let list):
            stats.kinds.insert("bytes")
            stats.add(valueCount: list.value.count)
            for value in list.value { stats.add(byteSize: value.count) }
        case .int64List(let list):
            stats.kinds.insert("int64_list")
            stats.add(valueCount: list.value.count)
            for value in list.value { stats.add(int64: value) }
        case .floatList(let list):
            stats.kinds.insert("float_list")
            stats.add(valueCount: list.value.count)
            for value in list.value { stats.add(float: value) }
        case nil:
            stats.kinds.insert("empty")
        }
    }
}
