/// The shape of one image: `height × width` pixels of `channels` values each, stored HWC
/// (row-major, channel last), written `HxWxC` (`28x28x1`).
///
/// The one shape type of the package: the codecs (TFRecordImages), the pixel transform
/// (TFRecordTransform), the encoders and the tools all take it. It checks only what every
/// user needs (positive dimensions, a value count that fits in an `Int`); a user with a
/// narrower range checks it itself: image files take 1 (gray) or 3 (RGB) channels
/// (TFRecordImages' `checkImageChannels()`), the transform at most 2^31 − 1 values.
public struct ImageShape: Sendable, Hashable, CustomStringConvertible {
    /// Rows.
    public let height: Int
    /// Pixels per row.
    public let width: Int
    /// Values per pixel: 1 for gray, 3 for RGB, any other positive count for raw arrays.
    public let channels: Int

    /// Creates a shape.
    ///
    /// - Throws: ``ImageShapeError`` `.dimensionBelowOne`, or `.tooLarge` for a value count
    ///   that does not fit in an `Int`.
    public init(height: Int, width: Int, channels: Int = 1) throws(ImageShapeError) {
        guard height >= 1, width >= 1, channels >= 1 else {
            throw .dimensionBelowOne(height: height, width: width, channels: channels)
        }
        guard !height.multipliedReportingOverflow(by: width).overflow,
              !(height * width).multipliedReportingOverflow(by: channels).overflow
        else { throw .tooLarge(height: height, width: width, channels: channels) }
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// A shape its caller knows to be valid (an image's own, a header's): no checks.
    package init(unchecked height: Int, _ width: Int, _ channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// Parses `HxWxC` or `HxW` (one channel); `X` or `×` may stand for `x`.
    ///
    /// - Returns: `nil` for anything else, or for a shape that ``init(height:width:channels:)`` refuses.
    public init?(parsing text: String) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "X" || $0 == "×" }
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let numbers = parts.map { Int($0) }
        guard let h = numbers[0], let w = numbers[1] else { return nil }
        let c = parts.count == 3 ? numbers[2] : 1
        guard let c, let shape = try? ImageShape(height: h, width: w, channels: c) else { return nil }
        self = shape
    }

    /// 28 × 28 × 1: MNIST.
    public static let mnist = ImageShape(unchecked: 28, 28, 1)

    /// The shape of `count` values when no shape is given: a square gray image
    /// (`count` = s², e.g. 784 → 28x28x1), or `nil`. An RGB shape (3·s² values) is
    /// never guessed, since 3·s² can also be a gray rectangle; name it explicitly.
    public static func inferred(fromValueCount count: Int) -> ImageShape? {
        guard count > 0 else { return nil }
        var side = Int(Double(count).squareRoot().rounded())
        while side * side > count { side -= 1 }
        while (side + 1) * (side + 1) <= count { side += 1 }
        return side * side == count ? ImageShape(unchecked: side, side, 1) : nil
    }

    /// `height × width`.
    public var pixels: Int { height * width }

    /// `height × width × channels`: the values of one image (bytes in, floats out for the
    /// transform).
    public var valueCount: Int { height * width * channels }

    /// `HxWxC`, e.g. `28x28x1`.
    public var description: String { "\(height)x\(width)x\(channels)" }
}
