import ArgumentParser
import TFRecord
import TFRecordImages
import TFRecordConversion
import TFRecordSources
import TFRecordPixels

extension ImageFormat: ExpressibleByArgument {}
extension ImageNaming: ExpressibleByArgument {}
extension JPEGEncoder.ChromaSubsampling: ExpressibleByArgument {}
extension PNGEncoder.Compression: ExpressibleByArgument {}

extension ImageShape: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

struct ImagesCommand: ThreadedCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Write one JPEG or PNG file per row of a numeric CSV (label, then pixel values 0-255).",
        discussion: """
            Files are named as the reference workflow names them, <12 random digits>_<label>.jpeg \
            (--seed makes the names reproducible), or 000001_<label>.jpeg with --naming index. \
            No existing file is ever overwritten: a random name that exists is drawn again. A \
            failed or interrupted run removes the images it wrote.

            The image shape is --shape HxWxC, or for rows of s² pixels a gray s×s image \
            (784 → 28x28x1). RGB rows (H·W·3 values, RGB interleaved) need --shape.

            Example:
              tfrec images mnist_train_small.csv -o images/ --seed 1
              → images/732629649842_5.jpeg … (for a first row labelled 5)
            """
    )

    @Argument(help: "The CSV file.")
    var input: String

    @Option(name: .shortAndLong, help: "The output directory (created if missing).")
    var output: String

    @Option(help: "The image file format: jpeg or png.")
    var format = ImageFormat.jpeg

    @Option(help: "JPEG quality, 1-100.")
    var quality = 95

    @Option(help: "JPEG chroma subsampling of RGB images: 4:2:0 (as TensorFlow and Pillow), 4:2:2 or 4:4:4.")
    var subsampling = JPEGEncoder.ChromaSubsampling.s420

    @Option(help: "PNG compression: fast (no filters, zlib level 3; smaller for digits) or standard (as tf.io.encode_png).")
    var pngCompression = PNGEncoder.Compression.fast

    @Option(help: "The image shape HxWxC, e.g. 28x28x1 (default: a square gray image).")
    var shape: ImageShape?

    @Option(help: "File names: random (<12 digits>_<label>, as the reference) or index (000001_<label>).")
    var naming = ImageNaming.random

    @Option(help: "Seed of the random names (default: different names every run).")
    var seed: UInt64?

    @Option(help: "The 0-based field index of the label, or 'none' for rows without a label.")
    var labelColumn = LabelColumnArgument.index(0)

    @Option(help: "Whether the first line is a header: auto (a first field that is not a number), yes or no.")
    var header = CSVHeaderMode.auto

    static let threadsHelp = "Parse and encode threads (default: the number of cores). The files are the same for any number."
    @OptionGroup var threads: ThreadsOption<Self>

    @OptionGroup var progress: ProgressOption

    @Option(help: .hidden)
    var chunkSize = 1 << 20

    func validate() throws {
        if !(1...100).contains(quality) { throw ValidationError("--quality must be in 1...100.") }
        if chunkSize < 1 { throw ValidationError("--chunk-size must be at least 1.") }
    }

    func run() throws {
        try reportingErrors {
            let kind = InputKind.detect(input)
            if !kind.isCSV { throw TFRecordError(.usage, InputKindWording.notReadable(input, kind, expected: "a CSV")) }
            var options = CSVImageExportOptions(input: input, outputDirectory: output)
            options.format = format
            options.quality = quality
            options.subsampling = subsampling
            options.pngCompression = pngCompression
            options.shape = shape
            options.naming = naming
            options.seed = seed
            options.labelColumn = labelColumn.column
            options.header = header
            options.threads = threads.count
            options.chunkSize = chunkSize

            let cancellation = CancellationFlag()
            let signals = ConvertCommand.cancelOnSignals(cancellation)
            defer { signals.forEach { $0.cancel() } }
            let summary = try progress.showing(unit: "image") { reporter in
                try CSVImageExporter(options: options).run(cancellation: cancellation, progress: reporter)
            }
            printError(summary.line)
        }
    }
}
