import TFRecord

/// Where and how a conversion writes its shards — the options every input kind (CSV,
/// image folder, arrays) shares. The defaults reproduce the reference workflow: 3000
/// records per shard named `file_%.2i-%i.tfrec`, plus `manifest.json`.
public struct ShardOutputOptions: Sendable {
    /// The directory for shards and manifest (created if missing).
    public var directory: String
    /// How records are split into shards.
    public var sharding = ShardingPolicy.recordsPerShard(3000)
    /// Shard file names.
    public var nameTemplate = ShardNameTemplate.reference
    /// Replace the shards and manifest of an earlier run in the directory.
    public var overwrite = false
    /// Write `manifest.json` with SHA-256 digests of the shards.
    public var writeManifest = true
    /// The command line, recorded in the manifest.
    public var commandLine: [String] = []
    /// Keep the shards that an interrupted run with the same input and options completed
    /// (checked against their recorded SHA-256 or record CRCs) and write only the rest.
    /// Without it, a run discards what an interrupted run left.
    public var resume = false
    /// Whole-file compression of each shard, as TensorFlow's `compression_type` (GZIP, ZLIB).
    public var compression = RecordCompression.none
    /// The zlib level 0...9 of compressed shards.
    public var compressionLevel = RecordCompression.defaultLevel
    /// Threads that compress shards (`nil`: one per core); the bytes do not depend on it.
    public var compressionThreads: Int?
    /// Write `<shard>.idx` beside each shard: one `offset size` line per record, the index
    /// that DALI and the PyTorch `tfrecord` package read. Only for uncompressed shards.
    public var writeIndex = false
    /// Write the metadata that lets `tfds.builder_from_directory` load the shards
    /// (``TFDSMetadata``) as this TFDS dataset and split. Only for uncompressed shards: TFDS
    /// reads no others. Name the shards with ``TFDSDataset/nameTemplate``.
    public var tfds: TFDSDataset?

    /// Options with the defaults, writing into `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Checks the options against each other.
    ///
    /// - Throws: ``TFRecordError`` `.usage`.
    public func validate() throws(TFRecordError) {
        try sharding.validate()
        if !(0...9).contains(compressionLevel) { throw TFRecordError(.usage, "\(setting: .compressionLevel) must be 0...9") }
        if let threads = compressionThreads, threads < 1 {
            throw TFRecordError(.usage, "compression needs at least one thread")
        }
        // DALI reads no compressed shards and tfrecord2idx indexes only plain files: an .idx
        // beside a compressed shard would hold offsets that no tool agrees on.
        if let tfds, nameTemplate != tfds.nameTemplate {
            throw TFRecordError(.usage, "TFDS metadata needs the shard names TFDS reads, \(tfds.nameTemplate), "
                                    + "not \(nameTemplate)")
        }
        if writeIndex && compression != .none {
            throw TFRecordError(.usage, "\(setting: .writeIndex) cannot go with \(setting: .compression, compression): .idx offsets "
                                    + "count bytes of uncompressed shards (DALI and tfrecord2idx read only those)")
        }
    }
}
