import ArgumentParser
import TFRecord
import TFRecordShards
import TFRecordTools

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the kind, schema, record counts and label histogram of record files.",
        discussion: """
            Each file is reported as holding tf.train.Example or tf.train.SequenceExample \
            records: a file is a SequenceExample file if any of its records has feature lists \
            (field 2); a SequenceExample with context only is byte for byte an Example. For \
            SequenceExamples the context is shown as the feature table, then each feature \
            list with its kind, steps per record and values per step.

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
