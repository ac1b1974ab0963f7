internal import CZlib

/// The wrapper around a raw deflate stream that makes it a zlib (RFC 1950) or gzip
/// (RFC 1952) stream: a header before, a checksum of the uncompressed bytes after.
///
/// Written by hand, not by zlib, because the deflate stream is assembled from blocks
/// compressed separately (see ``ParallelDeflater``); the bytes equal what zlib's own
/// `deflateInit2` wrappers write for the same level (gzip: no name, mtime 0, OS 3 = Unix),
/// so a one-block stream is byte-identical to zlib's one-shot output.
struct DeflateContainer: Sendable {
    /// `.gzip` or `.zlib`.
    let format: RecordCompression
    /// The compression level 0...9, announced in the header's flags.
    let level: Int

    init(format: RecordCompression, level: Int) {
        precondition(format != .none, "a deflate container is gzip or zlib")
        self.format = format
        self.level = level
    }

    /// The header bytes.
    var header: [UInt8] {
        switch format {
        case .gzip:
            // ID1 ID2 CM FLG MTIME(4) XFL OS; XFL as zlib sets it: 2 = best, 4 = fastest.
            let extraFlags: UInt8 = level == 9 ? 2 : level < 2 ? 4 : 0
            return [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, 3]
        default:
            // CMF = deflate with a 32 KiB window; FLG's level bits as zlib's deflate.c sets them.
            let levelFlags = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3
            var header = 0x7800 | levelFlags << 6
            header += 31 - header % 31
            return [UInt8(header >> 8), UInt8(header & 0xff)]
        }
    }

    /// The checksum of no bytes: CRC-32 0, Adler-32 1.
    var initialCheck: UInt32 { format == .gzip ? 0 : 1 }

    /// The checksum of `bytes` (CRC-32 for gzip, Adler-32 for zlib), as `crc32`/`adler32`.
    func check(of bytes: UnsafeRawBufferPointer) -> UInt32 {
        var value = UInt(initialCheck)
        var rest = bytes
        // zlib's length parameter is a 32-bit uInt; feed large buffers in pieces.
        while !rest.isEmpty {
            let piece = UnsafeRawBufferPointer(rebasing: rest.prefix(1 << 30))
            let start = piece.baseAddress!.assumingMemoryBound(to: Bytef.self)
            value = format == .gzip ? crc32(value, start, uInt(piece.count)) : adler32(value, start, uInt(piece.count))
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(piece.count))
        }
        return UInt32(value)
    }

    /// The checksum of `first` followed by `second` bytes of checksum `next`
    /// (`crc32_combine` / `adler32_combine`).
    func combine(_ first: UInt32, _ next: UInt32, nextLength: Int) -> UInt32 {
        let combined = format == .gzip
            ? crc32_combine(UInt(first), UInt(next), numericCast(nextLength))
            : adler32_combine(UInt(first), UInt(next), numericCast(nextLength))
        return UInt32(combined)
    }

    /// The trailer: gzip CRC-32 and length mod 2^32, little-endian; zlib Adler-32, big-endian.
    func trailer(check: UInt32, length: Int) -> [UInt8] {
        switch format {
        case .gzip:
            let size = UInt32(truncatingIfNeeded: length)
            return [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: check >> $0) }
                + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: size >> $0) }
        default:
            return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: check >> $0) }
        }
    }
}
