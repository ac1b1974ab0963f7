/// A write position in a caller-owned raw buffer, for encoders that computed the exact
/// size first (swift-protobuf's `BinaryEncoder` discipline: size, allocate once, write,
/// assert nothing is left).
///
/// Every write is bounds-checked with `precondition`; the cursor never escapes the
/// `withUnsafe…` closure that created its buffer.
@usableFromInline
struct ByteCursor {
    @usableFromInline let buffer: UnsafeMutableRawBufferPointer
    @usableFromInline var offset: Int

    @inlinable
    init(_ buffer: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    @inlinable
    var remaining: Int { buffer.count - offset }

    @inlinable
    mutating func append(byte: UInt8) {
        precondition(offset < buffer.count, "ByteCursor overflow")
        buffer[offset] = byte
        offset += 1
    }

    @inlinable
    mutating func append(varint value: UInt64) {
        var v = value
        while v >= 0x80 {
            append(byte: UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(byte: UInt8(v))
    }

    @inlinable
    mutating func append(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= remaining, "ByteCursor overflow")
        if bytes.count > 0 { (buffer.baseAddress! + offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        offset += bytes.count
    }

    /// Hands out the next `count` bytes for the caller to fill, and moves past them.
    @inlinable
    mutating func reserve(_ count: Int) -> UnsafeMutableRawBufferPointer {
        precondition(count <= remaining, "ByteCursor overflow")
        let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
        offset += count
        return slice
    }
}

/// The number of bytes of `value` as a protobuf varint.
@inlinable
func protobufVarintSize(_ value: UInt64) -> Int {
    // 1 + floor(bits / 7), with 0 taking one byte.
    let bits = 64 - (value | 1).leadingZeroBitCount
    return (bits + 6) / 7
}
