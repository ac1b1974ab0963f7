import TFRecord

/// Measures CRC32C throughput in process, for `scripts/bench` (`tfrec bench-crc32c`) and
/// comparison with other implementations on the same machine.
public enum CRC32CThroughput {
    /// The best of `repeats` timings of one checksum over `size` bytes, in GB/s (10^9 B/s).
    ///
    /// - Complexity: O(size × repeats).
    public static func measure(variant: CRC32C.Variant, size: Int, repeats: Int) -> Double {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 9)) }
        var best = Duration.seconds(1_000_000)
        var sink: UInt32 = 0
        bytes.withUnsafeBytes { raw in
            for _ in 0..<max(1, repeats) {
                let start = ContinuousClock.now
                sink ^= CRC32C.checksum(raw, variant: variant)
                best = min(best, ContinuousClock.now - start)
            }
        }
        precondition(sink != 0x5EED_F00D || size >= 0)  // keeps the checksums from being optimised away
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        return Double(size) / max(seconds, 1e-12) / 1e9
    }
}
