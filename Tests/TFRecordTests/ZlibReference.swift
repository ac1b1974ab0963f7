import CZlib
import TFRecord

/// zlib's own one-shot compression and decompression: the reference that
/// ``ParallelDeflater`` and the reader's inflating source are tested against.
enum ZlibReference {
    /// `deflateInit2` + one `deflate(Z_FINISH)` over all of `data`, with the parameters that
    /// `gzip`/`compress2` use (window bits 15, + 16 for gzip; memLevel 8; default strategy).
    static func compress(_ data: [UInt8], format: RecordCompression, level: Int) -> [UInt8] {
        // zlib keeps a pointer back to its z_stream: it must not move, so it lives on the heap.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let windowBits = format == .gzip ? MAX_WBITS + 16 : MAX_WBITS
        precondition(deflateInit2_(stream, Int32(level), Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                   Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer {
            deflateEnd(stream)
            stream.deallocate()
        }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(data.count))) + 64)
        let written = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(out.count)
                precondition(deflate(stream, Z_FINISH) == Z_STREAM_END)
                return out.count - Int(stream.pointee.avail_out)
            }
        }
        return Array(output[..<written])
    }

    /// Inflates a whole gzip or zlib stream with `inflateInit2`; `nil` if zlib rejects it
    /// or it does not end exactly at the end of `data`.
    static func decompress(_ data: [UInt8], format: RecordCompression) -> [UInt8]? {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let windowBits = format == .gzip ? MAX_WBITS + 16 : MAX_WBITS
        guard inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(stream) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return data.withUnsafeBytes { input -> [UInt8]? in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBytes { out -> (Int32, Int) in
                    stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(out.count)
                    let status = inflate(stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.pointee.avail_out))
                }
                result += chunk[..<produced]
                if status == Z_STREAM_END { return stream.pointee.avail_in == 0 ? result : nil }
                if status != Z_OK { return nil }
            }
        }
    }
}
