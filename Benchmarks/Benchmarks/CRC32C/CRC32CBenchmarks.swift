import Benchmark
import TFRecord

/// CRC32C: table vs one hardware stream vs three folded streams, on a TFRecord length
/// header, a small record, a large record and a whole shard's worth of bytes.
let benchmarks: @Sendable () -> Void = {
    let sizes: [(String, Int)] = [("8B", 8), ("1KB", 1 << 10), ("64KB", 64 << 10), ("64MB", 64 << 20)]
    for variant in CRC32C.Variant.available {
        for (label, size) in sizes {
            let scale = size >= 1 << 20 ? 1 : (64 << 20) / size / 16
            Benchmark(
                "CRC32C.\(variant).\(label)",
                configuration: .init(
                    metrics: [.throughput, .wallClock, .mallocCountTotal],
                    scalingFactor: scale >= 1_000_000 ? .mega : scale >= 1000 ? .kilo : .one,
                    maxDuration: .seconds(2), maxIterations: 1000)
            ) { benchmark in
                let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
                let iterations = scale >= 1_000_000 ? 1_000_000 : scale >= 1000 ? 1000 : 1
                benchmark.startMeasurement()
                bytes.withUnsafeBytes { raw in
                    for _ in benchmark.scaledIterations {
                        for _ in 0..<iterations { blackHole(CRC32C.checksum(raw, variant: variant)) }
                    }
                }
            }
        }
    }
}
