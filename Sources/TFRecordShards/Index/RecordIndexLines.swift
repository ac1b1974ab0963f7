/// The text of a `.idx` file: one line per record, `offset size`, in decimal, each ended
/// by `\n` — the index format that DALI's TFRecord reader and the PyTorch `tfrecord`
/// package read, byte for byte what `tfrecord.tools.tfrecord2idx` writes.
///
/// `offset` is where the record's framing starts in the (uncompressed) file and `size` its
/// framed size: 8 length bytes + 4 + data + 4.
public struct RecordIndexLines {
    /// The name of the index file of the record file `name`: `name.idx`.
    public static func fileName(forRecordFile name: String) -> String { name + ".idx" }

    /// The text so far, as UTF-8 (ASCII) bytes.
    public private(set) var bytes: [UInt8] = []

    /// An empty index text.
    public init() {}

    /// Appends the line of one record.
    ///
    /// - Complexity: O(digits); no `String` is built, since a conversion adds a line per record.
    public mutating func append(offset: Int, size: Int) {
        precondition(offset >= 0 && size >= 0)
        appendDecimal(offset)
        bytes.append(UInt8(ascii: " "))
        appendDecimal(size)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Forgets the text, keeping its storage.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    private mutating func appendDecimal(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for Int.max's 19 digits
        let count = withUnsafeMutableBytes(of: &digits) { raw -> Int in
            var rest = value
            var position = raw.count
            repeat {
                position -= 1
                raw[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            return raw.count - position
        }
        withUnsafeBytes(of: &digits) { raw in bytes.append(contentsOf: raw.suffix(count)) }
    }
}
