import ArgumentParser
import TFRecordTransform

/// Hidden: throughput of the pixel transform engines (scalar, SIMD, OpenCL) by batch size, for
/// choosing `--engine auto`'s rule (Kernels/README.md) and for scripts/bench.
struct BenchTransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-transform",
        abstract: "Print the throughput of each pixel transform engine by batch size.",
        discussion: """
            One table: engine × batch size, with images/s, GB/s (input bytes, one per pixel value), \
            and for OpenCL the transfer and kernel time per batch (from profiling events and host \
            copies); then the batch size from which OpenCL beats the fastest CPU engine.

            Example:
              tfrec bench-transform --shape 28x28x1 --normalization scale --layout hwc
            """,
        shouldDisplay: false
    )

    @Option(
        help: "The image shape HxWxC.",
        transform: { text in
            do { return try ImageShape(text) } catch { throw ValidationError("\(error)") }
        })
    var shape = ImageShape.mnist

    @Option(help: "none, scale (x / 255) or standardize (MNIST's mean 33.32 and std 78.57 for every channel).")
    var normalization = "scale"

    @Option(help: "hwc (keep) or chw (channel first).")
    var layout = "hwc"

    @Option(
        help: "The OpenCL device: auto, P:D or a part of its name (see tfrec devices).",
        transform: { text in
            do { return try DeviceSelector(text) } catch { throw ValidationError("\(error)") }
        })
    var device = DeviceSelector.auto

    @Option(help: "Batch sizes (images per call), comma-separated.")
    var batches = TransformBenchmark.defaultBatchSizes.map(String.init).joined(separator: ",")

    @Option(help: "Minimum time per engine and batch size, milliseconds; the best call counts.")
    var milliseconds = 300

    @Option(help: "OpenCL images per kernel launch (default: about 4 MiB of input).")
    var imagesPerLaunch: Int?

    func validate() throws {
        if !["none", "scale", "standardize"].contains(normalization) {
            throw ValidationError("--normalization must be none, scale or standardize.")
        }
        if Layout(rawValue: layout) == nil { throw ValidationError("--layout must be hwc or chw.") }
        if batchSizes == nil { throw ValidationError("--batches must be positive integers separated by commas.") }
        if milliseconds < 1 { throw ValidationError("--milliseconds must be at least 1.") }
        if let imagesPerLaunch, imagesPerLaunch < 1 { throw ValidationError("--images-per-launch must be at least 1.") }
    }

    private var batchSizes: [Int]? {
        let sizes = batches.split(separator: ",").map { Int($0.trimmingPrefix(" ")) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return sizes.compactMap { $0 }
    }

    func run() throws {
        let chosen: Normalization =
            switch normalization {
            case "none": .none
            case "scale": .scale
            default:
                .standardize(
                    mean: Array(repeating: 33.318421, count: shape.channels),
                    std: Array(repeating: 78.567446, count: shape.channels))
            }
        let transform: PixelTransform
        do {
            transform = try PixelTransform(
                shape: shape, normalization: chosen, layout: Layout(rawValue: layout) ?? .hwc)
        } catch {
            throw ValidationError("\(error)")
        }
        let report = TransformBenchmark.run(
            transform: transform, batchSizes: batchSizes ?? TransformBenchmark.defaultBatchSizes, device: device,
            minimumTime: .milliseconds(milliseconds), imagesPerLaunch: imagesPerLaunch)

        print("transform: \(shape) \(normalization) \(layout); simd engine: \(report.simdVariant)")
        if let device = report.device {
            print(
                "OpenCL: \(device.index) \(device.name) (\(device.kind.rawValue), \(device.computeUnits) compute "
                    + "units, \(device.platformName)), \(report.imagesPerLaunch ?? 0) images per launch, "
                    + "double-buffered")
        } else {
            print("OpenCL: not measured (\(report.openCLProblem ?? "no device"))")
        }
        var rows = [["engine", "batch", "images/s", "GB/s", "ms/batch", "transfer ms", "kernel ms", "launches"]]
        for m in report.measurements {
            rows.append([
                m.engine.rawValue, String(m.rows), fixed(m.imagesPerSecond, 0),
                fixed(m.gigabytesPerSecond(elements: shape.elements), 2), fixed(m.seconds * 1e3, 3),
                m.transferSeconds.map { fixed($0 * 1e3, 3) } ?? "-", m.kernelSeconds.map { fixed($0 * 1e3, 3) } ?? "-",
                m.launches.map(String.init) ?? "-",
            ])
        }
        print(table(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7]), terminator: "")
        for failure in report.failures { print("failed: \(failure)") }
        if report.device != nil {
            if let crossover = report.crossover {
                print("crossover: OpenCL beats the fastest CPU engine from \(crossover) images per batch")
            } else {
                print(
                    "crossover: never on this device (OpenCL is slower than the fastest CPU engine at every batch size)"
                )
            }
        }
        print("results bit-identical across engines: \(report.identical ? "yes" : "NO")")
    }

    private func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if decimals == 0 { return String(Int(rounded)) }
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let have = text.distance(from: dot, to: text.endIndex) - 1
            if have < decimals { text += String(repeating: "0", count: decimals - have) }
        }
        return text
    }
}
