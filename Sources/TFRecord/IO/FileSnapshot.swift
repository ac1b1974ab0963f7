#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `fstat(2)` says about an open file at one moment: enough to tell whether the file
/// changed between two moments (while it was being read).
///
/// Compared: the file's identity (device and inode: another file now under the name when
/// the name is opened again), its size and its modification time with nanoseconds. The
/// change time is left out on purpose: `chmod` or a new hard link set it without touching
/// the bytes. A write that keeps the size and lands within the file system's timestamp
/// granularity (a few milliseconds on Linux) is not seen; the row checks of the readers catch
/// some of those.
public struct FileSnapshot: Sendable, Equatable {
    /// Whether it is a regular file. Pipes, FIFOs and devices have no meaningful size or
    /// modification time, so they are never reported as changed.
    public var isRegularFile: Bool
    /// The device holding the file.
    public var device: UInt64
    /// The inode number.
    public var inode: UInt64
    /// Size in bytes (0 for non-regular files).
    public var size: Int
    /// Modification time: seconds since the epoch.
    public var modificationSeconds: Int
    /// Modification time: nanoseconds within the second.
    public var modificationNanoseconds: Int

    /// The snapshot that `fstat` filled in.
    init(_ info: stat) {
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = isRegularFile ? Int(info.st_size) : 0
        #if canImport(Darwin)
        modificationSeconds = Int(info.st_mtimespec.tv_sec)
        modificationNanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
        modificationSeconds = Int(info.st_mtim.tv_sec)
        modificationNanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
    }

    /// What differs between this snapshot (taken when the file was opened) and `later`, in
    /// words, or `nil` if the file is unchanged; always `nil` for a non-regular file.
    ///
    /// - Parameters:
    ///   - later: a snapshot taken after reading.
    ///   - bytesRead: bytes read from the start to the end of the file, if it was read
    ///     whole; a count other than ``size`` means the file shrank or grew under the reader.
    public func changes(to later: FileSnapshot, bytesRead: Int? = nil) -> String? {
        guard isRegularFile else { return nil }
        var found: [String] = []
        if later.device != device || later.inode != inode {
            found.append("now another file (inode \(inode) → \(later.inode))")
        }
        if later.size != size { found.append("size \(size) → \(later.size) bytes") }
        if let bytesRead, bytesRead != size { found.append("\(bytesRead) bytes read of \(size)") }
        let modified = (later.modificationSeconds, later.modificationNanoseconds)
        if modified != (modificationSeconds, modificationNanoseconds) { found.append("modified") }
        return found.isEmpty ? nil : found.joined(separator: ", ")
    }
}

extension FileSnapshot {
    /// The state of the open file `descriptor` (`fstat(2)`).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    public init(descriptor: Int32, path: String) throws(TFRecordError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system("stat", path: path) }
        self.init(info)
    }

    /// Throws unless the open file `descriptor` is as it was when `self` was taken.
    ///
    /// - Throws: ``TFRecordError/inputChanged(_:path:)`` (`.badInput`) naming what changed.
    public func check(descriptor: Int32, path: String) throws(TFRecordError) {
        if let change = changes(to: try FileSnapshot(descriptor: descriptor, path: path)) {
            throw .inputChanged(change, path: path)
        }
    }
}
