import TFRecord
import TFRecordSources
import TFRecordTransform

/// The records made from one chunk of CSV, or where the chunk went wrong.
struct EncodedChunk: Sendable {
    /// The chunk's index in the input.
    var index: Int
    /// Where the chunk's lines come from, to locate bad rows.
    var origin: CSVChunk.Origin
    /// Framed records, back to back.
    var records: RecordBuffer
    /// End offset of each record in `records`.
    var ends: [Int]
    /// Input bytes of the chunk.
    var inputBytes: Int
    /// Lines of the chunk consumed: records plus rejected rows.
    var lines = 0
    /// Bad rows with their 0-based line index in the chunk: at most one, the last thing in
    /// the chunk, under ``BadRowPolicy/fail``; every bad row under ``BadRowPolicy/skip``.
    var failures: [(line: Int, failure: CSVRowParser.Failure)] = []
    /// An error that is not about a row (an image codec failing); the conversion stops.
    var fatal: TFRecordError?
}

/// Parses and encodes chunks: the work each pipeline worker thread does.
///
/// Holds per-thread scratch space (one batch of parsed rows), so each worker owns one.
final class ChunkEncoder {
    private let parser: CSVRowParser
    private let encoder: RowRecordEncoder
    private let policy: BadRowPolicy
    private let transform: TransformExecutor?
    private let batchRows: Int
    /// One batch of parsed rows and of their transformed values, sized by
    /// ``prepareBatchScratch()`` on first use.
    private var pixels: [UInt8] = []
    private var labels: [Int64]
    private var values: [Float] = []

    init(parser: CSVRowParser, encoder: RowRecordEncoder, policy: BadRowPolicy, transform: TransformExecutor? = nil,
         batchRows: Int = 256) {
        self.parser = parser
        self.encoder = encoder
        self.policy = policy
        self.transform = transform
        self.batchRows = batchRows
        self.labels = [Int64](repeating: 0, count: batchRows)
    }

    /// Sizes the batch scratch before its first use, not at init: a wide row parsed as it
    /// streams needs none, and a zeroed batch of a million values costs its page faults.
    /// (Not a `lazy var`: passing one `inout` goes through its getter and setter, and the
    /// parse then copies the whole batch on write.)
    private func prepareBatchScratch() {
        guard pixels.count < batchRows * parser.spec.pixelCount else { return }
        pixels = [UInt8](repeating: 0, count: batchRows * parser.spec.pixelCount)
        values = [Float](repeating: 0, count: transform.map { $0.transform.outputCount(rows: batchRows) } ?? 0)
    }

    /// Rows parsed per batch: enough to amortize the per-batch work (and to feed OpenCL
    /// several MiB), few enough that the batch's pixels stay small for wide rows: a batch
    /// holds about 1 MiB of pixels (64 MiB for OpenCL), at least one row and at most 256
    /// (8192 for OpenCL).
    static func batchRows(pixelCount: Int, openCL: Bool) -> Int {
        let (rows, bytes) = openCL ? (8192, 64 << 20) : (256, 1 << 20)
        return max(1, min(rows, bytes / max(1, pixelCount)))
    }

