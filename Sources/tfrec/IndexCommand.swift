import ArgumentParser
import TFRecord
import TFRecordShards
import TFRecordTools

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Write <file>.idx beside existing record files, as DALI and the tfrecord package read them.",
        discussion: """
            Each .idx line is 'offset size' of one record (size counts the 16 framing bytes), \
            as tfrecord2idx writes it. Every record's CRCs are checked on the way; a file \
            with a corrupt record gets no index and the command exits 1 naming the record \
            and its byte offset, after indexing the other files. Memory stays bounded \
            whatever the file size. Compressed files cannot be indexed (exit 2): .idx \
            offsets count bytes of uncompressed files.

            `tfrec convert --index` writes the same files while converting.

            Example:
              tfrec index tfrecord/
            """
    )

    @Argument(help: "Record files, or directories of shards.")
    var paths: [String]

    @Option(help: "How shard names look, to find them in directories.")
    var nameTemplate = ShardNameTemplate.reference

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one file or directory.") }
    }

    func run() throws {
        try reportingErrors {
            var firstFailure: TFRecordError?
            for file in try ShardFileList.resolve(paths, template: nameTemplate) {
                do throws(TFRecordError) {
                    let records = try RecordIndexBuilder().buildIndex(forFile: file)
                    print("\(RecordIndexLines.fileName(forRecordFile: file))\t\(records) records")
                } catch {
                    printError("error: \(error.cliDescription)")
                    firstFailure = firstFailure ?? error
                }
            }
            if let firstFailure { throw ExitCode(firstFailure.code.exitCode) }
        }
    }
}
