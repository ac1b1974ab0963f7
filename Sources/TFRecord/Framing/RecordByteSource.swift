/// Where a ``RecordReader`` gets the framed bytes of a record file: the file itself, or
/// the file decompressed on the fly (``InflatingByteSource``).
///
/// The reader's framing loop stays the same for both; only the bytes differ.
///
/// Its ``ByteStream/read(into:)`` gives the (uncompressed) record stream.
protocol RecordByteSource: ByteStream {
    /// The size of the record stream if known up front (uncompressed regular files), else `nil`.
    var streamSize: Int? { get }

    /// Bytes of the file consumed so far (for compressed files, by the decompressor).
    var fileBytesRead: Int { get }
}

/// The bytes of an uncompressed file, after the prefix already read to detect compression.
final class PlainByteSource: RecordByteSource {
    private let file: InputFile
    private var prefix: [UInt8]
    private(set) var fileBytesRead = 0

    init(file: InputFile, prefix: [UInt8]) {
        self.file = file
        self.prefix = prefix
    }

    var streamSize: Int? { file.size > 0 ? file.size : nil }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        guard buffer.count > 0 else { return 0 }
        let n: Int
        if !prefix.isEmpty {
            n = min(prefix.count, buffer.count)
            prefix.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            prefix.removeFirst(n)
        } else {
            n = try file.read(into: buffer)
        }
        fileBytesRead += n
        return n
    }
}
