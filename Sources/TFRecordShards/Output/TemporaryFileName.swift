#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The hidden name of a file while it is written: `.tfrec-tmp-<pid>.<start>@<host>-<suffix>`,
/// e.g. `.tfrec-tmp-4242.1103930@node_7-0` for the first shard of process 4242 on host
/// `node-7` that started 1103930 clock ticks after boot.
///
/// The name says who wrote the file, so that a later run or `tfrec clean` can tell the
/// leftovers of a killed run (remove them) from the files of a run still in progress (keep
/// them). The host matters on a shared file system, where tasks of one plan on several
/// machines write into one directory: a pid says nothing about another machine's
/// processes, so their files are kept. Names without the start time or the host
/// (`.tfrec-tmp-<pid>-<suffix>`, written by older versions, or where `/proc` is missing)
/// are judged by the pid alone. Every name starts with ``prefix``: hidden, and never
/// matching a shard template.
public struct TemporaryFileName: Sendable, Equatable {
    /// The start of every temporary name.
    public static let prefix = ".tfrec-tmp-"

    /// The process that writes (or wrote) the file.
    public var writer: Int32
    /// The writer's start time in clock ticks after boot, if the name holds it.
    public var writerStartTime: UInt64?
    /// The writer's host name as the name holds it (see ``hostLabel(_:)``), if it does.
    public var writerHost: String?
    /// What the writer appended: a shard index, or the final file's name.
    public var suffix: String

    /// A name for a file that this process is about to write.
    public init(suffix: String) {
        self.writer = ProcessIdentity.current.pid
        self.writerStartTime = ProcessIdentity.current.startTime
        self.writerHost = Self.currentHost
        self.suffix = suffix
    }

    /// This machine's host name as names hold it.
    public static let currentHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return hostLabel(String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }()

    /// `host` with every character but ASCII letters, digits and dots replaced by `_`, so
    /// that the `-` before the suffix stays the only one after the host.
    public static func hostLabel(_ host: String) -> String {
        String(host.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") ? $0 : "_" })
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
        var host: String?
        if rest.first == "@" {
            let hostText = rest.dropFirst().prefix { $0 != "-" }
            guard !hostText.isEmpty else { return nil }
            host = String(hostText)
            rest = rest.dropFirst(1 + hostText.count)
        }
        guard rest.first == "-" else { return nil }
        self.writer = pid
        self.writerStartTime = startTime
        self.writerHost = host
        self.suffix = String(rest.dropFirst())
    }

    /// The file name.
    public var name: String {
        Self.prefix + String(writer) + (writerStartTime.map { ".\($0)" } ?? "") + (writerHost.map { "@\($0)" } ?? "")
            + "-" + suffix
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
        /// It ran on another machine (a task of a plan on a shared file system), whose
        /// processes cannot be seen from here: treated as running.
        case otherHost

        /// Whether the file may still be written to, and must be kept.
        public var mayBeWriting: Bool { self == .running || self == .otherHost }
    }

    /// Whether the writer may still be writing: the one rule for what counts as a leftover.
    ///
    /// Conservative where it cannot tell: a process of another user with the pid, or a name
    /// without a start time whose pid is in use, counts as running.
    public var writerStatus: WriterStatus {
        if let writerHost, writerHost != Self.currentHost { return .otherHost }
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
