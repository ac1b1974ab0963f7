#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// A process, told apart from later processes that reuse its id: its pid and, on Linux, its
/// start time.
///
/// Pids are reused: after a container restart the next run often gets the very pid of the
/// run that was killed. The start time (clock ticks after boot, field 22 of
/// `/proc/<pid>/stat`) tells the two apart without trusting the wall clock, which file
/// times would need.
struct ProcessIdentity: Sendable, Equatable {
    /// The process id.
    var pid: Int32
    /// Clock ticks from boot to the process's start; `nil` where `/proc` is not available.
    var startTime: UInt64?

    /// This process.
    static let current = ProcessIdentity(pid: getpid(), startTime: status(of: getpid())?.startTime)

    /// What is known about a process id now.
    enum State: Equatable {
        /// No process has the id, or only a zombie that can write nothing.
        case exited
        /// A process has the id; its start time if it could be read.
        case running(startTime: UInt64?)
    }

    /// Whether a process has the id `pid` now, and since when.
    ///
    /// A process of another user counts as running (`kill` says `EPERM`): it may be a
    /// conversion that cannot be told apart from a stranger.
    static func state(of pid: Int32) -> State {
        if kill(pid, 0) != 0 && errno == ESRCH { return .exited }
        guard let status = status(of: pid) else { return .running(startTime: nil) }
        return status.isZombie ? .exited : .running(startTime: status.startTime)
    }

    /// The state letter and start time of `/proc/<pid>/stat`, or `nil` if it cannot be read
    /// (no `/proc`, or the process exited meanwhile).
    private static func status(of pid: Int32) -> (isZombie: Bool, startTime: UInt64)? {
        guard let file = try? InputFile(path: "/proc/\(pid)/stat") else { return nil }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let read = { () throws(TFRecordError) -> Int in
            try rethrowingTFRecordError { try bytes.withUnsafeMutableBytes { try file.readFully(into: $0) } }
        }
        guard let count = try? read() else { return nil }
        // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so fields are
        // counted from the last `)`; the state is field 3 and the start time field 22.
        let text = String(decoding: bytes[..<count], as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let startTime = UInt64(fields[19]) else { return nil }
        return (fields[0] == "Z" || fields[0] == "X", startTime)
    }
}
