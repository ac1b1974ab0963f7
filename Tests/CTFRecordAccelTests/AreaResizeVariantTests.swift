import CTFRecordAccel
import Testing
import TFRecordTestSupport

/// The area-resize variants against WIDE, the 64-bit reference (which
/// Tests/TFRecordImagesTests/AreaResizeTests checks against exact arithmetic): every variant
/// must give the same bytes, on random images and on those that make the sums largest (all
/// 255) or round exact halves, up to the largest source that NARROW takes.
@Suite("Area resize: NARROW variants against WIDE")
struct AreaResizeVariantTests {
    enum Variant: CaseIterable, Sendable, CustomStringConvertible {
        case narrow, narrowAVX2, auto

        var c: CTFRecordAccel_ResizeVariant {
            switch self {
            case .narrow: CTFRecordAccel_RESIZE_NARROW
            case .narrowAVX2: CTFRecordAccel_RESIZE_NARROW_AVX2
            case .auto: CTFRecordAccel_RESIZE_AUTO
            }
        }

        var description: String {
            switch self {
            case .narrow: "NARROW"
            case .narrowAVX2: "NARROW_AVX2"
            case .auto: "AUTO"
            }
        }
    }

    /// `pixels` (width × height × channels) shrunk by `variant`, or nil if it failed.
    static func resize(_ variant: CTFRecordAccel_ResizeVariant, _ pixels: [UInt8], _ width: Int, _ height: Int,
                       _ channels: Int, to outWidth: Int, _ outHeight: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * channels)
        let status = pixels.withUnsafeBytes { source in
            out.withUnsafeMutableBytes { target in
                CTFRecordAccel_resize_area_u8_variant(variant, source.baseAddress, width, height, channels,
                                                      target.baseAddress, outWidth, outHeight)
            }
        }
        return status == 0 ? out : nil
    }

    static func expectSameAsWide(_ variant: Variant, _ pixels: [UInt8], _ width: Int, _ height: Int, _ channels: Int,
                                 to outWidth: Int, _ outHeight: Int) {
        let wide = resize(CTFRecordAccel_RESIZE_WIDE, pixels, width, height, channels, to: outWidth, outHeight)
        let got = resize(variant.c, pixels, width, height, channels, to: outWidth, outHeight)
        #expect(wide != nil)
        #expect(got == wide, "\(variant): \(width)x\(height)x\(channels) -> \(outWidth)x\(outHeight)")
    }

    @Test("equal WIDE on random, saturated and tie-making images", arguments: Variant.allCases)
    func randomImages(variant: Variant) {
        var random = SplitMix64(seed: 0xA4EA)
        for round in 0..<230 {
            let channels = [1, 3, 4, 2][round % 4]
            let width = 1 + random.below(round < 200 ? 90 : 700)
            let height = 1 + random.below(round < 200 ? 90 : 500)
            let count = width * height * channels
            let pixels: [UInt8]
            switch round % 5 {
            case 0: pixels = [UInt8](repeating: 255, count: count)  // the largest sums
            case 1: pixels = (0..<count).map { $0 % 2 == 0 ? 0 : 255 }  // exact halves
            case 2: pixels = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            default: pixels = random.bytes(count)
            }
            let outWidth = 1 + random.below(width)
            let outHeight = 1 + random.below(height)
            Self.expectSameAsWide(variant, pixels, width, height, channels, to: outWidth, outHeight)
        }
    }

    @Test("equal WIDE at the largest source NARROW takes (4096 x 2047) and fall back above it")
    func largestNarrowSource() {
        #expect(CTFRecordAccel_resize_area_narrow_applies(4096, 2047) != 0)
        #expect(CTFRecordAccel_resize_area_narrow_applies(4096, 2048) == 0)
        #expect(CTFRecordAccel_resize_area_narrow_applies(1 << 23, 1) == 0)
        var random = SplitMix64(seed: 7)
        // Saturated: the largest sums NARROW can meet; noise: every rounding case at that size.
        for pixels in [[UInt8](repeating: 255, count: 4096 * 2047), random.bytes(4096 * 2047)] {
            Self.expectSameAsWide(.auto, pixels, 4096, 2047, 1, to: 997, 3)
        }
        // One more row: WIDE's size, which every variant falls back to.
        Self.expectSameAsWide(.narrow, [UInt8](repeating: 255, count: 4096 * 2048), 4096, 2048, 1, to: 997, 3)
    }

    @Test func availability() {
        #expect(CTFRecordAccel_resize_variant_available(CTFRecordAccel_RESIZE_NARROW) != 0)
        #expect(CTFRecordAccel_resize_variant_available(CTFRecordAccel_RESIZE_WIDE) != 0)
        #if arch(x86_64)
        let avx2 = CTFRecordAccel_cpu_features() & UInt32(CTFRecordAccel_CPU_AVX2) != 0
        #expect((CTFRecordAccel_resize_variant_available(CTFRecordAccel_RESIZE_NARROW_AVX2) != 0) == avx2)
        #else
        #expect(CTFRecordAccel_resize_variant_available(CTFRecordAccel_RESIZE_NARROW_AVX2) == 0)
        #endif
    }
}
