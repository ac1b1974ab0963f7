#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
internal import CTFRecordAccel
import TFRecord

/// Finds a CSV file's ``CSVLayout`` in its first bytes, fed block by block as they are read,
/// without holding them: the first data line may be one wide row of tens of MB, and holding
/// it only to count its commas cost more than converting it.
///
/// It needs the first line and, when that is a header, the second: ``isComplete`` says when
/// it has seen them, and ``layout(path:labelColumn:)`` reads the layout from what it has
/// seen (the whole input, if that ends first).
///
/// Invariant: ``lines`` holds the lines seen whole (at most two, each with its newline
/// offset), ``current`` the one being read, which starts where the last of them ends.
struct CSVLayoutScanner {
    /// How the header is decided.
    let header: CSVHeaderMode
    /// Bytes fed so far.
    private(set) var offset = 0
    /// The file's first bytes: enough for the byte-order mark and the character after it.
    private var head: [UInt8] = []
    private var lines: [Line] = []
    private var current = Line(start: 0)

    /// What the scan keeps of one line: where it starts and ends, and what it holds.
    private struct Line {
        /// Offset of its first byte in the file.
        var start: Int
        /// Offset of its newline, or of the end of the input for a last line without one.
        var end = 0
        /// Whether a newline ends it.
        var hasNewline = false
        var commas = 0
        var hasLetter = false
        /// Its last byte before the newline, to drop a `\r`.
        var lastByte: UInt8?

        /// Takes in `bytes`, a run of the line without a newline.
        mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
            guard let last = bytes.last else { return }
            lastByte = last
            let (count, letter) = CSVLayoutScanner.commasAndLetters(in: bytes)
            commas += count
            hasLetter = hasLetter || letter
        }
    }

    /// The commas in `bytes`, and whether they hold an ASCII letter: the C core's
    /// vectorized census (a wide first row is tens of MB; a Swift byte loop ran at under
    /// 1 GB/s).
    static func commasAndLetters(in bytes: UnsafeRawBufferPointer) -> (commas: Int, hasLetter: Bool) {
        guard let base = bytes.baseAddress else { return (0, false) }
        var letter: Int32 = 0
        let commas = CTFRecordAccel_csv_count_commas(base, bytes.count, &letter)
        return (commas, letter != 0)
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(header: CSVHeaderMode) {
        self.header = header
    }

    /// Whether the lines that decide the layout have been seen whole, so that nothing more
    /// need be read.
    var isComplete: Bool {
        switch header {
        case .no: lines.count >= 1
        case .yes: lines.count >= 2
        case .auto: lines.count >= 2 || (lines.count == 1 && !firstLineLooksLikeHeader(lines[0]))
        }
    }

    /// Takes in the next bytes of the file; bytes past the deciding lines are only counted.
    ///
    /// - Complexity: O(n) in `bytes`, with `memchr` for the newlines.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        defer { offset += bytes.count }
        if head.count < 4 { head += bytes.prefix(4 - head.count) }
        guard let base = bytes.baseAddress else { return }
        var position = 0
        while position < bytes.count && !isComplete {
            let found = memchr(base + position, Int32(UInt8(ascii: "\n")), bytes.count - position)
            let runEnd = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
            current.absorb(UnsafeRawBufferPointer(rebasing: bytes[position..<runEnd]))
            position = runEnd
            if found != nil {
                current.end = offset + runEnd
                current.hasNewline = true
                lines.append(current)
                position += 1
                current = Line(start: offset + position)
            }
        }
    }

    /// The layout of the bytes seen: those of a complete scan, or the whole input.
    ///
    /// - Parameters:
    ///   - labelColumn: the label's field index (`nil`: no label).
    /// - Throws: ``TFRecordError`` (`.badInput`) for an empty input, an empty first row, or
    ///   a label column beyond the row's fields.
    func layout(path: String, labelColumn: Int?) throws(TFRecordError) -> CSVLayout {
        var seen = lines
        if seen.count < 2 && offset > current.start {
            // The input's last line, without a newline.
            var last = current
            last.end = offset
            seen.append(last)
        }
        let bomLength = head.starts(with: Self.byteOrderMark) ? 3 : 0
        let first = seen.first ?? Line(start: 0, end: offset)
        let hasHeader: Bool
        switch header {
        case .yes: hasHeader = true
        case .no: hasHeader = false
        case .auto: hasHeader = firstLineLooksLikeHeader(first)
        }
        let headerLength = hasHeader ? first.end + (first.hasNewline ? 1 : 0) - bomLength : 0
        let dataLine = hasHeader ? 2 : 1
        // The first line's content starts after the byte-order mark.
        let contentStart = dataLine == 1 ? bomLength : (seen.count >= 2 ? seen[1].start : 0)
        guard let data = seen.count >= dataLine ? seen[dataLine - 1] : nil,
              data.end > contentStart || data.hasNewline else {
            let what = hasHeader ? "no rows after the header" : "empty input: no rows"
            throw TFRecordError(.badInput, what, at: SourceLocation(path: path))
        }
        guard contentEnd(of: data, from: contentStart) > contentStart else {
            throw TFRecordError(.badInput, "empty line", at: SourceLocation(path: path, line: dataLine))
        }
        let columns = 1 + data.commas
        if let labelColumn, labelColumn >= columns {
            throw TFRecordError(
                .badInput, "label column \(labelColumn) does not exist: the first row has \(columns) fields",
                at: SourceLocation(path: path, line: dataLine))
        }
        return CSVLayout(
            byteOrderMarkLength: bomLength, headerLength: headerLength,
            spec: CSVRowSpec(columnCount: columns, labelColumn: labelColumn))
    }

    /// Where `line`'s content ends: before its newline and a `\r` ahead of it.
    private func contentEnd(of line: Line, from start: Int) -> Int {
        line.end > start && line.lastByte == UInt8(ascii: "\r") ? line.end - 1 : line.end
    }

    /// A header starts with something other than a digit and holds a letter.
    private func firstLineLooksLikeHeader(_ line: Line) -> Bool {
        let start = head.starts(with: Self.byteOrderMark) ? 3 : 0
        guard contentEnd(of: line, from: start) > start, start < head.count else { return false }
        let first = head[start]
        let isDigit = first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
        return !isDigit && line.hasLetter
    }
}
