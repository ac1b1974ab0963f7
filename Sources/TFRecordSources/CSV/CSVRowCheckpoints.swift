import Foundation
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
/// Thread-safe: one thread scans (``append(_:blockSize:cancellation:progress:)``) while
/// workers look up rows the scan has passed, so shards are written while the scan goes on.
///
/// Memory: 32 bytes per checkpoint, about half a byte per row; no row data.
package final class CSVRowCheckpoints: @unchecked Sendable {
    /// The start of a row.
    package struct Position: Sendable, Equatable, Codable {
        /// The row's number across all files.
        package var row: Int
        /// The file's index.
        package var input: Int
        /// The file offset of the row's first byte.
        package var offset: Int
        /// The row's 1-based line number in its file.
        package var line: Int

        /// Creates a position.
        package init(row: Int, input: Int, offset: Int, line: Int) {
            (self.row, self.input, self.offset, self.line) = (row, input, offset, line)
        }
    }

    // Guarded by `lock`; appended to by the scan only.
    private let lock = NSLock()
    private var checkpoints: [Position] = []
    private var files: [CSVFileExtent] = []
    private let rowStride: Int
    private let byteStride: Int

    /// The number of rows in all files scanned so far.
    package var rowCount: Int { lock.withLock { scannedRows } }

    private var scannedRows: Int { files.last.map { $0.firstRow + $0.rows } ?? 0 }

    /// What the scan found in file `input`, once it is scanned.
    package func file(_ input: Int) -> CSVFileExtent { lock.withLock { files[input] } }

    /// An empty index that keeps a checkpoint every `rowStride` rows and at least every
    /// `byteStride` bytes.
    package init(rowStride: Int = 64, byteStride: Int = 4 << 20) {
        precondition(rowStride > 0 && byteStride > 0)
        self.rowStride = rowStride
        self.byteStride = byteStride
    }

    /// An index restored from what an earlier scan found (a plan): the files' extents and
    /// the positions of the rows that will be looked up (each shard's first row). Looking up
    /// any other row scans forward from the nearest of these.
    ///
    /// - Precondition: `positions` is sorted by row and starts at row 0.
    package convenience init(files: [CSVFileExtent], positions: [Position]) {
        self.init()
        self.files = files
        checkpoints = positions
    }

    /// The positions of rows `rows` (each the first row of a shard), read from this index;
    /// what a plan records so that tasks need no scan.
    ///
    /// - Throws: as ``position(ofRow:in:snapshots:)``.
    package func positions(ofRows rows: [Int], in inputs: [InputFile], snapshots: [FileSnapshot])
        throws(TFRecordError) -> [Position]
    {
        var found: [Position] = []
        for row in rows { found.append(try position(ofRow: row, in: inputs, snapshots: snapshots)) }
        return found
    }

    /// What the scan found in every file, in order.
    package var scannedFiles: [CSVFileExtent] { lock.withLock { files } }

    /// Scans the data rows of `csv` (positioned after its layout prefix) as the next file,
    /// reading the rest of it in blocks of `blockSize` bytes (128 KiB: a block stays in the
    /// core's cache between `pread` copying it and `memchr` reading it).
    ///
    /// - Parameter shouldStop: checked after every block, so that Ctrl-C or a failed run
    ///   stops a long scan (which then throws `.interrupted`).
    /// - Throws: ``TFRecordError`` `.badInput` if the file's size is not what it was when
    ///   opened (it changed); `.io`; `.interrupted`.
    /// - Complexity: O(n) in the file's bytes: one `memchr` pass (several GB/s from the page
    ///   cache).
    ///   - progress: called after every block with the number of rows whose start and end
    ///     are known (all files so far); workers may then look up any row before it.
    package func append(_ csv: CSVInput, blockSize: Int = 1 << 17, shouldStop: () -> Bool = { false },
                progress: (Int) -> Void = { _ in }) throws(TFRecordError)
    {
        let (input, firstRow) = lock.withLock { (files.count, scannedRows) }
        let dataOffset = csv.layout.dataOffset
        var scan = Scan(row: firstRow, input: input, line: csv.layout.firstDataLine, start: dataOffset)
        let first = Position(row: firstRow, input: input, offset: dataOffset, line: csv.layout.firstDataLine)
        var found: [Position] = []
        lock.withLock { checkpoints.append(first) }
        var lastCheckpoint = first
        func publish() {
            lock.withLock { checkpoints += found }
            found.removeAll(keepingCapacity: true)
            // Rows before `scan.row` are complete; the scan may yet drop a final checkpoint
            // at the very end, which no lookup of an existing row reaches.
            progress(scan.row)
        }
        var lastByte: UInt8? = nil
        if !csv.buffered.isEmpty {
            csv.buffered.withUnsafeBytes { raw in
                scanBlock(raw, at: dataOffset, &scan, &lastCheckpoint, into: &found)
            }
            lastByte = csv.buffered.last
            publish()
        }
        var size = dataOffset + csv.buffered.count
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let n = try rethrowingTFRecordError { try block.withUnsafeMutableBytes { raw in try csv.file.readFully(into: raw) } }
            if n == 0 { break }
            if shouldStop() { throw TFRecordError(.interrupted, "interrupted; no shard was written") }
            block.withUnsafeBytes { raw in
                scanBlock(UnsafeRawBufferPointer(rebasing: raw[..<n]), at: size, &scan, &lastCheckpoint, into: &found)
            }
            size += n
            lastByte = block[n - 1]
            publish()
        }
        if let change = csv.openedAs.changes(to: try csv.file.snapshot(), bytesRead: size) {
            throw .inputChanged(change, path: csv.file.path)
        }
        // Rows are the newlines after the data offset, plus a last line without one.
        var rows = scan.row - firstRow
        if let lastByte, size > dataOffset, lastByte != UInt8(ascii: "\n") { rows += 1 }
        lock.withLock {
            // A checkpoint at the very end (after a final newline) starts no row.
            while checkpoints.count > 1 && checkpoints[checkpoints.count - 1].input == input
                && checkpoints[checkpoints.count - 1].row > firstRow && checkpoints[checkpoints.count - 1].row >= firstRow + rows {
                checkpoints.removeLast()
            }
            files.append(CSVFileExtent(firstRow: firstRow, rows: rows, dataOffset: dataOffset, dataEnd: size))
        }
        progress(firstRow + rows)
    }

    /// The state of a file's scan: the next row's number, line and offset.
    private struct Scan {
        var row: Int
        var input: Int
        var line: Int
        var start: Int
    }

    private func scanBlock(_ bytes: UnsafeRawBufferPointer, at base: Int, _ scan: inout Scan, _ last: inout Position,
                           into found: inout [Position]) {
        CSVRowIndex.forEachNewline(in: bytes) { offset in
            scan.row += 1
            scan.line += 1
            scan.start = base + offset + 1
            if scan.row - last.row >= rowStride || scan.start - last.offset >= byteStride {
                last = Position(row: scan.row, input: scan.input, offset: scan.start, line: scan.line)
                found.append(last)
            }
        }
    }

    /// The checkpoint at or before row `row`, which is in the same file as the row.
    ///
    /// - Complexity: O(log c) for c checkpoints.
    package func checkpoint(atOrBefore row: Int) -> Position {
        lock.lock()
        defer { lock.unlock() }
        precondition(row >= 0 && !checkpoints.isEmpty)
        var low = 0
        var high = checkpoints.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if checkpoints[middle].row <= row { low = middle } else { high = middle - 1 }
        }
        return checkpoints[low]
    }

    /// Where row `row` starts, found from its checkpoint by reading at most a stride of rows
    /// of `files[input]` with `pread`; `row == rowCount` of a finished scan is the end of the
    /// last file. The scan must have passed the row (see `progress`).
    ///
    /// - Parameter snapshots: each input's state when it was opened, to word the error of a
    ///   file that changed.
    /// - Throws: ``TFRecordError`` `.badInput` if the file now ends before the row (it
    ///   changed since the scan); `.io`.
    package func position(ofRow row: Int, in inputs: [InputFile], snapshots: [FileSnapshot]) throws(TFRecordError) -> Position {
        let end = lock.withLock { files.last.map { (count: files.count, file: $0) } }
        if let end, row == end.file.firstRow + end.file.rows {
            return Position(row: row, input: end.count - 1, offset: end.file.dataEnd, line: 0)
        }
        var position = checkpoint(atOrBefore: row)
        var block = [UInt8](repeating: 0, count: 1 << 16)
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
