import ArgumentParser
import TFRecordShards

/// `--name-template` of the commands that find shards in directories by their names.
struct ShardNamesOption: ParsableArguments {
    @Option(help: "How shard names look, to find them in directories.")
    var nameTemplate = ShardNameTemplate.reference
}
