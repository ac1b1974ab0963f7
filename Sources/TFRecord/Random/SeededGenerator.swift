/// A small, seeded, platform-independent pseudo-random number generator.
///
/// The state is four 64-bit words advanced with xoshiro256** (Blackman & Vigna);
/// the state is filled from the seed with SplitMix64, so every seed (including 0)
/// gives a usable, well-mixed stream. Only integer arithmetic is used, so the
/// sequence is bit-for-bit identical on every platform, compiler and run.
///
/// It conforms to `RandomNumberGenerator`, but note that the standard library's
/// `random(in:using:)` helpers are not guaranteed to consume the generator the
/// same way in every Swift release; use ``nextDouble()`` and ``next(upperBound:)``
/// where the exact stream matters.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm)
        s1 = splitMix(&sm)
        s2 = splitMix(&sm)
        s3 = splitMix(&sm)
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniformly distributed integer in `0..<upperBound` (`upperBound` > 0),
    /// by the multiply-high method; the bias is below 2⁻⁵⁰ for small bounds.
    public mutating func next(upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(upperBound)).high)
    }

    /// A uniformly distributed `Double` in `[0, 1)` with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}
