import Synchronization

/// Adds up the work of any number of threads and reports it to a callback at most about ten
/// times a second: the progress of the commands that read files (``WorkProgress``).
///
/// Workers call ``add(records:bytes:)`` with what they finished since their last call; the
/// callback runs on the thread whose addition found the last report at least 100 ms old,
/// never on two threads at once.
public final class ProgressMeter: Sendable {
    /// The input's size, when known.
    public let totalBytes: Int?
    private let records = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)
    private let started = ContinuousClock.now
    private let lastReport: Mutex<ContinuousClock.Instant>
    private let report: @Sendable (WorkProgress) -> Void

    /// Creates a meter that calls `report` with the progress.
    public init(totalBytes: Int?, report: @escaping @Sendable (WorkProgress) -> Void) {
        self.totalBytes = totalBytes
        self.report = report
        self.lastReport = Mutex(started)
    }

    /// Adds finished work; thread-safe. Reports if the last report is 100 ms old.
    public func add(records: Int, bytes: Int) {
        self.records.add(records, ordering: .relaxed)
        self.bytes.add(bytes, ordering: .relaxed)
        let now = ContinuousClock.now
        lastReport.withLock { last in
            guard now - last >= .milliseconds(100) else { return }
            last = now
            report(progress)
        }
    }

    /// The work added so far.
    public var progress: WorkProgress {
        let elapsed = ContinuousClock.now - started
        return WorkProgress(records: records.load(ordering: .relaxed), bytes: bytes.load(ordering: .relaxed),
                            totalBytes: totalBytes,
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
