extension TFDSMetadata {
    /// `dataset_info.json`: TFDS's `DatasetInfo` proto in protobuf's JSON mapping, holding
    /// what `tfds.folder_dataset.write_metadata` puts there for a folder of TFRecord shards.
    public struct DatasetInfo: Codable, Sendable, Equatable {
        /// One split: its shards and their record counts.
        public struct Split: Codable, Sendable, Equatable {
            /// The split name, e.g. `train`.
            public var name: String
            /// How TFDS finds the shards; TFDS's default, which the shard names follow.
            public var filepathTemplate = "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}"
            /// Bytes of serialized Examples in the split (an int64, so a string in JSON).
            public var numBytes: String
            /// Records per shard, in shard order (int64s, so strings in JSON).
            public var shardLengths: [String]

            public init(name: String, numBytes: String, shardLengths: [String]) {
                self.name = name
                self.numBytes = numBytes
                self.shardLengths = shardLengths
            }
        }

        /// `(input, target)` for `as_dataset(as_supervised=True)`: the image and the label.
        public struct SupervisedKeys: Codable, Sendable, Equatable {
            struct Tuple: Codable, Sendable, Equatable { var items: [Item] }
            struct Item: Codable, Sendable, Equatable { var featureKey: String }
            var tuple: Tuple

            /// Keys `input` and `target`.
            public init(input: String, target: String) {
                tuple = Tuple(items: [Item(featureKey: input), Item(featureKey: target)])
            }

            /// The feature keys, input first.
            public var keys: [String] { tuple.items.map(\.featureKey) }
        }

        /// The dataset name.
        public var name: String
        /// The dataset version, `X.Y.Z`.
        public var version: String
        /// How the shards are stored.
        public var fileFormat = "tfrecord"
        /// The splits (one per conversion).
        public var splits: [Split]
        /// The supervised keys, when the records are image and label.
        public var supervisedKeys: SupervisedKeys?

        public init(name: String, version: String, splits: [Split], supervisedKeys: SupervisedKeys?) {
            self.name = name
            self.version = version
            self.splits = splits
            self.supervisedKeys = supervisedKeys
        }
    }
}
