/// Bytes in memory, read front to back as if they were a file.
final class MemoryInput: RecordInput {
    let path: String
    let size: Int
    private let bytes: [UInt8]
    private var position = 0

    /// - Parameter announcesSize: `false` makes the input look like a pipe (``size`` 0), so
    ///   that tests can take the reader through its path for inputs of unknown size.
    init(_ bytes: [UInt8], name: String, announcesSize: Bool = true) {
        self.bytes = bytes
        self.path = name
        self.size = announcesSize ? bytes.count : 0
    }

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
