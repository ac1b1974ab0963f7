/// The shape of one image: `height × width` pixels of `channels` values each, stored HWC
/// (row-major, channel last) in the input.
public struct ImageShape: Sendable, Hashable, CustomStringConvertible {
    public let height: Int
    public let width: Int
    public let channels: Int

    /// A shape; every dimension must be at least 1 and the image at most 2^31 − 1 values.
    ///
    /// - Throws: ``TransformError`` (`isUsage`) for a dimension below 1 or a shape too large.
    public init(height: Int, width: Int, channels: Int = 1) throws(TransformError) {
        guard height >= 1, width >= 1, channels >= 1 else {
            throw TransformError(
                .invalidArgument, "image shape \(height)x\(width)x\(channels): every dimension must be at least 1")
        }
        let (pixels, o1) = height.multipliedReportingOverflow(by: width)
        let (elements, o2) = pixels.multipliedReportingOverflow(by: channels)
        guard !o1, !o2, elements <= Int(Int32.max) else {
            throw TransformError(.invalidArgument, "image shape \(height)x\(width)x\(channels) is too large")
        }
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// Parses `HxWxC` or `HxW` (one channel), e.g. `28x28x1`.
    ///
    /// - Throws: ``TransformError`` (`isUsage`) for any other text.
    public init(_ text: String) throws(TransformError) {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2 || parts.count == 3, let h = parts[0], let w = parts[1] else {
            throw TransformError(.invalidArgument, "image shape '\(text)': expected HxWxC or HxW, e.g. 28x28x1")
        }
        let c: Int? = parts.count == 3 ? parts[2] : 1
        guard let c else {
            throw TransformError(.invalidArgument, "image shape '\(text)': expected HxWxC or HxW, e.g. 28x28x1")
        }
        try self.init(height: h, width: w, channels: c)
    }

    private init(unchecked height: Int, _ width: Int, _ channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// 28 × 28 × 1: MNIST.
    public static let mnist = ImageShape(unchecked: 28, 28, 1)

    /// `height × width`.
    public var pixels: Int { height * width }

    /// `height × width × channels`: bytes in, floats out, per image.
    public var elements: Int { height * width * channels }

    public var description: String { "\(height)x\(width)x\(channels)" }
}
