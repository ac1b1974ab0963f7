/// What was seen of one feature key across records.
public struct FeatureStatistics: Sendable, Equatable {
    /// Kinds seen (`bytes`, `int64_list`, `float_list`, `empty`); more than one is a schema
    /// inconsistency worth showing.
    public var kinds: Set<String> = []
    /// Records that have the feature.
    public var present = 0
    /// Fewest and most values in one record's list.
    public var valueCount: ClosedRange<Int>?
    /// Smallest and largest byte size of one `bytes` value.
    public var byteSize: ClosedRange<Int>?
    /// Smallest and largest int64 value.
    public var int64Range: ClosedRange<Int64>?
    /// Smallest and largest float value.
    public var floatRange: ClosedRange<Float>?

    mutating func add(valueCount n: Int) { valueCount = Self.widen(valueCount, n) }
    mutating func add(byteSize n: Int) { byteSize = Self.widen(byteSize, n) }
    mutating func add(int64 v: Int64) { int64Range = Self.widen(int64Range, v) }
    mutating func add(float v: Float) { if !v.isNaN { floatRange = Self.widen(floatRange, v) } }

    static func widen<T: Comparable>(_ range: ClosedRange<T>?, _ value: T) -> ClosedRange<T> {
        guard let range else { return value...value }
        return min(range.lowerBound, value)...max(range.upperBound, value)
    }
}
