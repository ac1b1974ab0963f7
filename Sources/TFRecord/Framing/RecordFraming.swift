internal import CTFRecordAccel

/// TFRecord framing of one record:
/// `uint64 length (LE) | uint32 masked CRC32C of those 8 bytes | data | uint32 masked CRC32C of data`.
///
/// The length CRC covers the eight little-endian bytes of the length, not the data (an
/// implementation that got this wrong once wrote files that TensorFlow rejects).
public enum RecordFraming {
    /// Bytes before the data: length and its masked CRC.
    public static let headerSize = 12
    /// Bytes after the data: its masked CRC.
    public static let footerSize = 4

    /// The size of a framed record whose data is `payloadSize` bytes.
    @inlinable
    public static func framedSize(payloadSize: Int) -> Int { headerSize + payloadSize + footerSize }

    /// Writes the header and footer around data already stored in the middle of `record`.
    ///
    /// - Parameter record: exactly `framedSize(payloadSize:)` bytes; the data is at
    ///   `headerSize ..< record.count - footerSize`.
    /// - Complexity: O(n) for the CRC of the data.
    @inlinable
    public static func seal(_ record: UnsafeMutableRawBufferPointer) {
        precondition(record.count >= headerSize + footerSize, "a framed record has at least 16 bytes")
        let payloadSize = record.count - headerSize - footerSize
        writeHeader(payloadSize: payloadSize, into: record)
        let dataCRC = CRC32C.maskedChecksum(UnsafeRawBufferPointer(rebasing: record[headerSize..<(headerSize + payloadSize)]))
        record.storeBytes(of: dataCRC.littleEndian, toByteOffset: headerSize + payloadSize, as: UInt32.self)
    }

    /// Writes the header of a record whose data is `payloadSize` bytes: the length and its
    /// masked CRC, `headerSize` bytes at the start of `header`.
    @inlinable
    public static func writeHeader(payloadSize: Int, into header: UnsafeMutableRawBufferPointer) {
        precondition(header.count >= headerSize)
        header.storeBytes(of: UInt64(payloadSize).littleEndian, toByteOffset: 0, as: UInt64.self)
        let lengthCRC = CRC32C.maskedChecksum(UnsafeRawBufferPointer(rebasing: header[0..<8]))
        header.storeBytes(of: lengthCRC.littleEndian, toByteOffset: 8, as: UInt32.self)
    }

    /// Appends the framed form of `payload` to `buffer`.
    public static func append(payload: UnsafeRawBufferPointer, to buffer: RecordBuffer) {
        buffer.append(count: framedSize(payloadSize: payload.count)) { record in
            UnsafeMutableRawBufferPointer(rebasing: record[headerSize..<(headerSize + payload.count)]).copyMemory(from: payload)
            seal(record)
        }
    }

    /// The data length stored in a record header, or `nil` if the header's CRC does not match.
    ///
    /// - Parameter header: at least `headerSize` bytes.
    public static func payloadLength(header: UnsafeRawBufferPointer) -> UInt64? {
        precondition(header.count >= headerSize)
        let length = UInt64(littleEndian: header.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        let stored = UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        return CRC32C.maskedChecksum(UnsafeRawBufferPointer(rebasing: header[0..<8])) == stored ? length : nil
    }

    /// The first offset in `bytes` where a header that verifies starts and whose length fits,
    /// and that length; `nil` if there is none.
    ///
    /// Every offset whose 12 header bytes lie in `bytes` is tried, as ``payloadLength(header:)``
    /// would, but in one pass in C: this is how a reader finds its way back into a damaged file.
    ///
    /// - Parameters:
    ///   - bytes: where to search.
    ///   - room: how many data bytes a record starting at offset 0 could have (the bytes of
    ///     the file from `bytes[0]` on, minus the 16 bytes of framing); a header at offset `i`
    ///     fits when its length is at most `room - i`.
    /// - Complexity: O(n), one 8-byte CRC per offset.
    /// - Note: Calls `CTFRecordAccel_find_record_header`.
    public static func firstHeader(in bytes: UnsafeRawBufferPointer, room: Int) -> (offset: Int, length: UInt64)? {
        guard room >= 0, bytes.count >= headerSize else { return nil }
        var length: UInt64 = 0
        let offset = CTFRecordAccel_find_record_header(bytes.baseAddress, bytes.count, UInt64(room), &length)
        // SIZE_MAX, "none", arrives as -1.
        return offset >= 0 ? (offset, length) : nil
    }
}
