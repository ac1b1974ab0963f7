/// The classes of the label feature, which TFDS metadata declares as a `ClassLabel`.
public enum TFDSLabelClasses: Sendable, Equatable {
    /// Labels `0..<count`, without names.
    case count(Int)
    /// Labels `0..<names.count`, label i named `names[i]` (from class directories).
    case names([String])

    /// The classes of labels observed in `range`: `0...max` when no label is negative;
    /// `nil` (the label is then a plain int64 tensor) for negative labels or no labels.
    public init?(observed range: ClosedRange<Int64>?) {
        guard let range, range.lowerBound >= 0, range.upperBound < Int64(Int.max) else { return nil }
        self = .count(Int(range.upperBound) + 1)
    }

    /// The number of classes.
    public var count: Int {
        switch self {
        case .count(let count): count
        case .names(let names): names.count
        }
    }
}
