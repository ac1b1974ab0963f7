import Foundation
import TFRecord

/// The metadata that TensorFlow Datasets needs beside TFDS-named shards to load them with
/// `tfds.builder_from_directory(dir)`: `dataset_info.json` (name, version, split, records
/// per shard), `features.json` (how to parse and decode each feature) and, for a label with
/// class names, `<label>.labels.txt` — the files `tfds.folder_dataset.write_metadata`
/// writes, with the same JSON (protobuf's JSON mapping: camelCase keys, int64 as strings).
///
/// The feature keys are the Example keys the shards hold: TFDS parses each record with the
/// keys of its feature dictionary.
///
/// | shards hold (manifest encoding) | TFDS feature                                  |
/// |---------------------------------|-----------------------------------------------|
/// | `png`, `jpeg`, image files      | `Image` (shape, `uint8`, encoding format)     |
/// | `int64-bytes`, `uint8`, `float32` | `Tensor` (shape, dtype, encoding `bytes`)   |
/// | `int64-list`, `float-list`      | `Tensor` (shape, dtype, encoding `none`)      |
/// | the label                       | `ClassLabel` (class count or names), else an int64 `Tensor` |
public struct TFDSMetadata: Sendable, Equatable {
    /// The file TFDS reads first; written last, so that it never describes missing files.
    public static let datasetInfoFileName = "dataset_info.json"
    /// The feature dictionary.
    public static let featuresFileName = "features.json"

    /// The file of class names of the label feature `key`, one per line.
    public static func labelNamesFileName(key: String) -> String { "\(key).labels.txt" }

    /// Whether `name` is a file this type writes (for replacing an earlier run's).
    public static func isMetadataFile(_ name: String) -> Bool {
        name == datasetInfoFileName || name == featuresFileName || name.hasSuffix(".labels.txt")
    }

    /// `dataset_info.json`.
    public var datasetInfo: DatasetInfo
    /// The features by Example key.
    public var features: [String: Feature]

    /// Describes the shards of `manifest` as the TFDS dataset `dataset` of version `version`.
    ///
    /// - Parameters:
    ///   - label: the key of the label feature and its classes; `nil` classes (labels that
    ///     are negative, or none at all) declare the label as an int64 scalar tensor.
    /// - Throws: ``TFRecordError`` `.badInput` for a class name holding a line break (the
    ///   names file has one per line).
    public init(manifest: Manifest, dataset: TFDSDataset, version: String,
                label: (key: String, classes: TFDSLabelClasses?)?) throws(TFRecordError) {
        var features: [String: Feature] = [:]
        for (key, feature) in manifest.features {
            if let label, key == label.key {
                features[key] = label.classes.map(Feature.classLabel) ?? .tensor(shape: [], dtype: "int64", encoding: .none)
            } else {
                features[key] = Feature(manifest: feature)
            }
        }
        if case .names(let names)? = label?.classes, let bad = names.first(where: { $0.contains(where: \.isNewline) }) {
            throw TFRecordError(.badInput, "class name \(bad.debugDescription) holds a line break; TFDS label files "
                                    + "hold one name per line")
        }
        let framing = RecordFraming.headerSize + RecordFraming.footerSize
        let split = DatasetInfo.Split(
            name: dataset.split,
            // What TFDS counts: the serialized Examples, without the 16 framing bytes of each.
            numBytes: String(manifest.shards.reduce(0) { $0 + ($1.uncompressedBytes ?? $1.bytes) - framing * $1.records }),
            shardLengths: manifest.shards.map { String($0.records) })
        var supervised: DatasetInfo.SupervisedKeys?
        if let label, manifest.features[label.key] != nil, manifest.features.count == 2,
           let input = manifest.features.keys.first(where: { $0 != label.key })
        {
            supervised = DatasetInfo.SupervisedKeys(input: input, target: label.key)
        }
        self.datasetInfo = DatasetInfo(name: dataset.name, version: version, splits: [split], supervisedKeys: supervised)
        self.features = features
    }

    /// The class names of a label feature that has them, by key.
    public var labelNames: [String: [String]] {
        features.compactMapValues { feature in
            if case .classLabel(.names(let names)) = feature { names } else { nil }
        }
    }

    /// Writes `features.json`, the label names and then `dataset_info.json` into
    /// `directory`, each atomically (temporary file, fsync, rename).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    public func write(to directory: OutputDirectory) throws(TFRecordError) {
        try directory.writeAtomically(name: Self.featuresFileName, contents: try Self.json(FeaturesDocument(features: features)))
        for (key, names) in labelNames.sorted(by: { $0.key < $1.key }) {
            try directory.writeAtomically(name: Self.labelNamesFileName(key: key),
                                          contents: Array((names.joined(separator: "\n") + "\n").utf8))
        }
        try directory.writeAtomically(name: Self.datasetInfoFileName, contents: try Self.json(datasetInfo))
    }

    /// `value` as sorted, indented JSON ending in a newline.
    static func json(_ value: some Encodable) throws(TFRecordError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")] } catch {
            throw TFRecordError(.io, "cannot encode TFDS metadata: \(error)")
        }
    }
}
