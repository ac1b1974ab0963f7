import ArgumentParser
import TFRecord
import TFRecordPipeline

extension RecordCompression: ExpressibleByArgument {}

/// The options of `tfrec convert` that say where and how shards are written, shared by
/// every input kind. Maps one-to-one onto the library's ``ShardOutputOptions``.
struct ShardOutputArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: "The output directory (created if missing).")
    var output: String

    @Option(help: "Records per shard; the last shard holds the rest.")
    var recordsPerShard = 3000

    @Option(help: "Shard file names: {shard}, {count} and {shards}, zero-padded with e.g. {shard:02}.")
    var nameTemplate = ShardNameTemplate.reference

    @Flag(help: "Replace the shards and manifest of an earlier run in the output directory.")
    var overwrite = false

    @Flag(inversion: .prefixedNo, help: "Write manifest.json with record counts and SHA-256 digests of the shards.")
    var manifest = true

    @Option(help: "Compress each whole shard as TensorFlow's compression_type does: none, gzip or zlib.")
    var compression = RecordCompression.none

    @Option(help: "The zlib compression level, 0 (store) to 9 (smallest).")
    var compressionLevel = RecordCompression.defaultLevel

    @Flag(help: "Write <shard>.idx beside each shard: 'offset size' per record, as DALI and the tfrecord package read.")
    var index = false

    func validate() throws {
        if recordsPerShard < 1 { throw ValidationError("--records-per-shard must be at least 1.") }
        if !(0...9).contains(compressionLevel) { throw ValidationError("--compression-level must be between 0 and 9.") }
        if index && compression != .none {
            throw ValidationError(
                "--index cannot go with --compression \(compression): .idx offsets count bytes of uncompressed shards.")
        }
    }

    /// The library's options; `commandLine` is recorded in the manifest, and shards are
    /// compressed on `compressionThreads` threads (`nil`: one per core).
    func options(commandLine: [String] = CommandLine.arguments, compressionThreads: Int? = nil) -> ShardOutputOptions {
        var options = ShardOutputOptions(directory: output)
        options.recordsPerShard = recordsPerShard
        options.nameTemplate = nameTemplate
        options.overwrite = overwrite
        options.writeManifest = manifest
        options.commandLine = commandLine
        options.compression = compression
        options.compressionLevel = compressionLevel
        options.compressionThreads = compressionThreads
        options.writeIndex = index
        return options
    }
}
