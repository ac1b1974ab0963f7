import Benchmark
import Foundation
import TFRecord
import TFRecordConversion
import TFRecordSources
import TFRecordSynth

/// Record encoding alone, and the whole conversion of a 20 000-row CSV (from the page
/// cache) with 1 and 2 threads.
let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "RecordEncoding.int64-bytes.1k-rows",
        configuration: .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    ) { benchmark in
        let encoder = try RowRecordEncoder(encoding: .int64Bytes, pixelCount: 784, imageKey: "image", labelKey: "label")
        let pixels = (0..<784).map { UInt8(truncatingIfNeeded: $0) }
        let buffer = RecordBuffer(capacity: 1000 * 6400)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.removeAll()
            try pixels.withUnsafeBufferPointer { p in
                for label in 0..<1000 { try encoder.appendRecord(pixels: p, label: Int64(label % 10), to: buffer) }
            }
            blackHole(buffer.count)
        }
    }

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tfrec-bench-\(getpid())").path
    let input = directory + "/data.csv"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try? SynthCSVWriter.write(rows: 20_000, seed: 1, to: input)
    for threads in [1, 2] {
        for engine in [CSVEngine.scalar, .simd] where engine.isAvailable {
            Benchmark(
                "Convert.20k-rows.\(engine).\(threads)-threads",
                configuration: .init(metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal], maxDuration: .seconds(5),
                                     maxIterations: 10)
            ) { benchmark in
                var options = CSVConversionOptions(input: input, outputDirectory: directory + "/out")
                options.threads = threads
                options.engine = engine
                options.output.overwrite = true
                for _ in benchmark.scaledIterations {
                    blackHole(try CSVConversion(options: options).run())
                }
            }
        }
    }
}
