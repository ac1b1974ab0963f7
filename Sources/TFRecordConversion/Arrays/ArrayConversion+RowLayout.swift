import TFRecord
import TFRecordImages
import TFRecordSources
import TFRecordPixels

extension ArrayConversion {
    /// What one row of the image arrays holds: element type, pixels, label column and
    /// image dimensions, checked to be the same in every file.
    struct RowLayout: Sendable {
        /// The element type of every image file.
        var elementType: ArrayElementType
        /// Elements per row in the files.
        var rowElements: Int
        /// The element of a row that holds the label, or `nil`.
        var labelColumn: Int?
        /// Rows in all files.
        var rows: Int
        /// Height, width and channels of an image, if known.
        var dimensions: (Int, Int, Int)?

        /// Pixel values per row (the row without its label column).
        var pixelCount: Int { rowElements - (labelColumn == nil ? 0 : 1) }
        /// Bytes per row in the files.
        var rowBytes: Int { rowElements * elementType.size }

        /// The layout of `files` under `options`.
        ///
        /// - Throws: ``TFRecordError`` `.badInput` for files whose rows differ from the
        ///   first's, arrays of fewer than 2 dimensions, no rows or no pixels; `.usage` for a
        ///   label column that the arrays cannot have, or a `--shape` that does not fit.
        init(files: [ArrayFile], options: ArrayConversionOptions) throws(TFRecordError) {
            let first = files[0].header
            for file in files {
                let header = file.header
                let at = SourceLocation(path: file.path)
                guard header.shape.count >= 2 else {
                    throw TFRecordError(.badInput, "images must be an array of 2 or more dimensions, (N, H, W[, C]) or "
                                        + "(N, D); found shape \(ArrayHeader.text(header.shape))", at: at)
                }
                guard header.rowShape == first.rowShape, header.elementType == first.elementType else {
                    throw TFRecordError(.badInput, "rows of shape \(ArrayHeader.text(header.rowShape)) of "
                                        + "\(header.elementType), but \(files[0].path) has rows of shape "
                                        + "\(ArrayHeader.text(first.rowShape)) of \(first.elementType); all image files "
                                        + "need the same row shape and dtype", at: at)
                }
            }
            elementType = first.elementType
            rowElements = first.rowElements
            rows = 0
            for file in files {
                let (sum, overflow) = rows.addingReportingOverflow(file.rows)
                guard !overflow else { throw TFRecordError(.badInput, "too many rows", at: SourceLocation(path: file.path)) }
                rows = sum
            }
            let at = SourceLocation(path: files[0].path)
            guard rows > 0 else {
                throw TFRecordError(.badInput, "empty input: no rows (shape \(ArrayHeader.text(first.shape)))", at: at)
            }
            labelColumn = options.labels.isEmpty ? options.labelColumn : nil
            if let column = labelColumn {
                guard first.shape.count == 2 else {
                    throw TFRecordError(.usage, "shape \(ArrayHeader.text(first.shape)) has no label column (that needs "
                                        + "a 2-D array (N, 1 + pixels)); pass \(setting: .labels), or \(setting: .labelColumn, "none") for "
                                        + "images without labels", at: at)
                }
                guard column < rowElements else {
                    throw TFRecordError(.usage, "\(setting: .labelColumn, column) is past the \(rowElements) columns of the rows",
                                        at: at)
                }
            }
            guard rowElements - (labelColumn == nil ? 0 : 1) > 0 else {
                throw TFRecordError(.badInput, "rows of shape \(ArrayHeader.text(first.rowShape)) hold no pixels", at: at)
            }
            let pixelCount = rowElements - (labelColumn == nil ? 0 : 1)
            let rowShape = first.rowShape
            if options.shape != nil, let shape = try ImageShape.fittingRows(options.shape, pixelCount: pixelCount, at: at) {
                dimensions = (shape.height, shape.width, shape.channels)
            } else if rowShape.count == 2 {
                dimensions = (rowShape[0], rowShape[1], 1)
            } else if rowShape.count == 3 {
                dimensions = (rowShape[0], rowShape[1], rowShape[2])
            } else if rowShape.count == 1, let square = ImageShape.inferred(fromValueCount: pixelCount) {
                dimensions = (square.height, square.width, square.channels)
            } else {
                dimensions = nil
            }
        }
    }
}
