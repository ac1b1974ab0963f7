import ArgumentParser
import TFRecord
import TFRecordPipeline

extension RecordDumper.Format: ExpressibleByArgument {}

struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Write records back out as CSV or JSON lines (the inverse of convert).",
        discussion: """
            The image feature is decoded by its encoding (from manifest.json, --encoding, or \
            inferred: 8·n bytes with n a square are int64 pixels), so CSV → convert → dump \
            gives back the same CSV.

            Example:
              tfrec dump tfrecord/ -o back.csv
            """
    )

    @Argument(help: "Record files, or directories of shards.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
    var output: String?

    @Option(help: "The output format: csv, jsonl or npy (images to the file, labels to <file>.labels.npy).")
    var format = RecordDumper.Format.csv

    @Option(help: "How bytes image features are stored: int64-bytes or uint8 (default: from the manifest or inferred).")
    var encoding: PixelEncoding?

    @OptionGroup var keys: RecordKeyOptions

    @OptionGroup var compression: RecordCompressionOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one file or directory.") }
        if format == .npy && output == nil { throw ValidationError("--format npy needs --output FILE.npy.") }
    }

    func run() throws {
        try reportingErrors {
            let file = try OutputFile(creating: output ?? "/dev/stdout")
            var dumper = RecordDumper(format: format, imageKey: keys.imageKey, labelKey: keys.labelKey, encoding: encoding,
                                      template: keys.nameTemplate)
            dumper.compression = compression.value
            let count = try dumper.dump(paths: paths, to: file)
            try file.close()
            if output != nil { printError("wrote \(count) records to \(output!)") }
        }
    }
}
