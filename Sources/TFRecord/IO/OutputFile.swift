#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
internal import CTFRecordAccel

/// A file opened for writing, owned by this object: `deinit` closes it.
///
/// Writes are unbuffered `write(2)` calls that retry on `EINTR` and short writes; callers
/// batch their data (``RecordWriter`` buffers records, the shard writer hands over whole
/// chunks).
public final class OutputFile {
    /// The path as given when opening.
    public let path: String
    private var descriptor: Int32
    /// Bytes written so far.
    public private(set) var bytesWritten: Int = 0
    /// When set, every time this many more bytes have been written, the kernel is asked to
    /// start writing them to the device (``startWriteback()``), so that the final
    /// ``sync()`` of a large file waits for little more than its last stretch, and the device
    /// works while the writer goes on computing.
    public var writebackInterval: Int?
    /// Where the bytes not yet handed to writeback start.
    private var writebackStart = 0

    /// Creates (or truncates) a file; with `exclusive`, fails if it exists.
    ///
    /// - Throws: ``TFRecordError`` with code `.io`.
    /// - Note: Calls `open(2)` with `O_WRONLY | O_CREAT | O_CLOEXEC` and `O_TRUNC` or `O_EXCL`.
    public init(creating path: String, exclusive: Bool = false, permissions: mode_t = 0o644) throws(TFRecordError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC)
        let fd = open(path, flags, permissions)
        guard fd >= 0 else { throw .system("create", path: path) }
        self.path = path
        self.descriptor = fd
    }

    deinit {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    /// Writes all of `bytes`.
    ///
    /// - Throws: ``TFRecordError`` with code `.io` (disk full, I/O error).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TFRecordError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("write", path: path)
            }
            offset += n
        }
        bytesWritten += bytes.count
        if let writebackInterval, bytesWritten - writebackStart >= writebackInterval { startWriteback() }
    }

    /// Asks the kernel to start writing the bytes written since the last call to the device,
    /// without waiting (`sync_file_range(2)`, `SYNC_FILE_RANGE_WRITE`). Advisory: it makes
    /// nothing durable and its failure is ignored, since ``sync()`` reports any real error.
    public func startWriteback() {
        _ = CTFRecordAccel_start_writeback(descriptor, Int64(writebackStart), Int64(bytesWritten - writebackStart))
        writebackStart = bytesWritten
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws(TFRecordError) {
        try rethrowingTFRecordError { try bytes.withUnsafeBytes { (raw) in try write(raw) } }
    }

    /// Overwrites bytes at `offset` without moving the write position (`pwrite(2)`), e.g.
    /// to finish a header whose contents are known only at the end.
    public func write(_ bytes: [UInt8], atOffset offset: Int) throws(TFRecordError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("write", path: path)
            }
            done += n
        }
    }

    /// Flushes the file's data to the storage device (`fsync(2)`).
    public func sync() throws(TFRecordError) {
        guard fsync(descriptor) == 0 else { throw .system("sync", path: path) }
    }

    /// Closes the file; errors that only `close(2)` reports (NFS, quotas) are thrown.
    public func close() throws(TFRecordError) {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        guard Glibc.close(fd) == 0 else { throw .system("close", path: path) }
    }
}
