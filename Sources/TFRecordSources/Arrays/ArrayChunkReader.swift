import TFRecord

/// Reads array files into chunks of rows in output order: the pipeline's reader stage
/// for arrays.
///
/// In order, a chunk holds consecutive rows of one file, read with one `pread` (a
/// Fortran-order file: one per element of a row) or from the gzip stream. Shuffled, a chunk
/// holds the rows of consecutive records, each read with its own `pread` (files that cannot
/// do that were staged first, see ``ArrayFile/stage(in:cancellation:)``). Every file is
/// checked for changes after each chunk read from it and once it is done.
///
/// Memory: one chunk of about `rowsPerChunk` rows at a time.
package final class ArrayChunkReader {
    private let files: [ArrayFile]
    private let rows: ArrayInputRows
    private let labels: [Int64]?
    private let rowsPerChunk: Int
    private let rowBytes: Int
    private var nextRecord: Int
    /// The record after the last one to read.
    private let end: Int
    private var nextIndex = 0
    /// In order: the file being read and the next row in it.
    private var file = 0
    private var rowInFile = 0

    /// - Parameters:
    ///   - files: the image files, opened; every one has rows of `rowBytes` bytes.
    ///   - labels: one label per row of all files, or `nil`.
    ///   - rowsPerChunk: rows per chunk (the last chunk of each file may hold fewer).
    ///   - records: the records to read (a shard's), all by default. A part of the records
    ///     needs files that can be read at any row (``ArrayFile/hasRandomAccessRows``), and
    ///     leaves the final checks of the files to the caller.
    package init(files: [ArrayFile], rows: ArrayInputRows, labels: [Int64]?, rowsPerChunk: Int, records: Range<Int>? = nil) {
        precondition(rowsPerChunk > 0 && !files.isEmpty)
        self.files = files
        self.rows = rows
        self.labels = labels
        self.rowsPerChunk = rowsPerChunk
        self.rowBytes = files[0].header.rowBytes
        let records = records ?? 0..<rows.count
        precondition(records.lowerBound >= 0 && records.upperBound <= rows.count)
        nextRecord = records.lowerBound
        end = records.upperBound
        if rows.permutation == nil && records.lowerBound > 0 {
            (file, rowInFile) = rows.source(ofRow: records.lowerBound)
        }
    }

    /// Whether the reader reads only part of the records.
    private var isPartial: Bool { end < rows.count }

    /// The next chunk, or `nil` once every record was read.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a file that was truncated or changed
    ///   while being read or holds corrupt gzip data; `.io`.
    package func next() throws(TFRecordError) -> ArrayChunk? {
        rows.permutation == nil ? try nextInOrder() : try nextShuffled()
    }

    private func nextInOrder() throws(TFRecordError) -> ArrayChunk? {
        if isPartial && nextRecord == end { return nil }
        while file < files.count && rowInFile == files[file].rows {
            try files[file].finishReading()
            file += 1
            rowInFile = 0
        }
        guard file < files.count else { return nil }
        let count = min(rowsPerChunk, files[file].rows - rowInFile, end - nextRecord)
        let range = rowInFile..<(rowInFile + count)
        let bytes = try readBytes(count: count) { (buffer) throws(TFRecordError) in
            try files[file].readRows(range, into: buffer)
        }
        try files[file].checkUnchanged()
        rowInFile += count
        return emit(count: count, bytes: bytes)
    }

    private func nextShuffled() throws(TFRecordError) -> ArrayChunk? {
        guard nextRecord < end else {
            if !isPartial { for file in files { try file.finishReading() } }
            return nil
        }
        let count = min(rowsPerChunk, end - nextRecord)
        var touched = Set<Int>()
        let bytes = try readBytes(count: count) { (buffer) throws(TFRecordError) in
            for i in 0..<count {
                let (file, row) = rows.source(ofRow: rows.row(ofRecord: nextRecord + i))
                touched.insert(file)
                let slot = UnsafeMutableRawBufferPointer(rebasing: buffer[(i * rowBytes)..<((i + 1) * rowBytes)])
                try files[file].readRow(row, into: slot)
            }
        }
        for file in touched.sorted() { try files[file].checkUnchanged() }
        return emit(count: count, bytes: bytes)
    }

    /// A chunk of `count` records, the next in order, with their labels.
    private func emit(count: Int, bytes: [UInt8]) -> ArrayChunk {
        var chunkLabels: [Int64] = []
        if let labels {
            chunkLabels = (nextRecord..<(nextRecord + count)).map { labels[rows.row(ofRecord: $0)] }
        }
        defer {
            nextRecord += count
            nextIndex += 1
        }
        return ArrayChunk(index: nextIndex, firstRecord: nextRecord, rows: count, bytes: bytes, labels: chunkLabels)
    }

    /// `count` rows' bytes, filled by `fill`.
    private func readBytes(count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Void)
        throws(TFRecordError) -> [UInt8]
    {
        var failure: TFRecordError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count * rowBytes) { buffer, initialized in
            do throws(TFRecordError) {
                try fill(UnsafeMutableRawBufferPointer(buffer))
                initialized = buffer.count
            } catch {
                initialized = 0
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }
}
