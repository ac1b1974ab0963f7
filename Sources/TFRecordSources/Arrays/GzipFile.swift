#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
internal import CZlib
import TFRecord

/// A gzip-compressed file read front to back through zlib's `gz*` API (`gzdopen`,
/// `gzread`, `gzclose`), owned by this object: `deinit` closes it.
///
/// Concatenated gzip members are read as one stream, as `gunzip` does. Corrupt data, a
/// wrong checksum and a stream cut short are reported as errors.
final class GzipFile {
    /// The path as given.
    let path: String
    /// The compressed file's state when it was opened.
    let snapshot: FileSnapshot
    private let descriptor: Int32
    private let file: gzFile
    /// Uncompressed bytes read so far.
    private(set) var position = 0

    /// Opens `path`, which must be gzip data.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a missing or unreadable file, `.io`
    ///   when zlib cannot start.
    init(path: String) throws(TFRecordError) {
        let (fd, snapshot) = try RandomAccessFile.openInput(path)
        self.snapshot = snapshot
        guard let file = gzdopen(fd, "rb") else {
            close(fd)
            throw TFRecordError(.io, "cannot start gzip decompression", at: SourceLocation(path: path))
        }
        _ = gzbuffer(file, 1 << 18)
        self.path = path
        self.descriptor = fd
        self.file = file
    }

    deinit { gzclose(file) }  // closes the descriptor too

    /// Fills `buffer` with the next uncompressed bytes, as far as the stream allows.
    ///
    /// - Returns: the bytes read; fewer than `buffer.count` only at the end of the stream.
    /// - Throws: ``TFRecordError`` `.badInput` for corrupt or truncated gzip data
    ///   (`gzerror`), `.io` for a failed read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let want = UInt32(min(buffer.count - filled, 1 << 30))
            let n = gzread(file, buffer.baseAddress! + filled, want)
            if n < 0 { throw streamError() }
            if n == 0 { break }
            filled += Int(n)
        }
        position += filled
        if filled < buffer.count {
            // zlib reports a stream cut short as Z_BUF_ERROR and returns what it had.
            var code: Int32 = 0
            _ = gzerror(file, &code)
            if code != Z_OK { throw streamError() }
        }
        return filled
    }

    /// Up to `count` uncompressed bytes (fewer at the end of the stream).
    func read(count: Int) throws(TFRecordError) -> [UInt8] {
        try [UInt8](filling: count) { (buffer) throws(TFRecordError) in try read(into: buffer) }
    }

    /// Throws unless the compressed file is as it was when opened.
    func checkUnchanged() throws(TFRecordError) {
        try snapshot.check(descriptor: descriptor, path: path)
    }

    /// The error zlib recorded, as a ``TFRecordError``.
    private func streamError() -> TFRecordError {
        var code: Int32 = 0
        var message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
        // zlib prefixes the name it was opened with, here `<fd:N>: `; the location names the file.
        if message.hasPrefix("<fd:"), let colon = message.firstIndex(of: " ") { message = String(message[message.index(after: colon)...]) }
        let at = SourceLocation(path: path)
        switch code {
        case Z_ERRNO: return TFRecordError.system("read", path: path)
        case Z_BUF_ERROR:
            return TFRecordError(.badInput, "truncated gzip data: the stream ends after \(position) uncompressed bytes "
                                 + "(\(message))", at: at)
        default: return TFRecordError(.badInput, "corrupt gzip data: \(message)", at: at)
        }
    }
}
