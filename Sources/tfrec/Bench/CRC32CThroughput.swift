import TFRecord

/// CRC32C throughput of each implementation this CPU runs, in process (`tfrec bench`).
enum CRC32CThroughput {
    /// The engine name of a variant: "scalar" for the tables, else the instructions it uses.
    static func engine(_ variant: CRC32C.Variant) -> String {
        #if arch(arm64)
            let single = "armv8-crc"
            let folded = "armv8-crc+pmull"
        #else
            let single = "sse4.2"
            let folded = "sse4.2+pclmul"
        #endif
        switch variant {
        case .table: return "scalar"
        case .hardware: return single
        case .folded: return folded
        case .auto: return "auto"
        }
    }

    /// One checksum of `bytes` per run, for every available variant.
    ///
    /// - Complexity: O(bytes.count × runs × variants).
    static func measure(_ bytes: [UInt8], timing: BestTime) -> [StageBenchmark] {
        var sink: UInt32 = 0
        let results = CRC32C.Variant.available.map { variant in
            let (seconds, runs) = bytes.withUnsafeBytes { raw in
                timing.measure { sink ^= CRC32C.checksum(raw, variant: variant) }
            }
            return StageBenchmark(
                stage: .crc32c, engine: engine(variant), detail: variant == .table ? "slicing-by-8 tables" : nil,
                unit: .gigabytesPerSecond, bytes: bytes.count, seconds: seconds, runs: runs)
        }
        // Uses the checksums, so that they are not optimised away.
        precondition(sink != 0x5EED_F00D || !results.isEmpty)
        return results
    }
}
