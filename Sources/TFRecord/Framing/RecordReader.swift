/// Reads TFRecord records from a file or from bytes in memory, checking both CRCs of every
/// record.
///
/// A reader never stops silently: a truncated or corrupt record throws a ``TFRecordError``
/// that names the file, the record index and the byte offset of the record's header.
///
/// GZIP- and ZLIB-compressed files (TensorFlow's `compression_type`) are recognised by
/// their first bytes (see ``RecordCompression/detect(prefix:)``) or named explicitly, and
/// inflated as they are read; offsets then count bytes of the uncompressed stream, as
/// TensorFlow and `.idx` files do.
///
/// ```swift
/// let reader = try RecordReader(path: "file_00-3000.tfrec")
/// while let record = try reader.next() { ... }
/// ```
public final class RecordReader {
    private let source: RecordByteSource
    /// The path being read.
    public let path: String
    /// The file's compression, as detected or given.
    public let compression: RecordCompression
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    /// Index of the next record.
    public private(set) var recordIndex = 0
    /// File offset of the next record.
    public private(set) var offset = 0

    /// Opens the file at `path`.
    ///
    /// - Parameter compression: how the file is compressed; `nil` detects it from the
    ///   file's first bytes.
    /// - Throws: ``TFRecordError`` with code `.io`.
    public convenience init(path: String, compression: RecordCompression? = nil, bufferSize: Int = 1 << 20) throws(TFRecordError) {
        let file = try InputFile(path: path)
        var prefix = [UInt8](repeating: 0, count: RecordCompression.detectionPrefixSize)
        let n = try rethrowingTFRecordError {
            try prefix.withUnsafeMutableBytes { (raw) in try file.readFully(into: raw) }
        }
        prefix.removeLast(prefix.count - n)
        let compression = compression ?? RecordCompression.detect(prefix: prefix)
        let source: RecordByteSource = compression == .none
            ? PlainByteSource(file: file, prefix: prefix)
            : try InflatingByteSource(compressed: file, path: path, prefix: prefix, format: compression)
        self.init(source: source, path: path, compression: compression, bufferSize: bufferSize)
    }

    /// Reads the records in `bytes`, a whole uncompressed TFRecord file in memory.
    ///
    /// The bytes go through the same framing and CRC checks as a file's.
    ///
    /// - Parameters:
    ///   - name: stands for the path in error locations.
    ///   - bufferSize: bytes copied out of `bytes` at a time (the reader's buffer grows for
    ///     larger records).
    public convenience init(bytes: [UInt8], name: String = "<memory>", bufferSize: Int = 1 << 16) {
        self.init(input: MemoryInput(bytes, name: name), bufferSize: bufferSize)
    }

    /// Reads the bytes of `input` (tests and the fuzz target make it look like a pipe).
    convenience init(input: MemoryInput, bufferSize: Int) {
        self.init(source: input, path: input.path, compression: .none, bufferSize: bufferSize)
    }

    init(source: RecordByteSource, path: String, compression: RecordCompression, bufferSize: Int) {
        self.source = source
        self.path = path
        self.compression = compression
        self.buffer = [UInt8](repeating: 0, count: max(bufferSize, 64))
    }

    /// Bytes of the file consumed so far: `offset` plus what is buffered for uncompressed
    /// files; for compressed files, the compressed bytes inflated so far (the file size
    /// once every record was read).
    public var fileBytesRead: Int { source.fileBytesRead }

    /// The next record's data, or `nil` at the end of the file.
    ///
    /// - Throws: ``TFRecordError`` with code `.badInput` for a truncated record or a CRC
    ///   mismatch, `.io` for a failed read.
    public func next() throws(TFRecordError) -> [UInt8]? {
        try nextRecord { Array($0) }
    }

    /// Calls `body` with the next record's data (valid only inside `body`) and returns its
    /// result, or returns `nil` at the end of the file.
    ///
    /// - Complexity: O(n) in the record size (one CRC pass, no copy unless the record
    ///   spans the internal buffer's end).
    public func nextRecord<Result>(_ body: (UnsafeRawBufferPointer) throws(TFRecordError) -> Result)
        throws(TFRecordError) -> Result?
    {
        let available = try fill(atLeast: RecordFraming.headerSize)
        if available == 0 { return nil }
        guard available >= RecordFraming.headerSize else {
            throw corrupt("truncated record header: \(available) of \(RecordFraming.headerSize) bytes")
        }
        let header = buffer.withUnsafeBytes { raw in
            RecordFraming.payloadLength(header: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 12)]))
        }
        guard let length = header else { throw corrupt("length CRC mismatch: the record header is corrupt") }
        // Bytes after the header by the size known at opening; negative if the file has grown
        // since (its size then says nothing, and the reads below find out what is there).
        if let size = source.streamSize, size - offset - RecordFraming.headerSize >= 0 {
            let left = size - offset - RecordFraming.headerSize
            // Not `length + 4 <= left`: a length near 2^64 overflows that sum.
            guard left >= RecordFraming.footerSize, length <= UInt64(left - RecordFraming.footerSize) else {
                throw corrupt("truncated record: \(length) data bytes + 4 CRC bytes announced, \(left) bytes left")
            }
        }
        guard length < UInt64(Int.max / 2) else { throw corrupt("implausible record length \(length)") }
        let total = RecordFraming.framedSize(payloadSize: Int(length))
        let have = try fill(atLeast: total)
        guard have >= total else {
            throw corrupt("truncated record: \(total) bytes expected, \(have) found")
        }
        let result: Result = try rethrowingTFRecordError { try buffer.withUnsafeBytes { (raw) -> Result in
            let payload = UnsafeRawBufferPointer(rebasing: raw[(start + 12)..<(start + total - 4)])
            let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + total - 4, as: UInt32.self))
            let computed = CRC32C.maskedChecksum(payload)
            guard stored == computed else {
                throw corrupt("data CRC mismatch (stored 0x\(hex(stored)), computed 0x\(hex(computed)))")
            }
            return try body(payload)
        } }
        start += total
        offset += total
        recordIndex += 1
        return result
    }

    /// Makes at least `count` bytes available from `start` if the file has them; returns
    /// how many are available.
    private func fill(atLeast count: Int) throws(TFRecordError) -> Int {
        if end - start >= count || atEndOfFile { return end - start }
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        while end < count && !atEndOfFile {
            if end == buffer.count {
                // Grow with the bytes that arrive, not with what a header announces: from a pipe
                // (size unknown) a corrupt length must end in a truncation error, not in an
                // allocation of that size.
                buffer.append(contentsOf: repeatElement(0, count: min(count, 2 * buffer.count) - buffer.count))
            }
            let n: Int
            do {
                n = try rethrowingTFRecordError { try buffer.withUnsafeMutableBytes { (raw) in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
                } }
            } catch where error.code == .badInput {
                // A corrupt compressed stream: say which record it broke.
                throw TFRecordError(error.code, error.message,
                                    at: SourceLocation(path: path, recordIndex: recordIndex, byteOffset: offset))
            }
            if n == 0 { atEndOfFile = true }
            end += n
        }
        return end - start
    }

    private func corrupt(_ message: String) -> TFRecordError {
        TFRecordError(.badInput, message, at: SourceLocation(path: path, recordIndex: recordIndex, byteOffset: offset))
    }
}

/// A CRC as 8 hex digits, as error messages show it (`RecordReader`, `RecordScanner`).
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}
