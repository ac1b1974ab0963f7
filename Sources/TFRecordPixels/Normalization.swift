/// How a pixel value `x` (0...255) becomes a Float32. Every engine computes exactly these
/// IEEE-754 binary32 operations, in this order, without fused multiply-add:
public enum Normalization: Sendable, Hashable, CustomStringConvertible {
    /// `Float(x)`: the value as is (for float encodings without scaling).
    case none
    /// `Float(x) / 255`: the correctly rounded quotient (a division, not a multiplication by
    /// `1 / 255`, which gives a different result for 126 of the 256 values).
    case scale
    /// `(Float(x) - mean[c]) * r[c]` with `r[c] = 1 / std[c]` computed once in Float32, for
    /// channel `c`. `mean` and `std` are in pixel units (0...255), one value per channel.
    case standardize(mean: [Float], std: [Float])

    /// The name as manifests record it: `none`, `scale`, `standardize(mean: […], std: […])`.
    public var description: String {
        switch self {
        case .none: "none"
        case .scale: "scale"
        case .standardize(let mean, let std): "standardize(mean: \(mean), std: \(std))"
        }
    }
}
