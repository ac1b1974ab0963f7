import Benchmark
import TFRecordTransform

/// Pixel transform (UInt8 HWC → Float32 x / 255, MNIST 28×28×1): scalar reference vs SIMD vs
/// OpenCL, at a small and a large batch. OpenCL runs on the first usable device (`--device
/// auto`, PoCL on a machine without a GPU) and is not registered where there is none. One
/// iteration transforms one batch, so throughput counts batches.
let benchmarks: @Sendable () -> Void = {
    let hasOpenCL = OpenCLDevices.discover().devices.contains(where: \.isUsable)
    for engine in [TransformEngine.scalar, .simd, .openCL] where engine != .openCL || hasOpenCL {
        for rows in [1024, 16384] {
            Benchmark(
                "Transform.\(engine).scale-hwc.\(rows)-images",
                configuration: .init(
                    metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2),
                    maxIterations: 200)
            ) { benchmark in
                let transform = try PixelTransform(shape: .mnist, normalization: .scale, layout: .hwc)
                let executor = try TransformExecutor(transform: transform, engine: engine)
                let input = (0..<rows * 784).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 9)) }
                var output = [Float](repeating: 0, count: rows * 784)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    try input.withUnsafeBufferPointer { input in
                        try output.withUnsafeMutableBufferPointer { try executor.apply(input, rows: rows, into: $0) }
                    }
                    blackHole(output)
                }
            }
        }
    }
}
