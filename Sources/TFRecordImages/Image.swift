import TFRecordPixels

/// An 8-bit image in memory: `height` rows of `width` pixels of `channels` interleaved
/// samples (1: gray, 3: RGB), row-major, top row first, no padding.
public struct Image: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Samples per pixel: 1 (gray) or 3 (RGB).
    public let channels: Int
    /// `width * height * channels` samples.
    public var pixels: [UInt8]

    /// Creates an image from its samples.
    ///
    /// - Throws: ``ImageCodecError`` `.invalidArgument` if a dimension is not positive,
    ///   `channels` is not 1 or 3, or `pixels` does not hold `width * height * channels`
    ///   samples.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws(ImageCodecError) {
        try Self.validate(width: width, height: height, channels: channels, count: pixels.count)
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Creates an image of one color.
    ///
    /// - Parameters:
    ///   - color: `channels` samples.
    /// - Precondition: positive dimensions, `channels` 1 or 3, `color.count == channels`.
    public init(width: Int, height: Int, channels: Int, color: [UInt8]) {
        precondition(width > 0 && height > 0 && (channels == 1 || channels == 3) && color.count == channels)
        self.width = width
        self.height = height
        self.channels = channels
        if channels == 1 {
            self.pixels = [UInt8](repeating: color[0], count: width * height)
        } else {
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            for i in stride(from: 0, to: pixels.count, by: 3) {
                pixels[i] = color[0]
                pixels[i + 1] = color[1]
                pixels[i + 2] = color[2]
            }
            self.pixels = pixels
        }
    }

    /// Skips validation: for codecs that have just produced exactly this many samples.
    init(unchecked width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        assert(pixels.count == width * height * channels)
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The shape as height × width × channels.
    public var shape: ImageShape { ImageShape(unchecked: height, width, channels) }

    /// The samples of the pixel at column `x`, row `y` (`channels` values).
    ///
    /// - Precondition: `0 <= x < width`, `0 <= y < height`.
    public subscript(x x: Int, y y: Int) -> ArraySlice<UInt8> {
        precondition(x >= 0 && x < width && y >= 0 && y < height)
        let start = (y * width + x) * channels
        return pixels[start..<(start + channels)]
    }

    /// This image with `channels` samples per pixel: gray is replicated into RGB; RGB
    /// becomes gray as the rounded ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B).
    ///
    /// - Precondition: `channels` is 1 or 3.
    public func converted(toChannels channels: Int) -> Image {
        precondition(channels == 1 || channels == 3)
        if channels == self.channels { return self }
        let count = width * height
        var out = [UInt8](repeating: 0, count: count * channels)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if channels == 3 {
                    for i in 0..<count {
                        let v = src[i]
                        dst[3 * i] = v
                        dst[3 * i + 1] = v
                        dst[3 * i + 2] = v
                    }
                } else {
                    for i in 0..<count {
                        let luma = 299 * Int(src[3 * i]) + 587 * Int(src[3 * i + 1]) + 114 * Int(src[3 * i + 2])
                        dst[i] = UInt8((luma + 500) / 1000)
                    }
                }
            }
        }
        return Image(unchecked: width, height: height, channels: channels, pixels: out)
    }

    /// This image enlarged `factor` times in both directions by repeating pixels
    /// (nearest neighbour).
    ///
    /// - Precondition: `factor >= 1`.
    /// - Complexity: O(width · height · channels · factor²).
    public func upscaled(by factor: Int) -> Image {
        precondition(factor >= 1)
        if factor == 1 { return self }
        let outWidth = width * factor
        let rowLength = outWidth * channels
        var out = [UInt8](repeating: 0, count: rowLength * height * factor)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let rowStart = y * factor * rowLength
                    for x in 0..<width {
                        for c in 0..<channels {
                            let v = src[(y * width + x) * channels + c]
                            for k in 0..<factor { dst[rowStart + (x * factor + k) * channels + c] = v }
                        }
                    }
                    for r in 1..<factor {
                        let target = UnsafeMutableBufferPointer(rebasing: dst[(rowStart + r * rowLength)...])
                        _ = target.initialize(from: UnsafeBufferPointer(rebasing: dst[rowStart..<(rowStart + rowLength)]))
                    }
                }
            }
        }
        return Image(unchecked: outWidth, height: height * factor, channels: channels, pixels: out)
    }

    /// Copies `image` into this image with its top-left corner at (`x`, `y`), clipped to
    /// this image's bounds; its channels are converted to this image's first.
    public mutating func draw(_ image: Image, atX x: Int, y: Int) {
        let source = image.converted(toChannels: channels)
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + source.width), y1 = min(height, y + source.height)
        guard x0 < x1 && y0 < y1 else { return }
        let count = (x1 - x0) * channels
        let width = self.width, channels = self.channels
        source.pixels.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for row in y0..<y1 {
                    let from = ((row - y) * source.width + (x0 - x)) * channels
                    let to = (row * width + x0) * channels
                    for i in 0..<count { dst[to + i] = src[from + i] }
                }
            }
        }
    }

    /// Sets the pixel at (`x`, `y`) to `color` (`channels` samples); outside the image,
    /// does nothing.
    public mutating func setPixel(x: Int, y: Int, to color: [UInt8]) {
        guard x >= 0 && x < width && y >= 0 && y < height else { return }
        let start = (y * width + x) * channels
        for c in 0..<channels { pixels[start + c] = color[c] }
    }

    static func validate(width: Int, height: Int, channels: Int, count: Int) throws(ImageCodecError) {
        guard width > 0 && height > 0 else {
            throw ImageCodecError(.invalidArgument, "image dimensions must be positive, got \(width)x\(height)")
        }
        guard channels == 1 || channels == 3 else {
            throw ImageCodecError(.invalidArgument, "\(channels) channels: only 1 (gray) or 3 (RGB) are supported")
        }
        let (area, overflow1) = width.multipliedReportingOverflow(by: height)
        let (expected, overflow2) = area.multipliedReportingOverflow(by: channels)
        guard !overflow1 && !overflow2 && expected == count else {
            throw ImageCodecError(
                .invalidArgument, "\(count) samples for a \(width)x\(height)x\(channels) image (\(expected) expected)")
        }
    }
}
