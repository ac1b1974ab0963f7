import TFRecord

/// The TensorFlow Datasets identity of a conversion's output: the dataset name and split in
/// the shard names (`<name>-<split>.tfrecord-00000-of-00007`), which
/// `dataset_info.json` repeats so that `tfds.builder_from_directory` finds the shards.
public struct TFDSDataset: Sendable, Equatable {
    /// The dataset name, e.g. `mnist`.
    public var name: String
    /// The split, e.g. `train`.
    public var split: String

    /// Creates the identity.
    ///
    /// - Throws: ``TFRecordError`` `.usage` for an empty name or split, or one holding `/`,
    ///   `{` or `}` (as ``ShardNameTemplate/tfds(name:split:)``).
    public init(name: String, split: String) throws(TFRecordError) {
        _ = try ShardNameTemplate.tfds(name: name, split: split)
        self.name = name
        self.split = split
    }

    /// The shard names TFDS expects: `<name>-<split>.tfrecord-{shard:05}-of-{shards:05}`.
    public var nameTemplate: ShardNameTemplate {
        // The parts were checked in init, so the template parses.
        try! ShardNameTemplate.tfds(name: name, split: split)
    }

    /// The version `tfds.folder_dataset.write_metadata` gives a dataset in `directory`: the
    /// directory's own name when it is a version (`…/mnist/1.0.0`), else `1.0.0`.
    public static func version(ofDirectory directory: String) -> String {
        let name = directory.split(separator: "/").last.map(String.init) ?? ""
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let isVersion = parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return isVersion ? name : "1.0.0"
    }
}
