import TFRecord

/// The records made from one chunk of CSV, or where the chunk went wrong.
struct EncodedChunk: Sendable {
    /// The chunk's index in the input.
    var index: Int
    /// Framed records, back to back.
    var records: RecordBuffer
    /// End offset of each record in `records`.
    var ends: [Int]
    /// Input bytes of the chunk.
    var inputBytes: Int
    /// The first bad row, if any (rows before it are in `records`).
    var failure: CSVRowParser.Failure?
}

/// Parses and encodes chunks: the work each pipeline worker thread does.
///
/// Holds per-thread scratch space (one batch of parsed rows), so each worker owns one.
final class ChunkEncoder {
    private let parser: CSVRowParser
    private let encoder: RowRecordEncoder
    private let batchRows: Int
    private var pixels: [UInt8]
    private var labels: [Int64]

    init(parser: CSVRowParser, encoder: RowRecordEncoder, batchRows: Int = 256) {
        self.parser = parser
        self.encoder = encoder
        self.batchRows = batchRows
        self.pixels = [UInt8](repeating: 0, count: batchRows * parser.spec.pixelCount)
        self.labels = [Int64](repeating: 0, count: batchRows)
    }

    /// Parses every row of `chunk` and appends its record; stops at the first bad row.
    ///
    /// - Complexity: O(n) in the chunk's bytes.
    func encode(_ chunk: CSVChunk) -> EncodedChunk {
        var output = EncodedChunk(index: chunk.index, records: RecordBuffer(), ends: [], inputBytes: chunk.bytes.count)
        let pixelCount = parser.spec.pixelCount
        var offset = 0
        var rowsBefore = 0
        chunk.bytes.withUnsafeBytes { input in
            while offset < input.count {
                let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
                let outcome = pixels.withUnsafeMutableBufferPointer { pixels in
                    labels.withUnsafeMutableBufferPointer { labels in
                        parser.parse(rest, maxRows: batchRows, pixels: pixels, labels: labels)
                    }
                }
                pixels.withUnsafeBufferPointer { pixels in
                    for row in 0..<outcome.rows {
                        let rowPixels = UnsafeBufferPointer(rebasing: pixels[(row * pixelCount)..<((row + 1) * pixelCount)])
                        encoder.appendRecord(pixels: rowPixels, label: labels[row], to: output.records)
                        output.ends.append(output.records.count)
                    }
                }
                if rowsBefore == 0 && outcome.rows > 0 && outcome.consumed < input.count {
                    // Reserve for the whole chunk once, from the first batch's sizes.
                    let rows = input.count * outcome.rows / outcome.consumed + 1
                    output.records.reserveCapacity(output.records.count / outcome.rows * rows * 9 / 8)
                    output.ends.reserveCapacity(rows * 9 / 8)
                }
                if var failure = outcome.failure {
                    failure.row += rowsBefore
                    failure.rowOffset += offset
                    failure.byteOffset += offset
                    output.failure = failure
                    return
                }
                rowsBefore += outcome.rows
                offset += outcome.consumed
            }
        }
        return output
    }
}
