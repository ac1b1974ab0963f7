#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A file that appears under its name only when complete: it is written under a hidden
/// temporary name in the same directory, and ``commit()`` `fsync`s it and renames it into
/// place. Dropped without a commit (an error, an interrupt), the temporary is removed, so
/// a reader never sees a half-written file and an earlier file of that name survives.
public final class AtomicOutputFile {
    /// The final path.
    public let path: String
    /// The file to write (under the temporary name).
    public let file: OutputFile
    private var committed = false

    /// Creates the temporary file for `path`.
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    public init(path: String) throws(TFRecordError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        file = try OutputFile(creating: "\(directory).tfrec-tmp-\(getpid())-\(name)")
    }

    deinit {
        guard !committed else { return }
        try? file.close()
        unlink(file.path)
    }

    /// Syncs, closes and renames the file to its final path.
    ///
    /// - Throws: ``TFRecordError`` `.io`; the temporary is removed.
    public func commit() throws(TFRecordError) {
        try file.sync()
        try file.close()
        guard rename(file.path, path) == 0 else { throw .system("rename \(file.path) to", path: path) }
        committed = true
    }
}
