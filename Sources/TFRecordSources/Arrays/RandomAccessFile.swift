#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// A regular file read at explicit offsets with `pread(2)`, owned by this object: `deinit`
/// closes it.
///
/// Reads copy into the caller's buffer; nothing is memory-mapped, so a file truncated by
/// another process gives a short read (reported as an error), never a `SIGBUS`.
final class RandomAccessFile {
    /// The path as given.
    let path: String
    /// The open descriptor.
    let descriptor: Int32
    /// The file's state when it was opened.
    let snapshot: FileSnapshot

    /// Opens `path` for reading.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a missing or unreadable file or a
    ///   directory (the user's input is wrong), `.io` if `fstat` fails.
    init(path: String) throws(TFRecordError) {
        let (fd, snapshot) = try Self.openInput(path)
        self.snapshot = snapshot
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw TFRecordError(.badInput, "is a directory, expected an array file", at: SourceLocation(path: path))
        }
        self.path = path
        self.descriptor = fd
    }

    /// Wraps an open descriptor (a temporary file this process made); `deinit` closes it.
    init(descriptor: Int32, path: String) throws(TFRecordError) {
        self.path = path
        self.descriptor = descriptor
        snapshot = try FileSnapshot(descriptor: descriptor, path: path)
    }

    deinit { close(descriptor) }

    /// Fills `buffer` from byte `offset` as far as the file allows (`pread(2)`, retried on
    /// `EINTR` and short reads).
    ///
    /// - Returns: the bytes read; fewer than `buffer.count` only at the end of the file.
    /// - Throws: ``TFRecordError`` `.io`.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
            if n > 0 {
                filled += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw .system("read", path: path)
            }
        }
        return filled
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(at offset: Int, count: Int) throws(TFRecordError) -> [UInt8] {
        try [UInt8](filling: count) { (buffer) throws(TFRecordError) in try read(at: offset, into: buffer) }
    }

    /// Writes all of `bytes` at the end of the file (for temporary copies).
    ///
    /// - Throws: ``TFRecordError`` `.io` (disk full).
    func append(_ bytes: UnsafeRawBufferPointer) throws(TFRecordError) {
        var written = 0
        while written < bytes.count {
            let n = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if n > 0 {
                written += n
            } else if n < 0 && errno != EINTR {
                throw .system("write", path: path)
            }
        }
    }

    /// Throws unless the file is as it was when opened.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` (see ``FileSnapshot/check(descriptor:path:)``).
    func checkUnchanged() throws(TFRecordError) {
        try snapshot.check(descriptor: descriptor, path: path)
    }

    /// Opens the input `path` for reading and takes its snapshot.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a missing or unreadable file (the user's
    ///   input is wrong), `.io` if `fstat` fails (the descriptor is then closed).
    static func openInput(_ path: String) throws(TFRecordError) -> (descriptor: Int32, snapshot: FileSnapshot) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = TFRecordError.system("open", path: path)
            throw TFRecordError(.badInput, error.message, at: error.location)
        }
        do {
            return (fd, try FileSnapshot(descriptor: fd, path: path))
        } catch {
            close(fd)
            throw error
        }
    }
}
