import TFRecord

/// Where the data rows of one or more CSV files are, sparsely: the offset and line of every
/// 64th row (and of a row at least every 4 MiB), so that a worker can find where any row
/// starts with one short forward scan. What lets a positional conversion cut CSV input into
/// shards: shard k starts at row `k × records-per-shard`.
///
/// Rows are numbered across the files in order; a row is a line (an empty line is a row,
/// which the parser rejects), a file's last line counts without a newline, and a newline at
/// the very end starts no row — the rules of ``CSVRowIndex`` and ``CSVInput/countRows``.
///
/// Memory: 32 bytes per checkpoint, about half a byte per row; no row data.
package struct CSVRowCheckpoints: Sendable {
    /// The start of a row.
    package struct Position: Sendable, Equatable {
        /// The row's number across all files.
        var row: Int
        /// The file's index.
        package var input: Int
        /// The file offset of the row's first byte.
        package var offset: Int
        /// The row's 1-based line number in its file.
        package var line: Int
    }

    /// What the scan found in one file.
    package struct File: Sendable {
        /// The number of the file's first row across all files.
        var firstRow: Int
        /// Its rows.
        var rows: Int
        /// The offset of its first data byte (after byte-order mark and header).
        package var dataOffset: Int
        /// Its size when scanned: where its data ends.
        package var dataEnd: Int
    }

    private(set) var checkpoints: [Position] = []
    package private(set) var files: [File] = []
    private let rowStride: Int
    private let byteStride: Int

    /// The number of rows in all files scanned.
    package var rowCount: Int { files.last.map { $0.firstRow + $0.rows } ?? 0 }

    /// An empty index that keeps a checkpoint every `rowStride` rows and at least every
    /// `byteStride` bytes.
    package init(rowStride: Int = 64, byteStride: Int = 4 << 20) {
        precondition(rowStride > 0 && byteStride > 0)
        self.rowStride = rowStride
        self.byteStride = byteStride
    }

    /// Scans the data rows of `csv` (positioned after its layout prefix) as the next file,
    /// reading the rest of it in blocks of `blockSize` bytes.
    ///
    /// - Parameter cancellation: checked after every block, so that Ctrl-C stops a long scan.
    /// - Throws: ``TFRecordError`` `.badInput` if the file's size is not what it was when
    ///   opened (it changed); `.io`; `.interrupted`.
    /// - Complexity: O(n) in the file's bytes: one `memchr` pass (several GB/s from the page
    ///   cache).
    package mutating func append(_ csv: CSVInput, blockSize: Int = 1 << 20, cancellation: CancellationFlag = CancellationFlag())
        throws(TFRecordError)
    {
        let input = files.count
        let firstRow = rowCount
        let dataOffset = csv.layout.dataOffset
        var scan = Scan(row: firstRow, input: input, line: csv.layout.firstDataLine, start: dataOffset)
        let firstCheckpoint = checkpoints.count
        checkpoints.append(Position(row: firstRow, input: input, offset: dataOffset, line: csv.layout.firstDataLine))
        var lastByte: UInt8? = nil
        if csv.prefix.count > dataOffset {
            csv.prefix.withUnsafeBytes { raw in scanBlock(UnsafeRawBufferPointer(rebasing: raw[dataOffset...]), at: dataOffset, &scan) }
            lastByte = csv.prefix.last
        }
        var size = csv.prefix.count
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let n = try rethrowingTFRecordError { try block.withUnsafeMutableBytes { raw in try csv.file.readFully(into: raw) } }
            if n == 0 { break }
            if cancellation.isCancelled { throw TFRecordError(.interrupted, "interrupted; no shard was written") }
            block.withUnsafeBytes { raw in scanBlock(UnsafeRawBufferPointer(rebasing: raw[..<n]), at: size, &scan) }
            size += n
            lastByte = block[n - 1]
        }
        if let change = csv.openedAs.changes(to: try csv.file.snapshot(), bytesRead: size) {
            throw .inputChanged(change, path: csv.file.path)
        }
        // Rows are the newlines after the data offset, plus a last line without one.
        var rows = scan.row - firstRow
        if let lastByte, size > dataOffset, lastByte != UInt8(ascii: "\n") { rows += 1 }
        // A checkpoint at the very end (after a final newline) starts no row.
        while checkpoints.count > firstCheckpoint + 1 && checkpoints[checkpoints.count - 1].row >= firstRow + rows {
            checkpoints.removeLast()
        }
        files.append(File(firstRow: firstRow, rows: rows, dataOffset: dataOffset, dataEnd: size))
    }

    /// The state of a file's scan: the next row's number, line and offset.
    private struct Scan {
        var row: Int
        var input: Int
        var line: Int
        var start: Int
    }

    private mutating func scanBlock(_ bytes: UnsafeRawBufferPointer, at base: Int, _ scan: inout Scan) {
        let last = checkpoints[checkpoints.count - 1]
        var lastRow = last.row
        var lastOffset = last.offset
        CSVRowIndex.forEachNewline(in: bytes) { offset in
            scan.row += 1
            scan.line += 1
            scan.start = base + offset + 1
            if scan.row - lastRow >= rowStride || scan.start - lastOffset >= byteStride {
                checkpoints.append(Position(row: scan.row, input: scan.input, offset: scan.start, line: scan.line))
                lastRow = scan.row
                lastOffset = scan.start
            }
        }
    }

    /// The checkpoint at or before row `row`, which is in the same file as the row.
    ///
    /// - Complexity: O(log c) for c checkpoints.
    func checkpoint(atOrBefore row: Int) -> Position {
        precondition(row >= 0 && row < rowCount)
        var low = 0
        var high = checkpoints.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if checkpoints[middle].row <= row { low = middle } else { high = middle - 1 }
        }
        return checkpoints[low]
    }

    /// Where row `row` starts, found from its checkpoint by reading at most a stride of rows
    /// of `files[input]` with `pread`; `row == rowCount` is the end of the last file.
    ///
    /// - Parameter snapshots: each input's state when it was opened, to word the error of a
    ///   file that changed.
    /// - Throws: ``TFRecordError`` `.badInput` if the file now ends before the row (it
    ///   changed since the scan); `.io`.
    package func position(ofRow row: Int, in inputs: [InputFile], snapshots: [FileSnapshot]) throws(TFRecordError) -> Position {
        if row == rowCount, let file = files.last {
            return Position(row: row, input: files.count - 1, offset: file.dataEnd, line: 0)
        }
        var position = checkpoint(atOrBefore: row)
        let end = files[position.input].dataEnd
        var block = [UInt8](repeating: 0, count: min(1 << 16, max(1, end - position.offset)))
        while position.row < row {
            let n = try rethrowingTFRecordError {
                try block.withUnsafeMutableBytes { raw in
                    try inputs[position.input].read(into: raw, at: position.offset)
                }
            }
            if n == 0 {
                throw .inputChanged(inputs[position.input], openedAs: snapshots[position.input],
                                    or: "the file now ends at byte \(position.offset), before line \(position.line + 1)")
            }
            var consumed = n
            block.withUnsafeBytes { raw in
                CSVRowIndex.forEachNewline(in: UnsafeRawBufferPointer(rebasing: raw[..<n])) { offset in
                    guard position.row < row else { return }
                    position.row += 1
                    position.line += 1
                    consumed = offset + 1
                }
            }
            position.offset += consumed
        }
        return position
    }
}