    /// Parses every row of `chunk` and appends its record; stops at the first bad row, or
    /// with ``BadRowPolicy/skip`` records it and goes on after its line.
    ///
    /// - Complexity: O(n) in the chunk's bytes.
    func encode(_ chunk: CSVChunk, into records: RecordBuffer) -> EncodedChunk {
        var output = EncodedChunk(index: chunk.index, origin: chunk.origin, records: records, ends: [],
                                  inputBytes: chunk.bytes.count)
        prepareBatchScratch()
        let pixelCount = parser.spec.pixelCount
        var offset = 0
        chunk.bytes.withUnsafeBytes { input in
            while offset < input.count {
                let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
                let outcome = parser.parse(rest, maxRows: batchRows, into: &pixels, labels: &labels)
                do throws(TFRecordError) {
                    if let transform {
                        try encodeTransformed(rows: outcome.rows, with: transform, into: &output)
                    } else {
                    try rethrowingTFRecordError { try pixels.withUnsafeBufferPointer { pixels in
                        for row in 0..<outcome.rows {
                            let rowPixels = UnsafeBufferPointer(rebasing: pixels[(row * pixelCount)..<((row + 1) * pixelCount)])
                            try encoder.appendRecord(pixels: rowPixels, label: labels[row], to: output.records)
                            output.ends.append(output.records.count)
                        }
                    } }
                    }
                } catch {
                    output.fatal = error
                    return
                }
                if output.lines == 0 && outcome.rows > 0 && outcome.consumed < input.count {
                    // Reserve for the whole chunk once, from the first batch's sizes.
                    let rows = input.count * outcome.rows / outcome.consumed + 1
                    output.records.reserveCapacity(output.records.count / outcome.rows * rows * 9 / 8)
                    output.ends.reserveCapacity(rows * 9 / 8)
                }
                output.lines += outcome.rows
                offset += outcome.consumed
                if var failure = outcome.failure {
                    failure.row = output.lines
                    failure.rowOffset += offset - outcome.consumed
                    failure.byteOffset += offset - outcome.consumed
                    output.failures.append((output.lines, failure))
                    guard policy == .skip else { return }
                    // Resume after the bad row's line.
                    var lineEnd = failure.rowOffset
                    while lineEnd < input.count && input[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                    output.lines += 1
                    offset = lineEnd + 1
                }
            }
        }
        return output
    }

    /// Encodes `chunk` if it is one row whose record ``RowRecordEncoder/streamsRecords``
    /// (a wide row, read as a chunk of its own): parses and transforms it as
    /// ``encode(_:into:)`` would, then streams its record through `buffer`, handing each
    /// piece to `write` (the last one, with the record's end, counts the row and its input
    /// bytes). Returns `false`, having written nothing, for any other chunk, a bad row
    /// included: ``encode(_:into:)`` handles those.
    ///
    /// - Throws: what `write` throws; a transform failure.
    func streamSingleRow(_ chunk: CSVChunk, through buffer: RecordBuffer,
                         write: (EncodedChunk) throws(TFRecordError) -> Void) throws(TFRecordError) -> Bool {
        guard encoder.streamsRecords else { return false }
        prepareBatchScratch()
        let outcome = chunk.bytes.withUnsafeBytes { parser.parse($0, maxRows: 1, into: &pixels, labels: &labels) }
        guard outcome.rows == 1, outcome.failure == nil, outcome.consumed == chunk.bytes.count else { return false }
        func flush(_ records: RecordBuffer, complete: Bool) throws(TFRecordError) {
            try write(EncodedChunk(index: chunk.index, origin: chunk.origin, records: records,
                                   ends: complete ? [records.count] : [], inputBytes: complete ? chunk.bytes.count : 0,
                                   lines: complete ? 1 : 0))
        }
        if let transform {
            let perRow = try self.transform(rows: 1, with: transform)
            try values.withUnsafeBufferPointer { (values) throws(TFRecordError) in
                try encoder.streamRecord(values: UnsafeBufferPointer(rebasing: values[..<perRow]), label: labels[0],
                                         through: buffer, flush: flush)
            }
        } else {
            try pixels.withUnsafeBufferPointer { (pixels) throws(TFRecordError) in
                try encoder.streamRecord(pixels: UnsafeBufferPointer(rebasing: pixels[..<parser.spec.pixelCount]),
                                         label: labels[0], through: buffer, flush: flush)
            }
        }
        return true
    }

    /// Whether a row longer than a chunk can be parsed as it streams, through
    /// ``streamRow(from:before:blockSize:origin:through:write:read:)``, rather than read whole first: its record
    /// streams, its content size follows from the pixel count, no transform needs the whole
    /// row, and its label (if any) comes first.
    var parsesRowsAsTheyStream: Bool {
        encoder.streamsRecords && encoder.hasFixedContentSize && transform == nil
            && CSVStreamedRowParser.canParse(parser.spec)
    }

    /// Parses the row at input offset `offset` as it streams (``CSVStreamedRowParser``, with
    /// this encoder's parser, reading `blockSize` bytes at a time through `read`) and streams
    /// its record through `buffer` as it goes, handing each piece to `write`; the last piece,
    /// with the record's end, counts the row and its bytes of input. Returns the row's bytes,
    /// or `nil` for a bad row, which the caller must then parse whole for its error: pieces
    /// of its record may have gone to `write`.
    ///
    /// - Parameters:
    ///   - stop: where the input's rows end (the row ends at its first newline, or here).
    ///   - read: reads exactly `buffer.count` bytes of the input at an offset, or throws.
    /// - Precondition: ``parsesRowsAsTheyStream``, and `offset` is a row's start.
    /// - Throws: what `write` and `read` throw.
    func streamRow(
        from offset: Int, before stop: Int, blockSize: Int, origin: CSVChunk.Origin, through buffer: RecordBuffer,
        write: (EncodedChunk) throws(TFRecordError) -> Void,
        read: @escaping (_ buffer: UnsafeMutableRawBufferPointer, _ offset: Int) throws(TFRecordError) -> Void
    ) throws(TFRecordError) -> Int? {
        precondition(parsesRowsAsTheyStream)
        let row = CSVStreamedRowParser(parser: parser, from: offset, before: stop, blockSize: blockSize, read: read)
        var progress = try row.parseNextRun()
        // The label is in the first run, before the record's first byte needs it.
        guard progress != .invalid else { return nil }
        var rowBytes = 0
        var declined = false
        func flush(_ records: RecordBuffer, complete: Bool) throws(TFRecordError) {
            try write(EncodedChunk(index: 0, origin: origin, records: records, ends: complete ? [records.count] : [],
                                   inputBytes: complete ? rowBytes : 0, lines: complete ? 1 : 0))
        }
        do {
            try encoder.streamRecord(label: row.label ?? 0, through: buffer, flush: flush) { (emit) throws(TFRecordError) in
                while true {
                    try row.withRunPixels(emit)
                    if case .end(let bytes) = progress {
                        rowBytes = bytes
                        return
                    }
                    progress = try row.parseNextRun()
                    if progress == .invalid {
                        declined = true
                        throw TFRecordError(.badInput, "a bad row")  // caught below
                    }
                }
            }
        } catch where declined {
            return nil
        }
        return rowBytes
    }

    /// Transforms a parsed batch to floats (any engine) and appends a record per row.
    private func encodeTransformed(rows: Int, with transform: TransformExecutor, into output: inout EncodedChunk)
        throws(TFRecordError)
    {
        guard rows > 0 else { return }
        let perRow = try self.transform(rows: rows, with: transform)
        values.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                encoder.appendRecord(values: UnsafeBufferPointer(rebasing: values[(row * perRow)..<((row + 1) * perRow)]),
                                     label: labels[row], to: output.records)
                output.ends.append(output.records.count)
            }
        }
    }

    /// Transforms the first `rows` parsed rows into ``values``; returns the values per row.
    private func transform(rows: Int, with transform: TransformExecutor) throws(TFRecordError) -> Int {
        let perRow = transform.transform.outputCount(rows: 1)
        do {
            try pixels.withUnsafeBufferPointer { pixels in
                try values.withUnsafeMutableBufferPointer { values in
                    try transform.apply(UnsafeBufferPointer(rebasing: pixels[..<(rows * parser.spec.pixelCount)]), rows: rows,
                                        into: UnsafeMutableBufferPointer(rebasing: values[..<(rows * perRow)]))
                }
            }
        } catch let error as TransformError {
            throw TFRecordError(error.isUsage ? .usage : .io, "pixel transform failed: \(error.message)")
        } catch {
            throw TFRecordError(.io, "pixel transform failed: \(error)")
        }
        return perRow
    }
}
