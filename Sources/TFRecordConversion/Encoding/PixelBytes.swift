internal import CTFRecordAccel

/// The two pixel layouts of the hot path, written by the C core (SIMD where the CPU has
/// it): the thin wrappers the record encoders call instead of C.
enum PixelBytes {
    /// Stores each byte as a little-endian int64 (`count * 8` bytes): the reference
    /// workflow's `row[1:].tobytes()` (`CTFRecordAccel_widen_u8_to_i64le`).
    static func widenToInt64LittleEndian(_ pixels: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count == pixels.count * 8)
        CTFRecordAccel_widen_u8_to_i64le(pixels.baseAddress, pixels.count, out.baseAddress)
    }

    /// Stores each byte as a protobuf varint, 1 byte below 128, else 2: an `Int64List`'s
    /// packed values (`CTFRecordAccel_write_u8_varints`). `out` must be exactly that size.
    static func writeVarints(_ pixels: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) {
        let written = CTFRecordAccel_write_u8_varints(pixels.baseAddress, pixels.count, out.baseAddress)
        precondition(written == out.count)
    }
}
