internal import CZlib

/// One zlib inflate stream: the package's only caller of zlib's inflate functions.
///
/// Owns a `z_stream` (heap-allocated: zlib keeps a pointer back to it) set up with
/// `inflateInit2` for exactly the given format (window bits 15 + 16 for gzip, 15 for zlib,
/// as TensorFlow's reader does); `deinit` calls `inflateEnd`. Not thread-safe.
package final class ZlibInflater {
    /// How one ``inflate(from:into:)`` call ended.
    package enum Status: Equatable {
        /// Bytes went in or came out, or the call needs more input or more room for output.
        case more
        /// The compressed stream (one gzip member, or the zlib stream) ended.
        case streamEnd
        /// The stream asks for a preset dictionary (zlib format only; records never use one).
        case needsDictionary
        /// The bytes do not inflate: zlib's reason (`invalid block type`, `incorrect data check`).
        case corrupt(String)
    }

    private let stream: UnsafeMutablePointer<z_stream>

    /// Sets up inflating `format` (`.gzip` or `.zlib`).
    ///
    /// - Parameter path: the file the compressed bytes come from, for the error.
    /// - Throws: ``TFRecordError`` `.io` if zlib cannot allocate its state.
    package init(format: RecordCompression, path: String) throws(TFRecordError) {
        precondition(format != .none)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let windowBits = format == .gzip ? MAX_WBITS + 16 : MAX_WBITS
        let status = inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw TFRecordError(.io, "zlib: cannot set up inflate (code \(status))", at: SourceLocation(path: path))
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// One `inflate(Z_NO_FLUSH)` call from `input` into `output`; zlib keeps no pointer to
    /// either after it returns.
    ///
    /// - Returns: the input bytes consumed, the output bytes produced, and how the call
    ///   ended. After ``Status/streamEnd``, input past `consumed` belongs to what follows.
    package func inflate(from input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
        -> (consumed: Int, produced: Int, status: Status)
    {
        let inputCount = min(input.count, Int(UInt32.max))
        let outputCount = min(output.count, Int(UInt32.max))
        stream.pointee.next_in = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
        }
        stream.pointee.avail_in = uInt(inputCount)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(outputCount)
        let code = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = inputCount - Int(stream.pointee.avail_in)
        let produced = outputCount - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        let status: Status = switch code {
        case Z_OK, Z_BUF_ERROR: .more
        case Z_STREAM_END: .streamEnd
        case Z_NEED_DICT: .needsDictionary
        default: .corrupt(stream.pointee.msg.map { String(cString: $0) } ?? "code \(code)")
        }
        return (consumed, produced, status)
    }

    /// Starts over for the next stream (the next gzip member), keeping the format
    /// (`inflateReset`, which fails only on a state this class never makes).
    package func reset() {
        let status = inflateReset(stream)
        precondition(status == Z_OK, "inflateReset on a z_stream set up by inflateInit2")
    }
}
