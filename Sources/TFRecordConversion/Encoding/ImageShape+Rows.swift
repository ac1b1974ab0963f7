import TFRecord
import TFRecordPixels
import TFRecordShards

extension ImageShape {
    /// ``TFRecordPixels/ImageShape/fitting(_:valueCount:)`` for rows of `pixelCount` pixel
    /// values, the shape given as an option: the option if it fits, else a square gray
    /// shape, else `nil`. What CSV and array conversion, the record encoder and the CSV
    /// image export check, worded once.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` (`shape 20x20x1 holds 400 values, but
    ///   rows have 784 pixels`, the shape named as its setting) when `declared` does not fit.
    static func fittingRows(_ declared: ImageShape?, pixelCount: Int, at location: SourceLocation = SourceLocation())
        throws(TFRecordError) -> ImageShape?
    {
        do {
            return try fitting(declared, valueCount: pixelCount)
        } catch {
            throw error.tfRecordError(.usage, but: "rows have \(pixelCount) pixels", at: location)
        }
    }
}
