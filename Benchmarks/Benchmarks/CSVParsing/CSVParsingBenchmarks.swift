import Benchmark
import TFRecordSources
import TFRecordSynth

/// CSV row parsing with validation, scalar reference vs SIMD, on the same in-memory
/// buffer of 10 000 synthetic MNIST rows (label + 784 pixels).
let benchmarks: @Sendable () -> Void = {
    var synthesizer = DigitSynthesizer(seed: 1)
    var text: [UInt8] = []
    for _ in 0..<10_000 {
        let (label, pixels) = synthesizer.next()
        text += Array(String(label).utf8)
        for value in pixels { text += Array(",\(value)".utf8) }
        text.append(UInt8(ascii: "\n"))
    }
    let csv = text
    let spec = CSVRowSpec(columnCount: 785, labelColumn: 0)
    for engine in CSVEngine.allCases where engine != .auto && engine.isAvailable {
        Benchmark(
            "CSVParse.\(engine == .simd ? engine.resolvedName : "scalar").10k-rows",
            configuration: .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(3))
        ) { benchmark in
            let parser = CSVRowParser(spec: spec, engine: engine)
            var pixels = [UInt8](repeating: 0, count: 256 * 784)
            var labels = [Int64](repeating: 0, count: 256)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                csv.withUnsafeBytes { input in
                    var offset = 0
                    while offset < input.count {
                        let outcome = pixels.withUnsafeMutableBufferPointer { p in
                            labels.withUnsafeMutableBufferPointer { l in
                                parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]), maxRows: 256, pixels: p, labels: l)
                            }
                        }
                        precondition(outcome.failure == nil)
                        offset += outcome.consumed
                    }
                }
                blackHole(pixels)
            }
        }
    }
}
