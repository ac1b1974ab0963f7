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

    /// Options with the defaults, writing into `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Checks the options against each other.
    ///
    /// - Throws: ``TFRecordError`` `.usage`.
    public func validate() throws(TFRecordError) {
        try sharding.validate()
    }
}
