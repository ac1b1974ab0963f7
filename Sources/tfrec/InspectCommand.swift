import ArgumentParser
import TFRecord
import TFRecordPipeline

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the schema, record counts and label histogram of record files.",
        discussion: """
            Example:
              tfrec inspect tfrecord/
            """
    )

    @Argument(help: "Record files, or directories of shards.")
    var paths: [String]

    @Option(help: "The feature whose values make the histogram.")
    var labelKey = "label"

    @Option(help: "How shard names look, to find them in directories.")
    var nameTemplate = ShardNameTemplate.reference

    @OptionGroup var compression: RecordCompressionOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one file or directory.") }
    }

    func run() throws {
        try reportingErrors {
            var inspector = DatasetInspector(labelKey: labelKey, template: nameTemplate)
            inspector.compression = compression.value
            let summary = try inspector.inspect(paths: paths)
            print(DatasetSummaryText.render(summary))
        }
    }
}
