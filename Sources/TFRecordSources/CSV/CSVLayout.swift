#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TFRecord

/// What the start of a CSV file says about the rest: byte-order mark, header line and the
/// number of fields per row.
public struct CSVLayout: Sendable {
    /// Bytes of a UTF-8 byte-order mark at the start (0 or 3).
    public var byteOrderMarkLength: Int
    /// Bytes of the header line, its line end included (0 without a header).
    public var headerLength: Int
    /// The row shape, from the first data row.
    public var spec: CSVRowSpec

    /// Offset of the first data row.
    public var dataOffset: Int { byteOrderMarkLength + headerLength }
    /// 1-based line number of the first data row.
    public var firstDataLine: Int { headerLength > 0 ? 2 : 1 }

    /// Reads the layout from `prefix`, the first bytes of the file: they must hold the first
    /// data line completely, or the whole file.
    ///
    /// - Parameters:
    ///   - labelColumn: the label's field index (`nil`: no label).
    /// - Throws: ``TFRecordError`` (`.badInput`) for an empty input, an empty first row, or
    ///   a label column beyond the row's fields.
    public static func detect(
        prefix: [UInt8], path: String, header: CSVHeaderMode, labelColumn: Int?
    ) throws(TFRecordError) -> CSVLayout {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let bomLength = prefix.starts(with: bom) ? 3 : 0
        var lineStart = bomLength
        var headerLength = 0
        let first = line(in: prefix, from: lineStart)
        let hasHeader: Bool
        switch header {
        case .yes: hasHeader = true
        case .no: hasHeader = false
        case .auto: hasHeader = looksLikeHeader(prefix[first.start..<first.contentEnd])
        }
        if hasHeader {
            headerLength = first.next - first.start
            lineStart = first.next
        }
        let data = line(in: prefix, from: lineStart)
        let dataLine = hasHeader ? 2 : 1
        guard data.start < prefix.count else {
            let what = hasHeader ? "no rows after the header" : "empty input: no rows"
            throw TFRecordError(.badInput, what, at: SourceLocation(path: path))
        }
        guard data.contentEnd > data.start else {
            throw TFRecordError(.badInput, "empty line", at: SourceLocation(path: path, line: dataLine))
        }
        let columns = 1 + countCommas(in: prefix, data.start..<data.contentEnd)
        if let labelColumn, labelColumn >= columns {
            throw TFRecordError(
                .badInput, "label column \(labelColumn) does not exist: the first row has \(columns) fields",
                at: SourceLocation(path: path, line: dataLine))
        }
        return CSVLayout(
            byteOrderMarkLength: bomLength, headerLength: headerLength,
            spec: CSVRowSpec(columnCount: columns, labelColumn: labelColumn))
    }

    /// The commas of `bytes[range]`; a plain loop over the buffer, which the compiler
    /// vectorizes (the first line may be one wide row of tens of MB).
    private static func countCommas(in bytes: [UInt8], _ range: Range<Int>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            for i in range where buffer[i] == UInt8(ascii: ",") { count += 1 }
            return count
        }
    }

    private static func line(in bytes: [UInt8], from start: Int) -> (start: Int, contentEnd: Int, next: Int) {
        // memchr: the first line may be one wide row of tens of MB.
        let end = bytes.withUnsafeBytes { raw -> Int in
            guard start < raw.count, let base = raw.baseAddress,
                  let found = memchr(base + start, Int32(UInt8(ascii: "\n")), raw.count - start) else { return raw.count }
            return base.distance(to: UnsafeRawPointer(found))
        }
        let next = end < bytes.count ? end + 1 : end
        let contentEnd = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
        return (start, contentEnd, next)
    }

    private static func looksLikeHeader(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let isLetter = { (b: UInt8) in (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        return !isDigit(first) && line.contains(where: isLetter)
    }
}
