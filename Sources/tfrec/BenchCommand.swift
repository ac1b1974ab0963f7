import ArgumentParser
import Foundation
import TFRecord
import TFRecordImages
import TFRecordTransform

/// `tfrec bench`: every stage of a conversion on every engine this machine has, and the
/// end-to-end seed job beside its I/O floor.
struct BenchCommand: ThreadedCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure each conversion stage on every engine of this machine, and the seed job.",
        discussion: """
            One table: CSV parse (scalar, SSE4.1, AVX2 or NEON, as the CPU has them), CRC32C \
            (tables and the CPU's CRC instructions), pixel transform (scalar, SIMD and every \
            OpenCL device of tfrec devices), JPEG encode (libjpeg-turbo), deflate (zlib, 1 and \
            --threads threads) and SHA-256 (OpenSSL), in GB/s of input or images/s, each the best \
            of several runs; then the seed job (20 000 rows of tfrec synth --seed 1 converted to \
            shards in a temporary directory under $TMPDIR, in process) beside its I/O floor \
            (reading the input, then writing and fsyncing as many bytes as the shards hold). \
            About 10-20 s on two cores.

            --transform-batches instead prints the pixel transform alone by batch size, with the \
            OpenCL transfer and kernel times and the batch size from which OpenCL beats the CPU.

            Examples:
              tfrec bench
              tfrec bench --json > bench.json
              tfrec bench --plot bench.png
              tfrec bench --transform-batches 256,4096,65536 --device 0:0
            """
    )

    @Flag(help: "Print the report as JSON instead of a table.")
    var json = false

    @Option(help: "Also draw the figures as a bar chart into this PNG file.")
    var plot: String?

    @Flag(help: "Tiny sizes, each measurement once: checks that every stage runs, in a second; the figures mean little.")
    var quick = false

    static let threadsHelp = "Threads of the seed job and of the multi-threaded deflate (default: the number of cores)."
    @OptionGroup var threads: ThreadsOption<Self>

    @Option(help: "Measure only the pixel transform, at these batch sizes (images per call, comma-separated).")
    var transformBatches: String?

    @Option(help: "With --transform-batches: the OpenCL device, auto, P:D or a part of its name (see tfrec devices).")
    var device = "auto"

    func validate() throws {
        if let transformBatches {
            if batchSizes(transformBatches) == nil {
                throw ValidationError("--transform-batches must be positive integers separated by commas.")
            }
            if json || plot != nil { throw ValidationError("--transform-batches prints a table; it takes no --json or --plot.") }
        } else if device != "auto" {
            throw ValidationError("--device goes with --transform-batches.")
        }
    }

    func run() throws {
        try reportingErrors {
            if let transformBatches {
                let selector: DeviceSelector
                do throws(TransformError) { selector = try DeviceSelector(device) } catch { throw TFRecordError(.usage, error.message) }
                print(TransformSweep.render(batchSizes: batchSizes(transformBatches) ?? [], device: selector), terminator: "")
                return
            }
            let showProgress = isatty(STDERR_FILENO) != 0 && !json
            let runner = BenchRunner(
                sizes: quick ? .quick : .standard, quick: quick, threads: threads.count,
                temporaryDirectory: ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? "/tmp",
                announce: { stage in if showProgress { writeStandardError("\r\u{1B}[Kmeasuring \(stage)…") } })
            let (report, failures) = try runner.run()
            if showProgress { writeStandardError("\r\u{1B}[K") }
            for failure in failures { printError("not measured: \(failure)") }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let data = try encoder.encode(report)
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(BenchTable.render(report), terminator: "")
            }
            if let plot {
                let image = BenchPlot.render(report)
                let png: [UInt8]
                do throws(ImageCodecError) { png = try PNGEncoder().encode(image) } catch {
                    throw TFRecordError(.io, "\(plot): \(error.message)")
                }
                let file = try OutputFile(creating: plot)
                try file.write(png)
                try file.close()
                if !json { print("chart: \(plot) (\(image.width)x\(image.height))") }
            }
        }
    }

    private func batchSizes(_ text: String) -> [Int]? {
        let sizes = text.split(separator: ",").map { Int($0.trimmingPrefix(" ")) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return sizes.compactMap { $0 }
    }
}
