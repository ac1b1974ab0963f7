/// The hidden name of a file while it is written: `.tfrec-tmp-<pid>.<start>-<suffix>`, e.g.
/// `.tfrec-tmp-4242.1103930-0` for the first shard of process 4242 that started 1103930
/// clock ticks after boot.
///
/// The name says who wrote the file, so that a later run or `tfrec clean` can tell the
/// leftovers of a killed run (remove them) from the files of a run still in progress (keep
/// them). Names without the start time (`.tfrec-tmp-<pid>-<suffix>`, written by older
/// versions, or where `/proc` is missing) are judged by the pid alone. Every name starts
/// with ``prefix``: hidden, and never matching a shard template.
public struct TemporaryFileName: Sendable, Equatable {
    /// The start of every temporary name.
    public static let prefix = ".tfrec-tmp-"

    /// The process that writes (or wrote) the file.
    public var writer: Int32
    /// The writer's start time in clock ticks after boot, if the name holds it.
    public var writerStartTime: UInt64?
    /// What the writer appended: a shard index, or the final file's name.
    public var suffix: String

    /// A name for a file that this process is about to write.
    public init(suffix: String) {
        self.writer = ProcessIdentity.current.pid
        self.writerStartTime = ProcessIdentity.current.startTime
        self.suffix = suffix
    }

    /// Parses a temporary name; `nil` if `name` is not one.
    public init?(_ name: String) {
        guard name.hasPrefix(Self.prefix) else { return nil }
        var rest = Substring(name.dropFirst(Self.prefix.count))
        let pidText = rest.prefix { $0.isASCII && $0.isNumber }
        guard let pid = Int32(pidText), pid > 0 else { return nil }
        rest = rest.dropFirst(pidText.count)
        var startTime: UInt64?
        if rest.first == "." {
            let startText = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard let value = UInt64(startText) else { return nil }
            startTime = value
            rest = rest.dropFirst(1 + startText.count)
        }
        guard rest.first == "-" else { return nil }
        self.writer = pid
        self.writerStartTime = startTime
        self.suffix = String(rest.dropFirst())
    }

    /// The file name.
    public var name: String {
        Self.prefix + String(writer) + (writerStartTime.map { ".\($0)" } ?? "") + "-" + suffix
    }

    /// What became of the process that wrote the file.
    public enum WriterStatus: Sendable, Equatable {
        /// It may still be writing the file: a process with its pid runs, and as far as
        /// can be told it is the same process.
        case running
        /// No process has its pid any more (or only a zombie).
        case exited
        /// A process with its pid runs, but it started at another time: the pid was reused.
        case pidReused
    }

    /// Whether the writer may still be writing: the one rule for what counts as a leftover.
    ///
    /// Conservative where it cannot tell: a process of another user with the pid, or a name
    /// without a start time whose pid is in use, counts as running.
    public var writerStatus: WriterStatus {
        let state: ProcessIdentity.State
        if writer == ProcessIdentity.current.pid {
            state = .running(startTime: ProcessIdentity.current.startTime)
        } else {
            state = ProcessIdentity.state(of: writer)
        }
        switch state {
        case .exited:
            return .exited
        case .running(let startTime):
            if let written = writerStartTime, let startTime, written != startTime { return .pidReused }
            return .running
        }
    }
}
