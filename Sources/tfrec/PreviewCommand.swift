import ArgumentParser
import Foundation
import TFRecord
import TFRecordImages
import TFRecordTools

#if canImport(Glibc)
import Glibc
import TFRecordPixels
#endif


/// `--grid COLSxROWS`.
struct GridArgument: ExpressibleByArgument, Equatable {
    var columns: Int
    var rows: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let columns = Int(parts[0]), let rows = Int(parts[1]), columns >= 1, rows >= 1,
              !columns.multipliedReportingOverflow(by: rows).overflow
        else { return nil }
        self.columns = columns
        self.rows = rows
    }
}

/// `--color auto|24bit|256|none`.
enum ColorArgument: String, ExpressibleByArgument, CaseIterable {
    case auto
    case trueColor = "24bit"
    case palette256 = "256"
    case none
}

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the first images of record files: a contact-sheet PNG, or text in the terminal.",
        discussion: """
            Decodes the image feature of the first records whatever its encoding: int64, uint8 or \
            float32 bytes, JPEG, PNG, Int64List or FloatList. The encoding and shape come from \
            --encoding and --shape, else from manifest.json beside the shards, else from the \
            first record; a one-line note on stderr says which were used (reading int64 pixels \
            as float64 gives garbage). Floats in [0, 1] are scaled by 255.

            Each image is drawn with its label under it. --terminal prints half-block \
            characters with 24-bit or 256 colours (shading characters when stdout is not a \
            terminal or NO_COLOR is set).

            Examples:
              tfrec preview tfrecord/ -o sheet.png --grid 10x4 --scale 3
              tfrec preview tfrecord/file_00-3000.tfrec --terminal --count 8
            """
    )

    @OptionGroup var input: RecordPathsArgument

    @Option(name: .shortAndLong, help: "The PNG file to write.")
    var output = "preview.png"

    @Option(help: "How many images to show (default: 64, or the cells of --grid).")
    var count: Int?

    @Option(help: "Columns and rows of the sheet, COLSxROWS (default: square-ish; in the terminal, as many columns as fit).")
    var grid: GridArgument?

    @Option(help: "Enlarge each image this many times, nearest neighbour (default: 2; 1 with --terminal).")
    var scale: Int?

    @Flag(help: "Print the images to standard output as text instead of writing a PNG.")
    var terminal = false

    @Option(help: "Terminal colours: auto, 24bit, 256 or none.")
    var color = ColorArgument.auto

    @Option(help: "How the image feature is stored: int64-bytes, uint8, float32, jpeg, png, int64-list or float-list (default: from the manifest or inferred).")
    var encoding: PixelEncoding?

    @Option(help: "The image shape HxWxC of raw pixel values (default: from the manifest, or a square gray image).")
    var shape: ImageShape?

    @OptionGroup var keys: RecordKeyOptions

    @OptionGroup var names: ShardNamesOption

    @OptionGroup var compression: RecordCompressionOption

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1.") }
        if let scale, !(1...64).contains(scale) { throw ValidationError("--scale must be in 1...64.") }
        if let grid, grid.columns * grid.rows > 1_000_000 { throw ValidationError("--grid has too many cells.") }
    }

    func run() throws {
        try reportingErrors {
            let wanted = count ?? grid.map { $0.columns * $0.rows } ?? 64
            var sampler = RecordImageSampler()
            sampler.imageKey = keys.imageKey
            sampler.labelKey = keys.labelKey
            sampler.encoding = encoding
            sampler.shape = shape
            sampler.template = names.nameTemplate
            sampler.compression = compression.value
            let sample = try sampler.sample(paths: input.paths, count: grid.map { min(wanted, $0.columns * $0.rows) } ?? wanted)
            printError("preview: " + sample.note(imageKey: keys.imageKey, wording: Setting.asFlag))
            guard let first = sample.images.first else {
                throw TFRecordError(.badInput, "no records to preview", at: SourceLocation(path: input.paths[0]))
            }
            if terminal {
                let scale = scale ?? 1
                let columns = grid?.columns ?? TerminalImageRenderer.columnsThatFit(
                    imageWidth: first.image.width, scale: scale, terminalWidth: Self.terminalWidth)
                let renderer = TerminalImageRenderer(colorMode: colorMode, columns: columns, scale: scale)
                let text = renderer.render(sample.images)
                let out = try OutputFile(creating: "/dev/stdout")
                try out.write(Array(text.utf8))
                try out.close()
                return
            }
            let layout = grid.map { ($0.columns, $0.rows) } ?? ContactSheet.defaultGrid(count: sample.images.count)
            let sheet = try codec { () throws(ImageCodecError) in
                try ContactSheet(columns: layout.0, rows: layout.1, scale: scale ?? 2)
            }
            let image = sheet.render(sample.images)
            let png = try codec { () throws(ImageCodecError) in try PNGEncoder().encode(image) }
            let file = try OutputFile(creating: output)
            try file.write(png)
            try file.close()
            printError(
                "wrote \(output): \(counted(sample.images.count, "image")) on a \(layout.0)x\(layout.1) grid, "
                    + "\(image.width)x\(image.height) pixels")
        }
    }

    /// The colour mode: as asked, or from whether stdout is a terminal, `NO_COLOR` and `COLORTERM`.
    private var colorMode: TerminalImageRenderer.ColorMode {
        switch color {
        case .trueColor: return .trueColor
        case .palette256: return .palette256
        case .none: return .plain
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            guard isatty(STDOUT_FILENO) != 0, (environment["NO_COLOR"] ?? "").isEmpty else { return .plain }
            let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
            return colorTerm.contains("truecolor") || colorTerm.contains("24bit") ? .trueColor : .palette256
        }
    }

    /// The terminal's width in characters: `TIOCGWINSZ`, else `$COLUMNS`, else 80.
    private static var terminalWidth: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    private func codec<T>(_ body: () throws(ImageCodecError) -> T) throws(TFRecordError) -> T {
        do { return try body() } catch { throw error.tfRecordError(at: SourceLocation()) }
    }
}
