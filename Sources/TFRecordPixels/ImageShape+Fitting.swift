extension ImageShape {
    /// The shape of a row (or record) of `valueCount` values: `declared` when one is
    /// given, which must hold exactly that many; else the square gray shape
    /// ``inferred(fromValueCount:)`` gives, or `nil` when the count is not a square.
    ///
    /// The one check that a shape fits the values it describes: CSV and array
    /// conversion, the record encoder, the CSV image export and the record image
    /// decoder all call it, so they agree on what fits.
    ///
    /// - Throws: ``ImageShapeError`` `.doesNotFit`, with the shape and the count, when
    ///   `declared` holds another number of values.
    public static func fitting(_ declared: ImageShape?, valueCount: Int) throws(ImageShapeError) -> ImageShape? {
        guard let declared else { return inferred(fromValueCount: valueCount) }
        guard declared.valueCount == valueCount else {
            throw .doesNotFit(declared, valueCount: valueCount)
        }
        return declared
    }
}
