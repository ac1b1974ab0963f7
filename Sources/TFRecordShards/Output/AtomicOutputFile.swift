#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// A file written under a hidden temporary name in its directory and renamed to its final
/// name only when complete, so that the final name holds the old file or the whole new one,
/// never a part.
///
/// ``commit()`` `fsync`s the data, renames and `fsync`s the directory. Without a commit
/// (an error, `deinit`) the temporary file is removed; if the process is killed it stays
/// behind under a ``TemporaryFileName`` that names this process, for the next run or
/// `tfrec clean` to remove.
public final class AtomicOutputFile {
    /// The final path.
    public let path: String
    /// Where the data goes until ``commit()``.
    public let temporaryPath: String
    private let directory: OutputDirectory
    /// The file under its temporary name, for writers that need more than ``write(_:)``
    /// (e.g. `pwrite` of a header); close it only through ``commit()`` or ``discard()``.
    public let file: OutputFile
    private var isFinished = false

    /// Creates the temporary file for `name` in `directory`.
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    public init(directory: OutputDirectory, name: String) throws(TFRecordError) {
        self.directory = directory
        self.path = directory.file(name)
        self.temporaryPath = directory.file(TemporaryFileName(suffix: name).name)
        self.file = try OutputFile(creating: temporaryPath)
    }

    /// Creates the temporary file for `path`, in `path`'s directory (created if missing).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    public convenience init(path: String) throws(TFRecordError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        try self.init(directory: try OutputDirectory(path: directory), name: name)
    }

    deinit { if !isFinished { discard() } }

    /// Bytes written so far.
    public var bytesWritten: Int { file.bytesWritten }

    /// Appends `bytes`.
    ///
    /// - Throws: ``TFRecordError`` `.io` (disk full, I/O error).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TFRecordError) {
        try file.write(bytes)
    }

    /// Syncs and closes the file and gives it its final name, replacing a file there.
    ///
    /// - Throws: ``TFRecordError`` `.io`; the temporary file is then removed.
    public func commit() throws(TFRecordError) {
        precondition(!isFinished, "commit() after commit() or discard()")
        do throws(TFRecordError) {
            try file.sync()
            try file.close()
            guard rename(temporaryPath, path) == 0 else { throw .system("rename \(temporaryPath) to", path: path) }
            isFinished = true
            try directory.sync()
        } catch {
            if !isFinished { discard() }
            throw error
        }
    }

    /// Closes and removes the temporary file; the final name is left as it was.
    public func discard() {
        isFinished = true
        try? file.close()
        unlink(temporaryPath)
    }
}
