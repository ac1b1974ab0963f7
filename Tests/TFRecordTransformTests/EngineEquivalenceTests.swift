import TFRecordTransform
import Testing
import TFRecordTestSupport
import TFRecordPixels

/// Every engine gives the same Float32 bits as the scalar reference.
@Suite("Engines are bit-identical")
struct EngineEquivalenceTests {
    enum Kind: String, CaseIterable, Sendable {
        case none, scale, standardize
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let shape: ImageShape
        let kind: Kind
        let layout: Layout
        var testDescription: String { "\(shape) \(kind) \(layout)" }

        /// The transform; standardize gets random means (0...255) and stds (0.5...128, either sign).
        func transform(seed: UInt64) throws -> PixelTransform {
            var random = SplitMix64(seed: seed)
            let normalization: Normalization =
                switch kind {
                case .none: .none
                case .scale: .scale
                case .standardize:
                    .standardize(
                        mean: (0..<shape.channels).map { _ in Float.random(in: 0...255, using: &random) },
                        std: (0..<shape.channels).map { _ in
                            Float.random(in: 0.5...128, using: &random) * (Bool.random(using: &random) ? 1 : -1)
                        })
                }
            return try PixelTransform(shape: shape, normalization: normalization, layout: layout)
        }
    }

    /// 1 and 3 channels, each in a shape whose size is a multiple of the SIMD width and one that
    /// leaves tails; both layouts; the three normalizations.
    static let cases: [Case] = {
        let shapes = [
            ImageShape.mnist, ImageShape(parsing: "5x5x1")!, ImageShape(parsing: "16x16x3")!, ImageShape(parsing: "13x11x3")!,
        ]
        return shapes.flatMap { shape in
            Kind.allCases.flatMap { kind in Layout.allCases.map { Case(shape: shape, kind: kind, layout: $0) } }
        }
    }()

    /// Batch sizes: 10 000 is kept in full (each case takes well under a second in a debug build).
    static let rowCounts = [1, 7, 256, 10_000]

    @Test(arguments: cases)
    func randomBatches(_ c: Case) throws {
        let transform = try c.transform(seed: UInt64(c.shape.valueCount * 31 + c.kind.hashValue & 0xff))
        let scalar = try TransformExecutor(transform: transform, engine: .scalar)
        let simd = try TransformExecutor(transform: transform, engine: .simd)
        var openCL: [TransformExecutor] = []
        if openCLAvailable() {
            // The default launch size, and 3 images per launch so that both buffer slots are
            // reused many times (double buffering, partial last launch).
            openCL.append(try TransformExecutor(transform: transform, engine: .openCL))
            openCL.append(try TransformExecutor(transform: transform, engine: .openCL, imagesPerLaunch: 3))
            #expect(openCL.allSatisfy { $0.resolvedEngine == .openCL })
        }
        var random = SplitMix64(seed: UInt64(c.shape.valueCount))
        for rows in Self.rowCounts {
            let input = random.bytes(rows * c.shape.valueCount)
            let expected = try run(scalar, input, rows: rows)
            expectBitIdentical(try run(simd, input, rows: rows), expected, "simd, \(rows) rows")
            for executor in openCL where rows <= 256 || executor.imagesPerLaunch != 3 {
                expectBitIdentical(
                    try run(executor, input, rows: rows), expected,
                    "opencl (\(executor.imagesPerLaunch ?? 0) images per launch), \(rows) rows")
            }
        }
    }

    /// 2 and 4 channels take the generic paths of the SIMD engine.
    @Test(arguments: [ImageShape(parsing: "9x7x2")!, ImageShape(parsing: "6x5x4")!], Layout.allCases)
    func otherChannelCounts(_ shape: ImageShape, _ layout: Layout) throws {
        let transform = try PixelTransform(
            shape: shape,
            normalization: .standardize(
                mean: (0..<shape.channels).map { Float($0) * 40.25 + 3 },
                std: (0..<shape.channels).map { Float($0) + 1.7 }),
            layout: layout)
        var engines = [try TransformExecutor(transform: transform, engine: .simd)]
        if openCLAvailable() {
            engines.append(try TransformExecutor(transform: transform, engine: .openCL, imagesPerLaunch: 5))
        }
        let scalar = try TransformExecutor(transform: transform, engine: .scalar)
        var random = SplitMix64(seed: 7)
        for rows in [1, 7, 256] {
            let input = random.bytes(rows * shape.valueCount)
            let expected = try run(scalar, input, rows: rows)
            for engine in engines {
                expectBitIdentical(
                    try run(engine, input, rows: rows), expected, "\(engine.resolvedEngine), \(rows) rows")
            }
        }
    }

    /// Extreme pixel values and parameters: 0, 255, 1, 254, 128 and every value 0...255, with
    /// means and stds that give ±0, large values, and subnormal results.
    @Test(arguments: [ImageShape.mnist, ImageShape(parsing: "13x11x3")!], Layout.allCases)
    func adversarialValues(_ shape: ImageShape, _ layout: Layout) throws {
        let c = shape.channels
        func standardize(_ mean: Float, _ std: Float) -> Normalization {
            .standardize(mean: Array(repeating: mean, count: c), std: Array(repeating: std, count: c))
        }
        let normalizations: [Normalization] = [
            .none, .scale,
            standardize(0, 1), standardize(255, 255), standardize(127.5, 1e-3),
            standardize(127.5, 1e38),  // subnormal results
            standardize(128, -3),  // -0 and +0
            standardize(33.318421, 78.567446),  // MNIST
        ]
        let pattern: [UInt8] = [0, 255, 1, 254, 128]
        let rows = 300
        let cycling = (0..<rows * shape.valueCount).map { pattern[$0 % pattern.count] }
        let every = (0..<rows * shape.valueCount).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let useOpenCL = openCLAvailable()
        for normalization in normalizations {
            let transform = try PixelTransform(shape: shape, normalization: normalization, layout: layout)
            let scalar = try TransformExecutor(transform: transform, engine: .scalar)
            var engines = [try TransformExecutor(transform: transform, engine: .simd)]
            if useOpenCL {
                engines.append(try TransformExecutor(transform: transform, engine: .openCL, imagesPerLaunch: 128))
            }
            for input in [cycling, every] {
                let expected = try run(scalar, input, rows: rows)
                for engine in engines {
                    expectBitIdentical(
                        try run(engine, input, rows: rows), expected, "\(engine.resolvedEngine), \(normalization)")
                }
            }
        }
    }
}
