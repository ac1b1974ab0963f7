import TFRecord

/// A summary of record files: schema, record counts and a label histogram.
public struct DatasetSummary: Sendable {
    /// Records per file, in order.
    public var files: [(path: String, records: Int)]
    /// Statistics by feature key.
    public var features: [String: FeatureStatistics]
    /// Count of each value of the label feature (one-value `Int64List`s only).
    public var labelHistogram: [Int64: Int]
    /// The label feature's key.
    public var labelKey: String
    /// Total records.
    public var records: Int { files.reduce(0) { $0 + $1.records } }
}

/// Reads record files and summarizes the `tf.train.Example`s in them (the `tfrec inspect`
/// command). Every record's CRCs are checked on the way.
public struct DatasetInspector: Sendable {
    /// The key whose values make the histogram.
    public var labelKey: String
    /// How shard names look (for directory listings).
    public var template: ShardNameTemplate

    /// Creates an inspector.
    public init(labelKey: String = "label", template: ShardNameTemplate = .reference) {
        self.labelKey = labelKey
        self.template = template
    }

    /// Reads every record of the files and directories in `paths`.
    ///
    /// - Throws: ``TFRecordError`` for a corrupt record or one that is not an Example.
    /// - Complexity: O(total bytes).
    public func inspect(paths: [String]) throws(TFRecordError) -> DatasetSummary {
        var summary = DatasetSummary(files: [], features: [:], labelHistogram: [:], labelKey: labelKey)
        for path in try ShardFileList.resolve(paths, template: template) {
            let reader = try RecordReader(path: path)
            while try reader.nextRecord({ (payload) throws(TFRecordError) -> Void in
                let example: Tensorflow_Example
                do { example = try Tensorflow_Example(serializedBytes: Array(payload)) } catch {
                    throw TFRecordError(.badInput, "record is not a tf.train.Example: \(error)",
                                        at: SourceLocation(path: path, recordIndex: reader.recordIndex, byteOffset: reader.offset))
                }
                add(example, to: &summary)
            }) != nil {}
            summary.files.append((path, reader.recordIndex))
        }
        return summary
    }

    /// Adds one Example to the summary. Internal rather than private for the record_reader fuzz
    /// target (Fuzz/).
    func add(_ example: Tensorflow_Example, to summary: inout DatasetSummary) {
        for (key, feature) in example.features.feature {
            var stats = summary.features[key, default: FeatureStatistics()]
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
                if key == labelKey && list.value.count == 1 { summary.labelHistogram[list.value[0], default: 0] += 1 }
            case .floatList(let list):
                stats.kinds.insert("float_list")
                stats.add(valueCount: list.value.count)
                for value in list.value { stats.add(float: value) }
            case nil:
                stats.kinds.insert("empty")
            }
            summary.features[key] = stats
        }
    }
}
