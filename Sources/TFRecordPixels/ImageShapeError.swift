/// An image shape that cannot be (a dimension below 1, more values than an `Int` holds), or
/// one that does not fit the values it should describe.
///
/// Each case carries its values, so that a front end can word it in its own terms (the
/// `tfrec` CLI names its `--shape` flag for ``doesNotFit(_:valueCount:)``).
public enum ImageShapeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A dimension below 1.
    case dimensionBelowOne(height: Int, width: Int, channels: Int)
    /// More values than an `Int` holds.
    case tooLarge(height: Int, width: Int, channels: Int)
    /// A valid shape that holds another number of values than there are.
    case doesNotFit(ImageShape, valueCount: Int)

    /// One line for a person, e.g. `shape 20x20x1 holds 400 values, not 784`.
    public var message: String {
        switch self {
        case let .dimensionBelowOne(height, width, channels):
            "image shape \(height)x\(width)x\(channels): every dimension must be at least 1"
        case let .tooLarge(height, width, channels):
            "image shape \(height)x\(width)x\(channels) is too large"
        case let .doesNotFit(shape, valueCount):
            "shape \(shape) holds \(shape.valueCount) values, not \(valueCount)"
        }
    }

    public var description: String { message }
}
