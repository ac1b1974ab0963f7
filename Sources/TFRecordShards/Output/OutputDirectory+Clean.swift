#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

extension OutputDirectory {
    /// Removes the temporary files that runs killed before they finished left behind, and
    /// keeps those of runs still in progress.
    ///
    /// A file counts as a leftover when its ``TemporaryFileName`` names a process that has
    /// exited, or a pid that now belongs to a process started at another time (see
    /// ``TemporaryFileName/writerStatus``). Conversions call this before writing; `tfrec
    /// clean` calls it on request. Files without a temporary name are never touched.
    ///
    /// With `includingResumeState`, the complete parts and the journal that an
    /// interrupted run keeps for `--resume` go too, unless a run holds the directory's
    /// ``DirectoryLock`` (is writing into it now).
    ///
    /// - Parameters:
    ///   - dryRun: only list what would be removed.
    ///   - includingResumeState: also remove what `--resume` would pick up (`tfrec clean`
    ///     does; conversions do not, they decide by their own `--resume`).
    /// - Returns: what was removed and what was kept, in name order.
    /// - Throws: ``TFRecordError`` `.io` when the directory cannot be listed or a file not removed.
    public func clean(dryRun: Bool = false, includingResumeState: Bool = false) throws(TFRecordError) -> DirectoryCleanup {
        var cleanup = DirectoryCleanup(directory: path, dryRun: dryRun)
        if includingResumeState { try cleanResumeState(into: &cleanup) }
        for name in try fileNames() {
            guard let temporaryName = TemporaryFileName(name) else { continue }
            let path = file(name)
            var info = stat()
            guard stat(path, &info) == 0 else { continue }  // removed meanwhile
            let entry = DirectoryCleanup.Entry(name: name, path: path, bytes: Int(info.st_size),
                                               temporaryName: temporaryName, writerStatus: temporaryName.writerStatus)
            if entry.writerStatus.mayBeWriting {
                cleanup.kept.append(entry)
                continue
            }
            if !dryRun && unlink(path) != 0 {
                if errno == ENOENT { continue }  // another cleaner was faster
                throw .system("remove", path: path)
            }
            cleanup.removed.append(entry)
        }
        return cleanup
    }

    private func cleanResumeState(into cleanup: inout DirectoryCleanup) throws(TFRecordError) {
        let names = try fileNames().filter { $0.hasPrefix(Self.partPrefix) || $0 == ResumeJournal.fileName }
        guard !names.isEmpty else { return }
        // Holding the lock (briefly) proves that no run is writing.
        let lock: DirectoryLock?
        do { lock = try DirectoryLock(self) } catch where error.code == .usage { lock = nil }
        for name in names {
            var info = stat()
            guard stat(file(name), &info) == 0 else { continue }
            let entry = DirectoryCleanup.Entry(name: name, path: file(name), bytes: Int(info.st_size), temporaryName: nil,
                                               writerStatus: lock == nil ? .running : .exited)
            if lock == nil {
                cleanup.kept.append(entry)
                continue
            }
            if !cleanup.dryRun { try remove(name) }
            cleanup.removed.append(entry)
        }
    }

    /// Removes temporary files of runs that are over (``clean(dryRun:)``).
    ///
    /// - Returns: the names removed.
    @discardableResult
    public func removeStaleTemporaries() throws(TFRecordError) -> [String] {
        try clean().removed.map(\.name)
    }
}
