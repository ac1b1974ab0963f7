import Testing

@testable import TFRecordTransform
import TFRecordTestSupport
import TFRecordPixels

/// Each C variant of the SIMD engine (not only the one AUTO picks on this CPU) against the
/// scalar reference.
@Suite("SIMD variants are bit-identical")
struct SIMDVariantTests {
    /// The variants this CPU runs; `availability` checks the list is not silently short.
    static let variants = PixelTransform.SIMDVariant.allCases.filter(\.isAvailable)

    @Test func availability() {
        #expect(Self.variants.contains(.portable))
        #expect(Self.variants.contains(.auto))
        #if arch(x86_64)
            // AVX2 is what AUTO picks where the CPU has it: report which one ran.
            print("SIMD variants run here: \(Self.variants), AUTO = \(PixelTransform.simdVariant)")
        #endif
    }

    /// The engine-equivalence cases (1 and 3 channels) plus 2 and 4 channels (generic paths).
    static let cases: [EngineEquivalenceTests.Case] =
        EngineEquivalenceTests.cases
        + [ImageShape(parsing: "9x7x2")!, ImageShape(parsing: "6x5x4")!].flatMap { shape in
            EngineEquivalenceTests.Kind.allCases.flatMap { kind in
                Layout.allCases.map { EngineEquivalenceTests.Case(shape: shape, kind: kind, layout: $0) }
            }
        }

    @Test(arguments: variants, cases)
    func matchesReference(_ variant: PixelTransform.SIMDVariant, _ c: EngineEquivalenceTests.Case) throws {
        let transform = try c.transform(seed: UInt64(c.shape.valueCount))
        var random = SplitMix64(seed: UInt64(c.shape.valueCount) &* 3)
        for rows in [1, 7, 256, 2000] {
            let input = random.bytes(rows * c.shape.valueCount)
            var expected = [Float](repeating: .nan, count: input.count)
            var actual = [Float](repeating: .nan, count: input.count)
            input.withUnsafeBufferPointer { input in
                expected.withUnsafeMutableBufferPointer {
                    transform.applyScalar(input.baseAddress!, rows: rows, into: $0.baseAddress!)
                }
                actual.withUnsafeMutableBufferPointer {
                    transform.applySIMD(input.baseAddress!, rows: rows, into: $0.baseAddress!, variant: variant)
                }
            }
            expectBitIdentical(actual, expected, "\(variant), \(rows) rows")
        }
    }
}
