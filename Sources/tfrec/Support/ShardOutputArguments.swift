import ArgumentParser
import TFRecordPipeline

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

    func validate() throws {
        if recordsPerShard < 1 { throw ValidationError("--records-per-shard must be at least 1.") }
    }

    /// The library's options; `commandLine` is recorded in the manifest.
    func options(commandLine: [String] = CommandLine.arguments) -> ShardOutputOptions {
        var options = ShardOutputOptions(directory: output)
        options.recordsPerShard = recordsPerShard
        options.nameTemplate = nameTemplate
        options.overwrite = overwrite
        options.writeManifest = manifest
        options.commandLine = commandLine
        return options
    }
}
