internal import CZlib

/// Compresses one block of a stream as raw deflate, primed with the bytes before it: the
/// unit of work of ``ParallelDeflater``.
///
/// Owns a zlib `z_stream` (heap-allocated: zlib keeps a pointer back to it), set up once
/// with `deflateInit2` (raw deflate, 32 KiB window, memLevel 8 as zlib's default) and reset
/// per block; `deinit` calls `deflateEnd`. One thread at a time: ``DeflateWorkers`` makes
/// one per worker thread and hands it over to that thread for good, hence `@unchecked Sendable`.
final class DeflateBlockCompressor: @unchecked Sendable {
    private let stream: UnsafeMutablePointer<z_stream>

    /// Creates a compressor for `level` 0...9.
    ///
    /// - Throws: ``TFRecordError`` `.io` if zlib cannot allocate its state.
    init(level: Int) throws(TFRecordError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, Int32(level), Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw TFRecordError(.io, "zlib: cannot set up deflate (code \(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// The most bytes ``compress(_:dictionary:last:into:)`` writes for `inputSize` bytes:
    /// zlib's `compressBound` (for its default window and memory level, as here) plus room
    /// for the empty stored block that a sync flush ends with.
    static func bound(inputSize: Int) -> Int {
        Int(compressBound(uLong(inputSize))) + 16
    }

    /// Compresses `input` as the continuation of a stream whose preceding 32 KiB (or less)
    /// are `dictionary`.
    ///
    /// A block that is not `last` ends with `Z_SYNC_FLUSH` (byte-aligned, the next block's
    /// bytes can simply follow); the last one with `Z_FINISH` (the final-block bit). The
    /// output depends only on the arguments and the level, never on which thread runs it.
    ///
    /// - Parameter output: at least ``bound(inputSize:)`` bytes.
    /// - Returns: the bytes written to `output`.
    /// - Throws: ``TFRecordError`` `.io` for a zlib failure (only out of memory or misuse).
    func compress(_ input: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer, last: Bool,
                  into output: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        precondition(output.count >= Self.bound(inputSize: input.count) && input.count <= Int(UInt32.max))
        var status = deflateReset(stream)
        if status == Z_OK && !dictionary.isEmpty {
            status = deflateSetDictionary(stream, dictionary.baseAddress!.assumingMemoryBound(to: Bytef.self),
                                          uInt(dictionary.count))
        }
        guard status == Z_OK else { throw TFRecordError(.io, "zlib: cannot start a deflate block (code \(status))") }
        // zlib's next_in is not const; it only reads through it.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(output.count, Int(UInt32.max)))
        status = deflate(stream, last ? Z_FINISH : Z_SYNC_FLUSH)
        let expected = last ? Z_STREAM_END : Z_OK
        // Room left over proves the flush completed (zlib stops at a full output buffer).
        guard status == expected, stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 else {
            throw TFRecordError(.io, "zlib: deflate failed (code \(status))")
        }
        let written = output.count - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        return written
    }
}
