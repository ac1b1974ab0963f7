import TFRecord
import TFRecordImages
import TFRecordSources
import TFRecordPixels

/// The image files made from one chunk of CSV, or where the chunk went wrong.
struct EncodedImageChunk: Sendable {
    /// The chunk's index in the input.
    var index: Int
    /// Encoded images, back to back.
    var bytes: [UInt8]
    /// End offset of each image in `bytes`.
    var ends: [Int]
    /// Each image's label (`nil` without a label column).
    var labels: [Int64?]
    /// Input bytes of the chunk.
    var inputBytes: Int
    /// The first bad row, if any (rows before it are encoded).
    var failure: CSVRowParser.Failure?
    /// An encoder failure at row `ends.count`, if any.
    var encodingError: ImageCodecError?
}

/// Parses chunks of CSV and encodes each row as an image: the work of one export worker
/// thread, which owns its parser buffers and its ``TFRecordImages/ImageEncoder``.
final class CSVImageChunkEncoder {
    private let parser: CSVRowParser
    private let encoder: ImageEncoder
    private let shape: ImageShape
    private let batchRows: Int
    private var pixels: [UInt8]
    private var labels: [Int64]

    init(parser: CSVRowParser, encoder: ImageEncoder, shape: ImageShape, batchRows: Int = 256) {
        precondition(parser.spec.pixelCount == shape.valueCount)
        self.parser = parser
        self.encoder = encoder
        self.shape = shape
        self.batchRows = batchRows
        self.pixels = [UInt8](repeating: 0, count: batchRows * parser.spec.pixelCount)
        self.labels = [Int64](repeating: 0, count: batchRows)
    }

    /// Parses every row of `chunk` and encodes its image; stops at the first bad row.
    func encode(_ chunk: CSVChunk) -> EncodedImageChunk {
        var output = EncodedImageChunk(
            index: chunk.index, bytes: [], ends: [], labels: [], inputBytes: chunk.bytes.count)
        let pixelCount = parser.spec.pixelCount
        let hasLabel = parser.spec.labelColumn != nil
        var offset = 0
        var rowsBefore = 0
        chunk.bytes.withUnsafeBytes { input in
            while offset < input.count {
                let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
                let outcome = parser.parse(rest, maxRows: batchRows, into: &pixels, labels: &labels)
                let encoded: Bool = pixels.withUnsafeBufferPointer { pixels in
                    for row in 0..<outcome.rows {
                        let rowPixels = UnsafeBufferPointer(rebasing: pixels[(row * pixelCount)..<((row + 1) * pixelCount)])
                        do throws(ImageCodecError) {
                            try encoder.encode(
                                pixels: rowPixels, width: shape.width, height: shape.height, channels: shape.channels,
                                appendingTo: &output.bytes)
                        } catch {
                            output.encodingError = error
                            return false
                        }
                        output.ends.append(output.bytes.count)
                        output.labels.append(hasLabel ? labels[row] : nil)
                    }
                    return true
                }
                if !encoded { return }
                if rowsBefore == 0 && outcome.rows > 0 && outcome.consumed < input.count {
                    // Reserve for the whole chunk once, from the first batch's sizes.
                    let rows = input.count * outcome.rows / outcome.consumed + 1
                    output.bytes.reserveCapacity(output.bytes.count / outcome.rows * rows * 9 / 8)
                    output.ends.reserveCapacity(rows * 9 / 8)
                    output.labels.reserveCapacity(rows * 9 / 8)
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
