/// How far a run over record files or a CSV has come: what a progress line shows for
/// `tfrec images`, `verify`, `salvage`, `index` and `dump`.
public struct WorkProgress: Sendable, Equatable {
    /// Records (or rows) done.
    public var records: Int
    /// Input bytes done.
    public var bytes: Int
    /// The input's size in bytes, when known (for a bar and an ETA).
    public var totalBytes: Int?
    /// Seconds since the start.
    public var seconds: Double

    /// Creates a progress value.
    public init(records: Int, bytes: Int, totalBytes: Int?, seconds: Double) {
        self.records = records
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.seconds = seconds
    }
}
