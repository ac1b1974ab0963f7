import TFRecord
import TFRecordSources
import TFRecordTransform

/// Turns chunks of array rows into framed records: the work of each pipeline worker
/// thread of an array conversion.
///
/// Integer elements become pixel bytes (each must be 0...255) and then take exactly the
/// CSV path (``RowRecordEncoder``, the pixel transform for float encodings), so the same
/// data gives the same records from either input. Float32 elements go to float encodings
/// through ``PixelTransform/apply(floats:rows:into:)``. `uint8` rows without a label column
/// are encoded straight from the chunk, without a copy.
///
/// Holds per-thread scratch space and codecs: each worker owns one.
final class ArrayChunkEncoder {
    private let elementType: ArrayElementType
    /// Elements per row in the file (pixels plus the label column, if any).
    private let rowElements: Int
    private let labelColumn: Int?
    private let encoder: RowRecordEncoder
    private let transform: TransformExecutor?
    private let floatTransform: PixelTransform?
    private let batchRows: Int
    private let rows: ArrayInputRows
    private var pixels: [UInt8]
    private var inputValues: [Float]
    private var values: [Float]
    private var labels: [Int64]

    /// - Parameters:
    ///   - labelColumn: the element of each row that holds the label, or `nil` (labels from
    ///     the chunk, or none).
    ///   - transform: the pixel transform for float encodings of integer elements.
    ///   - floatTransform: the transform for float encodings of float32 elements.
    init(elementType: ArrayElementType, rowElements: Int, labelColumn: Int?, encoder: RowRecordEncoder,
         transform: TransformExecutor?, floatTransform: PixelTransform?, batchRows: Int, rows: ArrayInputRows) {
        self.elementType = elementType
        self.rowElements = rowElements
        self.labelColumn = labelColumn
        self.encoder = encoder
        self.transform = transform
        self.floatTransform = floatTransform
        self.batchRows = batchRows
        self.rows = rows
        let pixelCount = encoder.pixelCount
        let floats = encoder.encoding.isFloat
        pixels = [UInt8](repeating: 0, count: (floats ? batchRows : 1) * pixelCount)
        inputValues = [Float](repeating: 0, count: elementType.isInteger ? 0 : batchRows * pixelCount)
        values = [Float](repeating: 0, count: floats ? batchRows * pixelCount : 0)
        labels = [Int64](repeating: 0, count: batchRows)
    }

    /// Encodes every row of `chunk`; stops at the first bad value (a pixel outside 0...255,
    /// a label that is not an integer), which becomes the chunk's `fatal` error.
    ///
    /// - Complexity: O(n) in the chunk's bytes.
    func encode(_ chunk: ArrayChunk, into records: RecordBuffer) -> EncodedChunk {
        // Array chunks carry their errors as `fatal`, located by record and element, so the
        // CSV line origin is not used.
        var output = EncodedChunk(index: chunk.index, origin: .gathered(rows: []), records: records, ends: [],
                                  inputBytes: chunk.bytes.count)
        output.ends.reserveCapacity(chunk.rows)
        do throws(TFRecordError) {
            // `withUnsafeBytes` rethrows untyped; `rethrowingTFRecordError` restores the type.
            try rethrowingTFRecordError {
                try chunk.bytes.withUnsafeBytes { bytes in
                    var row = 0
                    while row < chunk.rows {
                        let count = min(batchRows, chunk.rows - row)
                        try encodeBatch(chunk, bytes: bytes, rows: row..<(row + count), into: &output)
                        row += count
                    }
                }
            }
        } catch {
            output.fatal = error
        }
        output.lines = output.ends.count
        return output
    }

