internal import CZlib

/// The uncompressed bytes of a gzip- or zlib-compressed record file, inflated as they are read.
///
/// Owns a zlib `z_stream` (heap-allocated: zlib keeps a pointer back to it) set up with
/// `inflateInit2` for exactly the given format (window bits 15 + 16 for gzip, 15 for zlib,
/// as TensorFlow's reader does); `deinit` calls `inflateEnd`.
///
/// A stream that ends early (truncated file) or does not inflate (corrupt bytes, bad
/// checksum) throws `.badInput` naming the file and the compressed byte offset; so do
/// bytes after the end of the stream, except further gzip members (`cat a.gz b.gz`), which
/// are read on as gzip tools do.
final class InflatingByteSource: RecordByteSource {
    private let file: InputFile
    private let format: RecordCompression
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8]
    /// Valid compressed bytes in `input` start at `inputStart`, end at `inputEnd`.
    private var inputStart = 0
    private var inputEnd = 0
    private var fileAtEnd = false
    private var streamEnded = false
    /// A stream error found after inflating some bytes, thrown once those are read.
    private var pendingError: TFRecordError?
    /// Compressed bytes consumed by inflate.
    private(set) var fileBytesRead = 0

    /// Starts inflating `file`, whose first bytes (already read to detect the format) are `prefix`.
    ///
    /// - Throws: ``TFRecordError`` `.io` if zlib cannot allocate its state.
    init(file: InputFile, prefix: [UInt8], format: RecordCompression, inputSize: Int = 1 << 18) throws(TFRecordError) {
        precondition(format != .none)
        self.file = file
        self.format = format
        input = [UInt8](repeating: 0, count: max(inputSize, prefix.count, 64))
        input.replaceSubrange(0..<prefix.count, with: prefix)
        inputEnd = prefix.count
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let windowBits = format == .gzip ? MAX_WBITS + 16 : MAX_WBITS
        let status = inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw TFRecordError(.io, "zlib: cannot set up inflate (code \(status))",
                                at: SourceLocation(path: file.path))
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    var streamSize: Int? { nil }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if let pendingError { throw pendingError }
        while true {
            if streamEnded {
                try refillInput()
                guard inputStart < inputEnd else { return 0 }
                try startNextMember()
            }
            if inputStart == inputEnd { try refillInput() }
            if inputStart == inputEnd && fileAtEnd {
                throw corrupt("truncated \(format) stream: the file ends after \(fileBytesRead) bytes, "
                              + "before the end of the compressed data")
            }
            let (produced, status) = inflateStep(into: buffer)
            switch status {
            case Z_STREAM_END:
                streamEnded = true
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_NEED_DICT:
                pendingError = corrupt(
                    "corrupt \(format) stream at compressed byte \(fileBytesRead): it asks for a preset dictionary")
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "code \(status)"
                pendingError = corrupt("corrupt \(format) stream at compressed byte \(fileBytesRead): \(reason)")
            }
            // Bytes inflated before the error are good: the records in them still read.
            if produced > 0 { return produced }
            if let pendingError { throw pendingError }
        }
    }

    /// One `inflate` call from the buffered input into `buffer`; returns the bytes produced and zlib's status.
    private func inflateStep(into buffer: UnsafeMutableRawBufferPointer) -> (Int, Int32) {
        input.withUnsafeMutableBytes { raw in
            stream.pointee.next_in = (raw.baseAddress! + inputStart).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(inputEnd - inputStart)
            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
            let status = inflate(stream, Z_NO_FLUSH)
            let consumed = inputEnd - inputStart - Int(stream.pointee.avail_in)
            inputStart += consumed
            fileBytesRead += consumed
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
            return (min(buffer.count, Int(UInt32.max)) - Int(stream.pointee.avail_out), status)
        }
    }

    /// Reads more compressed bytes if the buffer is empty.
    private func refillInput() throws(TFRecordError) {
        guard inputStart == inputEnd, !fileAtEnd else { return }
        let n = try rethrowingTFRecordError { try input.withUnsafeMutableBytes { (raw) in try file.read(into: raw) } }
        inputStart = 0
        inputEnd = n
        if n == 0 { fileAtEnd = true }
    }

    /// After the end of one stream: another gzip member goes on, anything else is an error.
    private func startNextMember() throws(TFRecordError) {
        let next = input[inputStart]
        guard format == .gzip && next == 0x1f else {
            throw corrupt("unexpected bytes after the end of the \(format) stream, at compressed byte \(fileBytesRead)")
        }
        guard inflateReset(stream) == Z_OK else { throw corrupt("zlib: cannot restart inflate") }
        streamEnded = false
    }

    private func corrupt(_ message: String) -> TFRecordError {
        TFRecordError(.badInput, message, at: SourceLocation(path: file.path))
    }
}
