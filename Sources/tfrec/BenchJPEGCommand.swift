import ArgumentParser
import TFRecord

/// Hidden: JPEG encode time per 28×28 image through tfrec's encoder, for scripts/bench.
struct BenchJPEGCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-jpeg",
        abstract: "Print tfrec's JPEG encode time per 28x28 synthetic image (microseconds, best of 5).",
        shouldDisplay: false
    )

    @Option(help: "Images to encode.")
    var count = 20_000

    @Option(help: "Also write the raw pixels here (count × 784 bytes), for a baseline loop over the same data.")
    var pixels: String?

    func run() throws {
        try reportingErrors {
            let data = JPEGEncodingBenchmark.pixels(count: count)
            if let pixels {
                let file = try OutputFile(creating: pixels)
                try file.write(data)
                try file.close()
            }
            print(ProgressLine.decimal(try JPEGEncodingBenchmark.microsecondsPerImage(pixels: data), 3))
        }
    }
}
