import ArgumentParser
import TFRecord

/// `--compression auto|none|gzip|zlib` of the commands that read record files.
struct RecordCompressionOption: ParsableArguments {
    /// The values of `--compression` when reading.
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case auto, none, gzip, zlib
    }

    @Option(help: "How the files are compressed: auto (detect from the first bytes of each file), none, gzip or zlib.")
    var compression = Choice.auto

    /// The library's value: `nil` detects per file.
    var value: RecordCompression? { RecordCompression(rawValue: compression.rawValue) }
}
