/// What was seen of one feature list (a `tf.train.SequenceExample`'s `feature_lists` entry)
/// across records.
public struct FeatureListStatistics: Sendable, Equatable {
    /// Records that have the feature list.
    public var present = 0
    /// Fewest and most steps (`Feature`s) in one record's list.
    public var steps: ClosedRange<Int>?
    /// The steps, each counted as a feature: ``FeatureStatistics/present`` is the number of
    /// steps, ``FeatureStatistics/valueCount`` the fewest and most values in one step.
    public var step = FeatureStatistics()

    mutating func add(stepCount n: Int) { steps = FeatureStatistics.widen(steps, n) }
}