    /// Encodes rows `batch` of the chunk.
    private func encodeBatch(_ chunk: ArrayChunk, bytes: UnsafeRawBufferPointer, rows batch: Range<Int>,
                             into output: inout EncodedChunk) throws(TFRecordError)
    {
        let rowBytes = rowElements * elementType.size
        let pixelCount = encoder.pixelCount
        func row(_ r: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[(r * rowBytes)..<((r + 1) * rowBytes)]) }
        for (i, r) in batch.enumerated() {
            labels[i] = try label(of: chunk, row: r, bytes: row(r))
        }
        if !encoder.encoding.isFloat {
            for (i, r) in batch.enumerated() {
                if elementType.kind == .uint8 && labelColumn == nil {
                    // The file's bytes are the pixels.
                    let pixels = row(r).assumingMemoryBound(to: UInt8.self)
                    try encoder.appendRecord(pixels: pixels, label: labels[i], to: output.records)
                } else {
                    try rethrowingTFRecordError {
                        try pixels.withUnsafeMutableBufferPointer { pixels in
                            try convert(chunk, row: r, bytes: row(r), into: pixels)
                            try encoder.appendRecord(pixels: UnsafeBufferPointer(pixels), label: labels[i], to: output.records)
                        }
                    }
                }
                output.ends.append(output.records.count)
            }
            return
        }
        let count = batch.count
        if let transform {
            try rethrowingTFRecordError {
                try pixels.withUnsafeMutableBufferPointer { pixels in
                    for (i, r) in batch.enumerated() {
                        try convert(chunk, row: r, bytes: row(r),
                                    into: UnsafeMutableBufferPointer(rebasing: pixels[(i * pixelCount)..<((i + 1) * pixelCount)]))
                    }
                }
            }
            do {
                try pixels.withUnsafeBufferPointer { pixels in
                    try values.withUnsafeMutableBufferPointer { values in
                        try transform.apply(UnsafeBufferPointer(rebasing: pixels[..<(count * pixelCount)]), rows: count,
                                            into: UnsafeMutableBufferPointer(rebasing: values[..<(count * pixelCount)]))
                    }
                }
            } catch let error as TransformError {
                throw TFRecordError(error.isUsage ? .usage : .io, "pixel transform failed: \(error.message)")
            } catch {
                throw TFRecordError(.io, "pixel transform failed: \(error)")
            }
        } else if let floatTransform {
            inputValues.withUnsafeMutableBufferPointer { inputs in
                for (i, r) in batch.enumerated() {
                    elementType.convertToFloats(
                        row(r), count: rowElements, skipping: labelColumn,
                        into: UnsafeMutableBufferPointer(rebasing: inputs[(i * pixelCount)..<((i + 1) * pixelCount)]))
                }
            }
            inputValues.withUnsafeBufferPointer { inputs in
                values.withUnsafeMutableBufferPointer { values in
                    floatTransform.apply(floats: UnsafeBufferPointer(rebasing: inputs[..<(count * pixelCount)]), rows: count,
                                         into: UnsafeMutableBufferPointer(rebasing: values[..<(count * pixelCount)]))
                }
            }
        }
        values.withUnsafeBufferPointer { values in
            for i in 0..<count {
                encoder.appendRecord(values: UnsafeBufferPointer(rebasing: values[(i * pixelCount)..<((i + 1) * pixelCount)]),
                                     label: labels[i], to: output.records)
                output.ends.append(output.records.count)
            }
        }
    }

    /// Integer elements of a row to pixel bytes, or the error naming the first one outside 0...255.
    private func convert(_ chunk: ArrayChunk, row r: Int, bytes: UnsafeRawBufferPointer,
                         into pixels: UnsafeMutableBufferPointer<UInt8>) throws(TFRecordError)
    {
        guard let bad = elementType.convertToPixels(bytes, count: rowElements, skipping: labelColumn, into: pixels) else {
            return
        }
        let (location, index) = rows.location(ofRecord: chunk.firstRecord + r, element: bad)
        throw TFRecordError(.badInput, "value \(elementType.text(at: bad * elementType.size, in: bytes)) at \(index) "
                            + "out of range 0...255 (pixels are bytes; use a float32 array for other values)", at: location)
    }

    /// The label of row `r`: from the chunk's labels, the label column, or 0 without labels.
    private func label(of chunk: ArrayChunk, row r: Int, bytes: UnsafeRawBufferPointer) throws(TFRecordError) -> Int64 {
        if !chunk.labels.isEmpty { return chunk.labels[r] }
        guard let labelColumn else { return 0 }
        let offset = labelColumn * elementType.size
        if elementType.isInteger { return elementType.integer(at: offset, in: bytes) }
        let value = elementType.float(at: offset, in: bytes)
        guard let label = Int64(exactly: value) else {
            let (location, index) = rows.location(ofRecord: chunk.firstRecord + r, element: labelColumn)
            throw TFRecordError(.badInput, "label \(value) at \(index) is not an integer", at: location)
        }
        return label
    }
}
