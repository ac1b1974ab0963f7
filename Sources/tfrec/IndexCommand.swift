import ArgumentParser
import TFRecord
import TFRecordShards
import TFRecordTools

struct IndexCommand: ThreadedCommand {
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

    @OptionGroup var input: RecordPathsArgument

    @OptionGroup var names: ShardNamesOption

    static let threadsHelp = "Files indexed at a time (default: the number of cores). The output is the same for any number."
    @OptionGroup var threads: ThreadsOption<Self>

    @OptionGroup var progress: ProgressOption

    func run() throws {
        try reportingErrors {
            var firstFailure: TFRecordError?
            let files = try ShardFileList.resolve(input.paths, template: names.nameTemplate)
            let results = progress.showing(unit: "record") { reporter in
                RecordIndexBuilder().buildIndexes(forFiles: files, threads: threads.count, progress: reporter)
            }
            for (file, result) in zip(files, results) {
                switch result {
                case .success(let records):
                    print("\(RecordIndexLines.fileName(forRecordFile: file))\t\(counted(records, "record"))")
                case .failure(let error):
                    printError("error: \(error.cliDescription)")
                    firstFailure = firstFailure ?? error
                }
            }
            if let firstFailure { throw ExitCode(firstFailure.code.exitCode) }
        }
    }
}
