import ArgumentParser
import TFRecord
import TFRecordShards
import TFRecordTools
import TFRecordPixels

extension RecordDumper.Format: ExpressibleByArgument {}

struct DumpCommand: ThreadedCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Write records back out as CSV or JSON lines (the inverse of convert).",
        discussion: """
            The image feature is decoded by its encoding (from manifest.json, --encoding, or \
            inferred: 8·n bytes with n a square are int64 pixels), so CSV → convert → dump \
            gives back the same CSV.

            Files of tf.train.SequenceExample records are written in the jsonl format only, \
            one {"context": {...}, "feature_lists": {"name": [[step values], ...]}} object per \
            record; csv and npy have no place for feature lists and exit 2.

            Example:
              tfrec dump tfrecord/ -o back.csv
            """
    )

    @OptionGroup var input: RecordPathsArgument

    @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
    var output: String?

    @Option(help: ArgumentHelp(
        "The output format: csv, jsonl or npy (images to the file, labels to <file>.labels.npy); "
            + "SequenceExample files: jsonl only."))
    var format = RecordDumper.Format.csv

    @Option(help: "How bytes image features are stored: int64-bytes or uint8 (default: from the manifest or inferred).")
    var encoding: PixelEncoding?

    @OptionGroup var keys: RecordKeyOptions

    @OptionGroup var names: ShardNamesOption

    @OptionGroup var compression: RecordCompressionOption

    static let threadsHelp = "Threads that decode and format records (default: the number of cores). The output is the same for any number."
    @OptionGroup var threads: ThreadsOption<Self>

    @OptionGroup var progress: ProgressOption

    func validate() throws {
        if format == .npy && output == nil { throw ValidationError("--format npy needs --output FILE.npy.") }
    }

    func run() throws {
        try reportingErrors {
            // A named output appears only when complete; standard output streams.
            let atomic = try output.map { (path) throws(TFRecordError) in try AtomicOutputFile(path: path) }
            let file = try atomic?.file ?? OutputFile(creating: "/dev/stdout")
            var dumper = RecordDumper(format: format, imageKey: keys.imageKey, labelKey: keys.labelKey, encoding: encoding,
                                      template: names.nameTemplate)
            dumper.compression = compression.value
            let count = try progress.showing(unit: "record") { reporter in
                try dumper.dump(paths: input.paths, to: file, finalPath: output, threads: threads.count,
                                progress: reporter)
            }
            if let atomic { try atomic.commit() } else { try file.close() }
            if output != nil { printError("wrote \(counted(count, "record")) to \(output!)") }
        }
    }
}
