internal import CTFRecordAccel
import TFRecordPixels

extension PixelTransform {
    /// The SIMD engine: `CTFRecordAccel_transform_u8_to_f32` with the AUTO variant (AVX2 on
    /// x86-64 CPUs that have it, plain C loops otherwise).
    ///
    /// `input` holds `rows × shape.valueCount` bytes and `output` room for as many floats.
    ///
    /// - Complexity: O(rows × shape.valueCount).
    func applySIMD(
        _ input: UnsafePointer<UInt8>, rows: Int, into output: UnsafeMutablePointer<Float>, variant: SIMDVariant = .auto
    ) {
        let mode: CTFRecordAccel_TransformMode =
            switch mode {
            case .none: CTFRecordAccel_TRANSFORM_NONE
            case .scale: CTFRecordAccel_TRANSFORM_SCALE
            case .standardize: CTFRecordAccel_TRANSFORM_STANDARDIZE
            }
        mean.withUnsafeBufferPointer { mean in
            inverseStd.withUnsafeBufferPointer { inverseStd in
                var spec = CTFRecordAccel_TransformSpec(
                    pixels: shape.pixels, channels: shape.channels, channel_first: layout == .chw ? 1 : 0,
                    mode: mode, mean: mean.baseAddress, inv_std: inverseStd.baseAddress)
                CTFRecordAccel_transform_u8_to_f32(variant.c, &spec, input, rows, output)
            }
        }
    }

    /// The C implementations behind the SIMD engine (`CTFRecordAccel_TransformVariant`), so that
    /// tests can compare each one with the reference, not only the one AUTO picks.
    enum SIMDVariant: CaseIterable, Sendable {
        case portable, avx2, auto

        var c: CTFRecordAccel_TransformVariant {
            switch self {
            case .portable: CTFRecordAccel_TRANSFORM_PORTABLE
            case .avx2: CTFRecordAccel_TRANSFORM_AVX2
            case .auto: CTFRecordAccel_TRANSFORM_AUTO
            }
        }

        /// Whether this CPU can run it (an unavailable variant would run as PORTABLE).
        var isAvailable: Bool { CTFRecordAccel_transform_variant_available(c) != 0 }
    }

    /// The CPU variant the SIMD engine runs as on this machine: `avx2` or `portable`.
    package static var simdVariant: String {
        CTFRecordAccel_transform_variant_resolve(CTFRecordAccel_TRANSFORM_AUTO) == CTFRecordAccel_TRANSFORM_AVX2
            ? "avx2" : "portable"
    }
}
