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

    @OptionGroup var input: RecordPathsArgument

    @Option(help: "The feature whose values make the histogram.")
    var labelKey = "label"

    @OptionGroup var names: ShardNamesOption

    @OptionGroup var compression: RecordCompressionOption

    func run() throws {
        try reportingErrors {
            var inspector = DatasetInspector(labelKey: labelKey, template: names.nameTemplate)
            inspector.compression = compression.value
            let summary = try inspector.inspect(paths: input.paths)
            print(DatasetSummaryText.render(summary))
        }
    }
}
