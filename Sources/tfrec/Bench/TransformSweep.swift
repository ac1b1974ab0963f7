import TFRecordTransform
import TFRecordPixels

/// `tfrec bench --transform-batches`: the pixel transform (28×28×1, scale, HWC) on each engine
/// by batch size, with OpenCL's transfer and kernel times and the crossover batch size
/// (Kernels/README.md chose `--engine auto`'s rule from this table).
enum TransformSweep {
    /// Measures and renders the table.
    static func render(batchSizes: [Int], device: DeviceSelector) -> String {
        let shape = ImageShape.mnist
        guard let transform = try? PixelTransform(shape: shape, normalization: .scale, layout: .hwc) else { return "" }
        let report = TransformBenchmark.run(transform: transform, batchSizes: batchSizes, device: device)
        var text = "transform: \(shape) scale hwc; simd engine: \(report.simdVariant)\n"
        if let device = report.device {
            text += "OpenCL: \(device.index) \(device.name) (\(device.kind.rawValue), \(device.computeUnits) compute "
                + "units, \(device.platformName)), \(report.imagesPerLaunch ?? 0) images per launch, double-buffered\n"
        } else {
            text += "OpenCL: not measured (\(report.openCLProblem ?? "no device"))\n"
        }
        var rows = [["engine", "batch", "images/s", "GB/s", "ms/batch", "transfer ms", "kernel ms", "launches"]]
        for m in report.measurements {
            rows.append([
                m.engine.rawValue, String(m.rows), BenchNumber.fixed(m.imagesPerSecond, 0),
                BenchNumber.fixed(m.gigabytesPerSecond(elements: shape.valueCount), 2), BenchNumber.fixed(m.seconds * 1e3, 3),
                m.transferSeconds.map { BenchNumber.fixed($0 * 1e3, 3) } ?? "-",
                m.kernelSeconds.map { BenchNumber.fixed($0 * 1e3, 3) } ?? "-", m.launches.map(String.init) ?? "-",
            ])
        }
        text += table(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7])
        for failure in report.failures { text += "failed: \(failure)\n" }
        if report.device != nil {
            text += report.crossover.map { "crossover: OpenCL beats the fastest CPU engine from \($0) images per batch\n" }
                ?? "crossover: never on this device (OpenCL is slower than the fastest CPU engine at every batch size)\n"
        }
        text += "results bit-identical across engines: \(report.identical ? "yes" : "NO")\n"
        return text
    }
}
