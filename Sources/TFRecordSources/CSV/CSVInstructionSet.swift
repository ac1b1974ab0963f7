internal import CTFRecordAccel

/// One implementation of the C row parser, named by the instructions it uses, so that a
/// benchmark can measure each one this CPU runs (``CSVEngine/simd`` picks only the best).
package enum CSVInstructionSet: String, CaseIterable, Sendable {
    /// The reference parser: one byte at a time.
    case scalar
    /// 16-byte SSE4.1 classification (x86-64).
    case sse41 = "sse4.1"
    /// 32-byte AVX2 classification (x86-64).
    case avx2
    /// 16-byte NEON classification (arm64).
    case neon

    /// Whether this CPU runs it.
    package var isAvailable: Bool { CTFRecordAccel_csv_engine_available(cEngine) != 0 }

    /// Every implementation this CPU runs, the reference first.
    package static var available: [CSVInstructionSet] { allCases.filter(\.isAvailable) }

    var cEngine: CTFRecordAccel_CSVEngine {
        switch self {
        case .scalar: CTFRecordAccel_CSV_SCALAR
        case .sse41: CTFRecordAccel_CSV_SSE41
        case .avx2: CTFRecordAccel_CSV_AVX2
        case .neon: CTFRecordAccel_CSV_NEON
        }
    }
}
