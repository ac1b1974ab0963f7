import TFRecord
import TFRecordPixels

extension ImageShapeError {
    /// This error as a located ``TFRecord/TFRecordError`` with code `code`. A shape that
    /// does not fit is worded `shape 20x20x1 holds 400 values, but <actual>`, the shape as
    /// the ``TFRecord/Setting/shape`` setting when `shapeIsSetting` (the CLI names its flag:
    /// `--shape 20x20x1 holds 400 values, but rows have 784 pixels`).
    ///
    /// - Parameters:
    ///   - actual: what holds how many values, e.g. `rows have 784 pixels`.
    ///   - shapeIsSetting: whether the shape came from the options (else from a manifest or
    ///     the data), so that the message names the setting only when the user gave one.
    public func tfRecordError(_ code: TFRecordError.Code, but actual: String, shapeIsSetting: Bool = true,
                              at location: SourceLocation = SourceLocation()) -> TFRecordError {
        guard case let .doesNotFit(shape, _) = self else { return TFRecordError(code, message, at: location) }
        let values = " holds \(shape.valueCount) values, but \(actual)"
        return shapeIsSetting
            ? TFRecordError(code, "\(setting: .shape, shape)\(values)", at: location)
            : TFRecordError(code, "shape \(shape)\(values)", at: location)
    }
}
