/// The version of swift-tfrecord: what `tfrec --version` prints, and what plans record so
/// that a task never mixes shards of two versions into one output.
public enum TFRecordVersion {
    /// The version, `major.minor.patch`.
    public static let current = "0.2.0"
}
