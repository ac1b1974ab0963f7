/// SplitMix64 (Steele, Lea and Flood, 2014): the seeded generator of every test suite —
/// fast, the same sequence on every platform, reproducible from its seed. One copy, shared
/// by the test targets, instead of one per file.
public struct SplitMix64: RandomNumberGenerator {
    /// The generator's whole state; the seed is its first value.
    public var state: UInt64

    /// A generator whose first state is `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator whose first state is `state` (the same as `init(seed:)`).
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// In `0..<n` (0 when `n <= 0`), by remainder: slightly biased, which tests do not mind.
    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    /// True `perMille` times in a thousand.
    public mutating func chance(_ perMille: Int) -> Bool { below(1000) < perMille }

    /// `count` random bytes, eight from each value, low byte first.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = next()
            for _ in 0..<8 where i < count {
                bytes[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        return bytes
    }
}
