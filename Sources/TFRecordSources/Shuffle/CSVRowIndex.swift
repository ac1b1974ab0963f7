#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TFRecord

/// Where every data row of one or more CSV files starts: the first pass of a shuffled
/// conversion, which then reads the rows in any order by offset.
///
/// Rows are numbered across the files in order (the rows of the first file, then those of
/// the second, …); a row is a line, so an empty line is a row (which the parser rejects),
/// and row `r` of a file is on line `firstDataLine + r`.
///
/// Memory: 8 bytes per row (one file offset), plus a few words per file; no row data.
package struct CSVRowIndex {
    /// A row's place in the files.
    struct Row: Equatable {
        /// The file's index.
        var input: Int
        /// The file offset of its first byte.
        var offset: Int
        /// Its bytes, line end included when the file has one.
        var length: Int
        /// Whether it is the last line of a file that does not end in a newline.
        var lacksNewline: Bool
        /// Its 1-based line number.
        var line: Int
    }

    /// What the index knows about one file.
    private struct File {
        var firstRow: Int
        var dataEnd: Int
        var endsWithNewline: Bool
        var firstDataLine: Int
    }

    /// The file offset of every row's first byte, all files in order.
    private var starts: [Int] = []
    private var files: [File] = []

    package init() {}

    /// The number of rows.
    package var rowCount: Int { starts.count }

    /// Indexes the data rows of `csv` (positioned after its layout prefix) as the next file,
    /// reading the rest of it in blocks of `blockSize` bytes.
    ///
    /// - Parameter cancellation: checked after every block, so that Ctrl-C stops a long scan.
    /// - Throws: ``TFRecordError`` `.badInput` if the file's size is not what it was when
    ///   opened (it changed); `.io` for a failed read; `.interrupted`.
    /// - Complexity: O(n) in the file's bytes, one `memchr` scan.
    package mutating func append(_ csv: CSVInput, blockSize: Int = 1 << 20, cancellation: CancellationFlag = CancellationFlag())
        throws(TFRecordError)
    {
        precondition(blockSize > 0)
        let firstRow = starts.count
        let dataOffset = csv.layout.dataOffset
        starts.append(dataOffset)
        var lastByte = csv.buffered.last
        csv.buffered.withUnsafeBytes { raw in addRows(after: raw, at: dataOffset) }
        var size = dataOffset + csv.buffered.count
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let n = try rethrowingTFRecordError {
                try block.withUnsafeMutableBytes { raw in try csv.file.readFully(into: raw) }
            }
            if n == 0 { break }
            if cancellation.isCancelled { throw TFRecordError(.interrupted, "interrupted; no shard was written") }
            block.withUnsafeBytes { raw in addRows(after: UnsafeRawBufferPointer(rebasing: raw[..<n]), at: size) }
            size += n
            lastByte = block[n - 1]
        }
        if csv.openedAs.isRegularFile && size != csv.openedAs.size {
            throw .inputChanged("\(size) bytes read of \(csv.openedAs.size)", path: csv.file.path)
        }
        // A newline at the very end starts no row.
        if starts.count > firstRow + 1 && starts[starts.count - 1] == size { starts.removeLast() }
        files.append(File(firstRow: firstRow, dataEnd: size, endsWithNewline: lastByte == UInt8(ascii: "\n"),
                          firstDataLine: csv.layout.firstDataLine))
    }

    /// Records a row start after every newline in `bytes`, which are at file offset `base`.
    private mutating func addRows(after bytes: UnsafeRawBufferPointer, at base: Int) {
        Self.forEachNewline(in: bytes) { starts.append(base + $0 + 1) }
    }

    /// Calls `body` with the offset of every newline in `bytes`, in order (`memchr`, which
    /// the C library vectorizes).
    static func forEachNewline(in bytes: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var position = 0
        let newline = Int32(UInt8(ascii: "\n"))
        while position < bytes.count, let found = memchr(base + position, newline, bytes.count - position) {
            let offset = base.distance(to: UnsafeRawPointer(found))
            body(offset)
            position = offset + 1
        }
    }

    /// The offset of the first newline in `bytes`, or `nil` (`memchr`).
    package static func firstNewline(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress,
              let found = memchr(base, Int32(UInt8(ascii: "\n")), bytes.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The offset of the last newline in `bytes`, or `nil`.
    ///
    /// - Complexity: O(distance from the end to that newline): the last 4 KiB backwards
    ///   byte by byte (in a chunk of whole lines it is near the end), the rest with
    ///   `memchr`, which the C library vectorizes (a line longer than a chunk may be tens
    ///   of MB without one).
    package static func lastNewline(in bytes: UnsafeRawBufferPointer) -> Int? {
        let tailStart = max(0, bytes.count - 4096)
        var index = bytes.count - 1
        while index >= tailStart {
            if bytes[index] == UInt8(ascii: "\n") { return index }
            index -= 1
        }
        var last: Int?
        forEachNewline(in: UnsafeRawBufferPointer(rebasing: bytes[..<tailStart])) { last = $0 }
        return last
    }

    /// Row `row` (0-based, across all files).
    ///
    /// - Complexity: O(log f) for f files.
    func row(_ row: Int) -> Row {
        // The last file whose first row is at most `row`.
        var low = 0
        var high = files.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if files[middle].firstRow <= row { low = middle } else { high = middle - 1 }
        }
        let file = files[low]
        let isLast = low + 1 == files.count ? row + 1 == starts.count : row + 1 == files[low + 1].firstRow
        let end = isLast ? file.dataEnd : starts[row + 1]
        return Row(input: low, offset: starts[row], length: end - starts[row],
                   lacksNewline: isLast && !file.endsWithNewline, line: file.firstDataLine + row - file.firstRow)
    }
}
