/// Bytes in memory, read front to back as if they were an uncompressed record file.
final class MemoryInput: RecordByteSource {
    /// The name used in error locations.
    let path: String
    private let bytes: [UInt8]
    private let announcesSize: Bool
    private var position = 0

    /// - Parameter announcesSize: `false` makes the input look like a pipe (no size known up
    ///   front), so that tests and the fuzz target take the reader through that path too.
    init(_ bytes: [UInt8], name: String, announcesSize: Bool = true) {
        self.bytes = bytes
        self.path = name
        self.announcesSize = announcesSize
    }

    var streamSize: Int? { announcesSize && !bytes.isEmpty ? bytes.count : nil }

    var fileBytesRead: Int { position }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            buffer.baseAddress!.copyMemory(from: raw.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
