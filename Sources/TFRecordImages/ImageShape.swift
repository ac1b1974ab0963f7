/// The shape of an image: height × width × channels, written `HxWxC` (`28x28x1`).
public struct ImageShape: Sendable, Hashable, CustomStringConvertible {
    /// Rows.
    public let height: Int
    /// Pixels per row.
    public let width: Int
    /// Samples per pixel: 1 (gray) or 3 (RGB).
    public let channels: Int

    /// Creates a shape.
    ///
    /// - Throws: ``ImageCodecError`` `.invalidArgument` unless the dimensions are positive,
    ///   `channels` is 1 or 3 and the sample count fits in an `Int`.
    public init(height: Int, width: Int, channels: Int) throws(ImageCodecError) {
        guard height > 0 && width > 0 else {
            throw ImageCodecError(.invalidArgument, "image dimensions must be positive, got \(height)x\(width)")
        }
        guard channels == 1 || channels == 3 else {
            throw ImageCodecError(.invalidArgument, "\(channels) channels: only 1 (gray) or 3 (RGB) are supported")
        }
        guard !height.multipliedReportingOverflow(by: width).overflow,
              !(height * width).multipliedReportingOverflow(by: channels).overflow
        else { throw ImageCodecError(.invalidArgument, "image shape \(height)x\(width)x\(channels) is too large") }
        self.height = height
        self.width = width
        self.channels = channels
    }

    init(unchecked height: Int, _ width: Int, _ channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// Parses `HxWxC` or `HxW` (one channel); `×` may stand for `x`.
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

    /// Samples in an image of this shape.
    public var valueCount: Int { height * width * channels }

    /// `HxWxC`, e.g. `28x28x1`.
    public var description: String { "\(height)x\(width)x\(channels)" }
}
