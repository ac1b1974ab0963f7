internal import CTFRecordAccel

/// The CSV row parser implementation to use.
///
/// All engines give identical rows, values and errors (a differential test proves it);
/// they differ only in speed.
public enum CSVEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The reference parser: one byte at a time.
    case scalar
    /// The best SIMD parser this CPU has (AVX2, SSE4.1 or NEON), chosen at run time.
    case simd
    /// The fastest available engine.
    case auto

    /// Whether this engine can run on this CPU.
    public var isAvailable: Bool { self != .simd || Self.bestSIMD != nil }

    /// The name of the instruction set the engine resolves to here, e.g. "avx2".
    public var resolvedName: String {
        switch cEngine {
        case CTFRecordAccel_CSV_AVX2: "avx2"
        case CTFRecordAccel_CSV_SSE41: "sse4.1"
        case CTFRecordAccel_CSV_NEON: "neon"
        default: "scalar"
        }
    }

    public var description: String { rawValue }

    var cEngine: CTFRecordAccel_CSVEngine {
        switch self {
        case .scalar: CTFRecordAccel_CSV_SCALAR
        case .simd: Self.bestSIMD ?? CTFRecordAccel_CSV_SCALAR
        case .auto: CTFRecordAccel_csv_engine_resolve(CTFRecordAccel_CSV_AUTO)
        }
    }

    private static var bestSIMD: CTFRecordAccel_CSVEngine? {
        let best = CTFRecordAccel_csv_engine_resolve(CTFRecordAccel_CSV_AUTO)
        if best != CTFRecordAccel_CSV_SCALAR { return best }
        for engine in [CTFRecordAccel_CSV_AVX2, CTFRecordAccel_CSV_SSE41, CTFRecordAccel_CSV_NEON]
        where CTFRecordAccel_csv_engine_available(engine) != 0 {
            return engine
        }
        return nil
    }
}
