import TFRecordSources
import TFRecordTransform

/// The `--engine` of a conversion: one choice for every compute stage that has engines
/// (CSV parsing and the pixel transform).
public enum ConversionEngine: String, CaseIterable, Sendable {
    /// Reference implementations everywhere.
    case scalar
    /// SIMD CSV parsing and SIMD transform.
    case simd
    /// SIMD CSV parsing and the OpenCL transform (an error without an OpenCL device).
    case opencl
    /// The fastest available for each stage; OpenCL only where it pays.
    case auto

    /// The CSV parser engine.
    public var csv: CSVEngine {
        switch self {
        case .scalar: .scalar
        case .simd: .simd
        case .opencl, .auto: .auto
        }
    }

    /// The pixel transform engine.
    public var transform: TransformEngine {
        switch self {
        case .scalar: .scalar
        case .simd: .simd
        case .opencl: .openCL
        case .auto: .auto
        }
    }
}
