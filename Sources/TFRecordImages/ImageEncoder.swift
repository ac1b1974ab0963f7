/// Encodes images to one format with fixed settings: JPEG at a quality, or PNG.
///
/// The codec-neutral face of ``JPEGEncoder`` and ``PNGEncoder`` for pipelines that take
/// the format as an option (`--format jpeg|png`). It owns one codec object and its
/// reusable output buffer, so make one per worker thread:
///
/// ```swift
/// let encoder = try ImageEncoder(format: .jpeg, quality: 95)
/// try encoder.withEncoded(pixels: row, width: 28, height: 28, channels: 1) { bytes in
///     records.append(count: bytes.count) { $0.copyMemory(from: bytes) }
/// }
/// ```
public final class ImageEncoder: ImageBytesEncoder {
    /// The output format.
    public let format: ImageFormat
    /// JPEG quality, 1...100 (unused for PNG).
    public let quality: Int
    /// JPEG chroma subsampling for RGB images (unused for gray images and PNG).
    public let subsampling: JPEGEncoder.ChromaSubsampling
    /// PNG compression (unused for JPEG).
    public let pngCompression: PNGEncoder.Compression
    private let jpeg: JPEGEncoder?
    private let png: PNGEncoder?

    /// Creates an encoder.
    ///
    /// - Throws: ``ImageCodecError`` `.invalidArgument` for a quality outside 1...100,
    ///   `.codecFailure` if the JPEG compressor cannot be created.
    public init(
        format: ImageFormat, quality: Int = 95, subsampling: JPEGEncoder.ChromaSubsampling = .s420,
        pngCompression: PNGEncoder.Compression = .fast
    ) throws(ImageCodecError) {
        guard (1...100).contains(quality) else {
            throw ImageCodecError(.invalidArgument, "JPEG quality \(quality) is outside 1...100")
        }
        self.format = format
        self.quality = quality
        self.subsampling = subsampling
        self.pngCompression = pngCompression
        self.jpeg = format == .jpeg ? try JPEGEncoder() : nil
        self.png = format == .png ? PNGEncoder(compression: pngCompression) : nil
    }

    /// Encodes an image and calls `body` with the encoded bytes, valid only inside `body`.
    ///
    /// - Parameters:
    ///   - pixels: `width * height * channels` samples, row-major, top row first.
    ///   - channels: 1 (gray) or 3 (RGB).
    /// - Throws: ``ImageCodecError`` as the underlying encoder does.
    public func withEncoded<Result>(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) throws(ImageCodecError) -> Result {
        if let jpeg {
            return try jpeg.withEncoded(
                pixels: pixels, width: width, height: height, channels: channels, quality: quality,
                subsampling: subsampling, body)
        }
        return try png!.withEncoded(pixels: pixels, width: width, height: height, channels: channels, body)
    }
}
