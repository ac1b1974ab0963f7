#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading, owned by this object: `deinit` closes it.
public final class InputFile {
    /// The path as given when opening.
    public let path: String
    // Internal, not private: the positional-read and snapshot facets live in their own files.
    let descriptor: Int32
    /// The file's size when it was opened (0 for pipes and other non-regular files).
    public let size: Int
    /// Whether the file is a regular file, one that can be read at any offset (not a pipe,
    /// socket or device).
    public let isRegularFile: Bool

    /// Opens `path` for reading; a directory is refused.
    ///
    /// - Throws: ``TFRecordError`` with code `.io` (missing, unreadable, a directory).
    public init(path: String) throws(TFRecordError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            throw .system("stat", path: path, errno: code)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            _ = Glibc.close(fd)
            throw TFRecordError(.io, "is a directory, expected a file", at: SourceLocation(path: path))
        }
        self.path = path
        self.descriptor = fd
        self.isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        self.size = isRegularFile ? Int(info.st_size) : 0
    }

    deinit { _ = Glibc.close(descriptor) }

    /// Reads up to `buffer.count` bytes; returns 0 only at the end of the file.
    ///
    /// - Throws: ``TFRecordError`` with code `.io`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw .system("read", path: path) }
        }
    }

    /// Fills `buffer` as far as the file allows; returns the byte count (short only at the end).
    public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Reads up to `buffer.count` bytes starting at `offset`, without moving the read
    /// position; returns 0 only at the end of the file.
    ///
    /// - Throws: ``TFRecordError`` with code `.io`.
    /// - Note: Calls `pread(2)`, retrying on `EINTR`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, atOffset offset: Int) throws(TFRecordError) -> Int {
        while true {
            let n = pread(descriptor, buffer.baseAddress!, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw .system("read", path: path) }
        }
    }
}
