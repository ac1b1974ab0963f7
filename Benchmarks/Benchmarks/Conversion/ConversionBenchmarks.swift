import Benchmark
import Foundation
import TFRecord
import TFRecordConversion
import TFRecordSources
import TFRecordSynth

/// Record encoding alone, one wide row (1 M values) parsed and encoded, and the whole
/// conversion of a 20 000-row CSV (from the page cache) with 1 and 2 threads.
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

    // One row of 1 M values (label 7, then the pixels of synthetic digits, as scripts/bench's wide
    // rows): parsed and encoded as one int64-bytes record (8 MB), into buffers made beforehand.
    // Mallocs per iteration should stay a small constant (about 20 at first: none per value), and
    // the time about 1 M times that of a value of a 784-value row.
    let wideValues = 1_000_000
    let wideRow: [UInt8] = {
        var synthesizer = DigitSynthesizer(seed: 1)
        var text = Array("7".utf8)
        var count = 0
        while count < wideValues {
            for value in synthesizer.next().pixels where count < wideValues {
                text += Array(",\(value)".utf8)
                count += 1
            }
        }
        text.append(UInt8(ascii: "\n"))
        return text
    }()
    for engine in [CSVEngine.scalar, .simd] where engine.isAvailable {
        Benchmark(
            "WideRow.1M-values.parse+encode.\(engine == .simd ? engine.resolvedName : "scalar")",
            configuration: .init(metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
                                 maxDuration: .seconds(3))
        ) { benchmark in
            let parser = CSVRowParser(spec: CSVRowSpec(columnCount: wideValues + 1, labelColumn: 0), engine: engine)
            let encoder = try RowRecordEncoder(encoding: .int64Bytes, pixelCount: wideValues, imageKey: "image", labelKey: "label")
            var pixels = [UInt8](repeating: 0, count: wideValues)
            var labels = [Int64](repeating: 0, count: 1)
            let buffer = RecordBuffer(capacity: wideValues * 8 + 1024)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                buffer.removeAll()
                let outcome = wideRow.withUnsafeBytes { input in
                    pixels.withUnsafeMutableBufferPointer { p in
                        labels.withUnsafeMutableBufferPointer { l in parser.parse(input, maxRows: 1, pixels: p, labels: l) }
                    }
                }
                precondition(outcome.rows == 1 && outcome.failure == nil)
                try pixels.withUnsafeBufferPointer { p in try encoder.appendRecord(pixels: p, label: labels[0], to: buffer) }
                blackHole(buffer.count)
            }
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
