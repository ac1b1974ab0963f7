import TFRecord

/// The rows of CSV files in a shuffled order, gathered into chunks: the second pass of a
/// shuffled conversion.
///
/// Output row `i` is row `order[i]` of the ``CSVRowIndex``. Each chunk holds whole rows,
/// about `chunkSize` bytes, read with `pread` at their offsets; a file's last row without a
/// newline gets one. The chunk carries each row's file and line, so errors name the place
/// in the input, not in the shuffled stream.
///
/// A file that changed since the index was built is reported, not read: a short read, a
/// row that no longer ends in a newline, and after the last chunk a file whose size,
/// identity or modification time differs from when it was opened.
///
/// Memory: the index and the order (8 + 4 bytes per row) and one chunk.
package final class CSVShuffledChunks: CSVChunkSource {
    private let files: [InputFile]
    private let snapshots: [FileSnapshot]
    private let index: CSVRowIndex
    private let order: RecordPermutation
    private let chunkSize: Int
    private var position: Int
    private let end: Int

    /// Creates the gatherer.
    ///
    /// - Parameters:
    ///   - files: the open inputs, by index.
    ///   - snapshots: each file's state when it was opened.
    ///   - index: where the rows are.
    ///   - order: output row `i` is index row `order[i]`.
    ///   - positions: the output rows to gather (a shard's records).
    package init(files: [InputFile], snapshots: [FileSnapshot], index: CSVRowIndex, order: RecordPermutation, chunkSize: Int,
         positions: Range<Int>) {
        precondition(order.count == index.rowCount && files.count == snapshots.count && chunkSize > 0)
        precondition(positions.lowerBound >= 0 && positions.upperBound <= order.count)
        self.position = positions.lowerBound
        self.end = positions.upperBound
        self.files = files
        self.snapshots = snapshots
        self.index = index
        self.order = order
        self.chunkSize = chunkSize
    }

    package func nextChunk() throws(TFRecordError) -> CSVChunk? {
        guard position < end else { return nil }
        var rows: [CSVRowIndex.Row] = []
        var size = 0
        while position < end && (rows.isEmpty || size < chunkSize) {
            let row = index.row(order[position])
            rows.append(row)
            size += row.length + (row.lacksNewline ? 1 : 0)
            position += 1
        }
        let bytes = try gather(rows, size: size)
        if position == order.count { try checkUnchanged() }
        let origins = rows.map { CSVRowOrigin(input: $0.input, line: $0.line) }
        return CSVChunk(index: 0, bytes: bytes, origin: .gathered(rows: origins))
    }

    /// The rows' bytes, back to back, each ending in a newline.
    private func gather(_ rows: [CSVRowIndex.Row], size: Int) throws(TFRecordError) -> [UInt8] {
        var failure: TFRecordError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { storage, initialized in
            let raw = UnsafeMutableRawBufferPointer(storage)
            var filled = 0
            for row in rows {
                let target = UnsafeMutableRawBufferPointer(rebasing: raw[filled..<(filled + row.length)])
                do throws(TFRecordError) {
                    let n = try files[row.input].read(into: target, at: row.offset)
                    if n < row.length {
                        throw changed(row, "the file now ends within line \(row.line), at byte \(row.offset + n)")
                    }
                } catch {
                    failure = error
                    break
                }
                filled += row.length
                if row.lacksNewline {
                    raw[filled] = UInt8(ascii: "\n")
                    filled += 1
                } else if raw[filled - 1] != UInt8(ascii: "\n") {
                    failure = changed(row, "line \(row.line) no longer ends where it did")
                    break
                }
            }
            initialized = failure == nil ? size : 0
        }
        if let failure { throw failure }
        return bytes
    }

    private func changed(_ row: CSVRowIndex.Row, _ what: String) -> TFRecordError {
        .inputChanged(what, path: files[row.input].path)
    }

    /// After the last row: every file as it was when opened.
    private func checkUnchanged() throws(TFRecordError) {
        for (file, openedAs) in zip(files, snapshots) {
            if let change = openedAs.changes(to: try file.snapshot()) {
                throw .inputChanged(change, path: file.path)
            }
        }
    }
}
