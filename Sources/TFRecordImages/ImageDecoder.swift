/// Decodes JPEG or PNG data, telling them apart by their magic numbers.
///
/// Holds one ``JPEGDecoder`` (created on first use) and one ``PNGDecoder``; use one
/// `ImageDecoder` per thread.
public final class ImageDecoder {
    /// The default limit on decoded pixels: 2²⁸ (16384 × 16384), which stops a
    /// few-kilobyte "decompression bomb" from allocating gigabytes.
    public static let defaultMaxPixels = 1 << 28

    /// The largest image, in pixels, that the decoder accepts.
    public let maxPixels: Int
    private var jpeg: JPEGDecoder?
    private let png: PNGDecoder

    /// Creates a decoder.
    public init(maxPixels: Int = ImageDecoder.defaultMaxPixels) {
        self.maxPixels = maxPixels
        self.png = PNGDecoder(maxPixels: maxPixels)
    }

    /// Decodes JPEG or PNG data.
    ///
    /// - Parameters:
    ///   - channels: 1 or 3 to convert to gray or RGB; `nil` keeps the file's.
    /// - Returns: the format found and the image.
    /// - Throws: ``ImageCodecError``: `.unsupportedFormat` for data that is neither JPEG
    ///   nor PNG (the message names GIF, BMP, WebP, TIFF… when it recognizes them), and
    ///   the errors of ``JPEGDecoder/decode(_:channels:)`` and ``PNGDecoder/decode(_:channels:)``.
    public func decode(_ data: UnsafeRawBufferPointer, channels: Int? = nil) throws(ImageCodecError)
        -> (format: ImageFormat, image: Image)
    {
        switch ImageFormat.detect(data) {
        case .jpeg?:
            let decoder: JPEGDecoder
            if let jpeg { decoder = jpeg } else {
                decoder = try JPEGDecoder(maxPixels: maxPixels)
                jpeg = decoder
            }
            return (.jpeg, try decoder.decode(data, channels: channels))
        case .png?:
            return (.png, try png.decode(data, channels: channels))
        case nil:
            throw ImageCodecError(.unsupportedFormat, "not a JPEG or PNG image: \(ImageFormat.describeUnknown(data))")
        }
    }

    /// ``decode(_:channels:)`` for a byte array.
    public func decode(_ data: [UInt8], channels: Int? = nil) throws(ImageCodecError)
        -> (format: ImageFormat, image: Image)
    {
        try rethrowingImageCodecError {
            try data.withUnsafeBytes { raw in try decode(raw, channels: channels) }
        }
    }
}
