import ArgumentParser

/// The record files of the commands that read them (`verify`, `inspect`, `dump`, `preview`,
/// `index`): files, or directories of shards that ``ShardNamesOption`` finds.
struct RecordPathsArgument: ParsableArguments {
    @Argument(help: "Record files, or directories of shards.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one file or directory.") }
    }
}
