import Synchronization

/// A flag that asks a running conversion to stop, e.g. set from a SIGINT handler.
///
/// Setting it is async-signal-safe (a lock-free atomic store). A cancelled conversion
/// removes its temporary files and throws ``TFRecord/TFRecordError`` with code
/// `.interrupted`; no shard gets its final name.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a flag that is not set.
    public init() {}

    /// Asks the conversion to stop.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether stopping was asked for.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
