/// What ``OutputDirectory/clean(dryRun:)`` found: the temporary files it removed (or, in a
/// dry run, would remove) and those it kept because their writer is still running.
public struct DirectoryCleanup: Sendable, Equatable {
    /// One temporary file.
    public struct Entry: Sendable, Equatable {
        /// The file's name in the directory.
        public var name: String
        /// The file's path.
        public var path: String
        /// Its size in bytes.
        public var bytes: Int
        /// Its name, parsed: who wrote it; `nil` for the parts and journal an interrupted
        /// run keeps for `--resume`.
        public var temporaryName: TemporaryFileName?
        /// What became of the writer, the reason for removing or keeping the file.
        public var writerStatus: TemporaryFileName.WriterStatus

        /// Why the file was removed or kept, e.g. `process 4242 has exited`.
        public var reason: String {
            guard let pid = temporaryName?.writer else {
                return writerStatus == .running ? "a run is writing into the directory"
                    : "left by an interrupted run, for resuming it"
            }
            return switch writerStatus {
            case .running: "process \(pid) is still running"
            case .exited: "process \(pid) has exited"
            case .pidReused: "process \(pid) has exited; its pid now belongs to a later process"
            case .otherHost: "written by process \(pid) on host \(temporaryName?.writerHost ?? "?"), which may still be running"
            }
        }
    }

    /// The directory.
    public var directory: String
    /// Whether nothing was removed (files in ``removed`` would have been).
    public var dryRun: Bool
    /// Leftovers of runs that are over: removed, unless ``dryRun``.
    public var removed: [Entry] = []
    /// Files of runs still in progress: kept.
    public var kept: [Entry] = []

    /// Creates an empty result.
    public init(directory: String, dryRun: Bool) {
        self.directory = directory
        self.dryRun = dryRun
    }

    /// Bytes in ``removed``.
    public var removedBytes: Int { removed.reduce(0) { $0 + $1.bytes } }
}
