#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading, owned by this object: `deinit` closes it.
public final class InputFile: ByteStream {
    /// The path as given when opening.
    public let path: String
    // Internal, not private: the positional-read and snapshot facets live in their own files.
    let descriptor: Int32
    /// The file's size when it was opened (0 for pipes and other non-regular files).
    public let size: Int
    /// Whether the file is a regular file, one that can be read at any offset (not a pipe,
    /// socket or device).
    public let isRegularFile: Bool
    /// Whether this is standard input (``standardInput()``): a stream read once.
    public let isStandardInput: Bool
    /// Whether the bytes read are inflated from gzip (standard input only).
    public let isGzipCompressed: Bool
    /// Where ``read(into:)`` gets its bytes when not straight from the descriptor: standard
    /// input, plain or inflated, after the bytes read to tell which.
    private let decoder: (any RecordByteSource)?

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
        (isStandardInput, isGzipCompressed, decoder) = (false, false, nil)
    }

    /// Wraps `descriptor` (owned from now on) as a stream named `path`, read through `decoder`.
    private init(streamDescriptor descriptor: Int32, path: String, decoder: (any RecordByteSource)?, gzip: Bool) {
        self.path = path
        self.descriptor = descriptor
        (isRegularFile, size, isStandardInput, isGzipCompressed, self.decoder) = (false, 0, true, gzip, decoder)
    }

    /// Standard input as a stream, named `path` (`-` on the command line), read once front to
    /// back: gzip-compressed data (it starts with `1f 8b`) is inflated as it is read,
    /// concatenated members included, and anything else is read as it is.
    ///
    /// It counts as a non-regular file whatever it is redirected from (a pipe, a file, a
    /// terminal): it is never read at an offset, and its snapshots never report a change.
    ///
    /// - Throws: ``TFRecordError`` `.io` when standard input is closed or cannot be read.
    public static func standardInput(path: String = "-") throws(TFRecordError) -> InputFile {
        let rawDescriptor = dup(STDIN_FILENO)
        guard rawDescriptor >= 0 else { throw .system("open standard input", path: path) }
        let raw = InputFile(streamDescriptor: rawDescriptor, path: path, decoder: nil, gzip: false)
        var start = [UInt8](repeating: 0, count: 2)
        let n = try rethrowingTFRecordError { try start.withUnsafeMutableBytes { try raw.readFully(into: $0) } }
        start.removeLast(2 - n)
        let gzip = start == [0x1F, 0x8B]
        let decoder: any RecordByteSource = gzip
            ? try InflatingByteSource(compressed: raw, path: path, prefix: start, format: .gzip) : PlainByteSource(file: raw, prefix: start)
        let descriptor = dup(rawDescriptor)
        guard descriptor >= 0 else { throw .system("open standard input", path: path) }
        return InputFile(streamDescriptor: descriptor, path: path, decoder: decoder, gzip: gzip)
    }

    deinit { _ = Glibc.close(descriptor) }

    /// Reads up to `buffer.count` bytes (one `read(2)`, retried on `EINTR`, or one read of
    /// standard input's decoder); returns 0 only at the end of the file.
    ///
    /// - Throws: ``TFRecordError`` with code `.io`; `.badInput` for corrupt gzip data on
    ///   standard input.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        if let decoder { return try decoder.read(into: buffer) }
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw .system("read", path: path) }
        }
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
