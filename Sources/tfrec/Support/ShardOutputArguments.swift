import ArgumentParser
import TFRecord
import TFRecordShards

extension RecordCompression: ExpressibleByArgument {}

/// The options of `tfrec convert` that say where and how shards are written, shared by
/// every input kind. Maps one-to-one onto the library's ``ShardOutputOptions``.
struct ShardOutputArguments: ParsableArguments {
    /// `--naming`: the families of shard file names.
    enum Naming: String, ExpressibleByArgument, CaseIterable {
        case reference, tfds
    }

    @Option(name: .shortAndLong, help: "The output directory (created if missing).")
    var output: String?

    @Option(help: "Records per shard; the last shard holds the rest. (default: 3000)")
    var recordsPerShard: Int?

    @Option(help: "A fixed number of shards of nearly equal record counts (needs a first pass to count CSV rows).")
    var shards: Int?

    @Option(help: "Shards of at most this many bytes of records, e.g. 256MiB, 1GB, 64K.")
    var shardSize: String?

    @Option(help: "Shard names: reference (file_00-3000.tfrec) or tfds (<name>-<split>.tfrecord-00000-of-00007, with the dataset_info.json and features.json that tfds.builder_from_directory reads).")
    var naming = Naming.reference

    @Option(help: "The dataset name in tfds names.")
    var name: String?

    @Option(help: "The split in tfds names.")
    var split = "train"

    @Option(help: "Shard file names: {shard}, {count} and {shards}, zero-padded with e.g. {shard:02}.")
    var nameTemplate: ShardNameTemplate?

    @Flag(help: "Replace the shards and manifest of an earlier run in the output directory.")
    var overwrite = false

    @Flag(help: "Keep the shards an interrupted run of the same command completed (checked by SHA-256) and write the rest.")
    var resume = false

    @Flag(inversion: .prefixedNo, help: "Write manifest.json with record counts and SHA-256 digests of the shards.")
    var manifest = true

    @Option(help: "Compress each whole shard as TensorFlow's compression_type does: none, gzip or zlib.")
    var compression = RecordCompression.none

    @Option(help: "The zlib compression level, 0 (store) to 9 (smallest).")
    var compressionLevel = RecordCompression.defaultLevel

    @Flag(help: "Write <shard>.idx beside each shard: 'offset size' per record, as DALI and the tfrecord package read.")
    var index = false

    func validate() throws {
        if [recordsPerShard != nil, shards != nil, shardSize != nil].filter({ $0 }).count > 1 {
            throw ValidationError("Give one of --records-per-shard, --shards and --shard-size.")
        }
        _ = try sharding()
        _ = try template()
        if !(0...9).contains(compressionLevel) { throw ValidationError("--compression-level must be between 0 and 9.") }
        if index && compression != .none {
            throw ValidationError(
                "--index cannot go with --compression \(compression): .idx offsets count bytes of uncompressed shards.")
        }
    }

    /// The library's options; `commandLine` is recorded in the manifest, and shards are
    /// compressed on `compressionThreads` threads (`nil`: one per core).
    func options(commandLine: [String] = CommandLine.arguments, compressionThreads: Int? = nil) throws -> ShardOutputOptions {
        var options = ShardOutputOptions(directory: output ?? "")
        options.sharding = try sharding()
        options.nameTemplate = try template()
        options.overwrite = overwrite
        options.resume = resume
        options.writeManifest = manifest
        options.commandLine = commandLine
        options.compression = compression
        options.compressionLevel = compressionLevel
        options.compressionThreads = compressionThreads
        options.writeIndex = index
        options.tfds = try tfdsDataset()
        return options
    }

    private func sharding() throws -> ShardingPolicy {
        let policy: ShardingPolicy
        if let shards {
            policy = .shardCount(shards)
        } else if let shardSize {
            do throws(TFRecordError) { policy = .targetBytes(try ByteSize.parse(shardSize)) } catch {
                throw ValidationError("--shard-size: \(error.cliMessage)")
            }
        } else {
            policy = .recordsPerShard(recordsPerShard ?? 3000)
        }
        do throws(TFRecordError) { try policy.validate() } catch { throw ValidationError("\(error.cliMessage).") }
        return policy
    }

    private func template() throws -> ShardNameTemplate {
        switch naming {
        case .reference:
            if name != nil { throw ValidationError("--name goes with --naming tfds.") }
            return nameTemplate ?? .reference
        case .tfds:
            guard nameTemplate == nil else { throw ValidationError("--naming tfds and --name-template exclude each other.") }
            guard let name else { throw ValidationError("--naming tfds needs --name, e.g. --name mnist.") }
            do throws(TFRecordError) { return try .tfds(name: name, split: split) } catch {
                throw ValidationError("\(error.cliMessage).")
            }
        }
    }

    /// The TFDS dataset whose metadata goes beside the shards (`--naming tfds`), or `nil`.
    private func tfdsDataset() throws -> TFDSDataset? {
        guard naming == .tfds, let name else { return nil }
        do throws(TFRecordError) { return try TFDSDataset(name: name, split: split) } catch {
            throw ValidationError("\(error.message).")
        }
    }
}
