internal import CTurboJPEG
import TFRecordPixels

/// Decompresses JPEG data to 8-bit gray or RGB pixels with libjpeg-turbo's TurboJPEG API.
///
/// One decoder per thread: it owns a TurboJPEG decompressor (`tjInitDecompress`, freed by
/// `tjDestroy` in `deinit`).
///
/// Strict: any libjpeg warning — "Premature end of JPEG file" for truncated data,
/// "Corrupt JPEG data: …" — fails the decode with ``ImageCodecError/Code/corruptData``
/// instead of returning a partly grey image. Decoding uses libjpeg-turbo's defaults for
/// decompression: the accurate integer IDCT and smooth ("fancy") chroma upsampling, as
/// TensorFlow's `tf.io.decode_jpeg` and Pillow do.
public final class JPEGDecoder {
    /// The TurboJPEG decompressor; internal for the decoding variants in `JPEGDecoder+…` files.
    var handle: UnsafeMutableRawPointer
    /// The largest image, in pixels, that the decoder accepts.
    public let maxPixels: Int

    /// Creates a decoder.
    ///
    /// - Parameters:
    ///   - maxPixels: larger images are refused with ``ImageCodecError/Code/tooLarge``
    ///     before any pixel memory is allocated.
    /// - Throws: ``ImageCodecError`` `.codecFailure` if `tjInitDecompress` fails.
    public init(maxPixels: Int = ImageDecoder.defaultMaxPixels) throws(ImageCodecError) {
        guard let handle = tjInitDecompress() else {
            throw ImageCodecError(.codecFailure, "cannot create a JPEG decompressor: \(String(cString: tjGetErrorStr2(nil)))")
        }
        self.handle = handle
        self.maxPixels = maxPixels
    }

    deinit { tjDestroy(handle) }

    /// The width, height and channel count (1 for grayscale JPEGs, 3 for colour) of a JPEG,
    /// from its header.
    ///
    /// - Throws: ``ImageCodecError`` `.unsupportedFormat` for data without the JPEG magic
    ///   number or for CMYK/YCCK JPEGs, `.corruptData` for a header libjpeg cannot read.
    public func header(of data: UnsafeRawBufferPointer) throws(ImageCodecError) -> ImageShape {
        // tjDecompressHeader3, or the marker walk for sampling factors TurboJPEG cannot name.
        let (width, height, colorspace, _) = try headerInfo(of: data)
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            throw ImageCodecError(.unsupportedFormat, "CMYK JPEG images are not supported (gray or RGB only)")
        }
        let channels = colorspace == Int32(TJCS_GRAY.rawValue) ? 1 : 3
        do {
            return try ImageShape(height: Int(height), width: Int(width), channels: channels)
        } catch {
            throw ImageCodecError(.corruptData, "corrupt JPEG header: \(error.message)")
        }
    }

    /// Decodes a JPEG image.
    ///
    /// - Parameters:
    ///   - data: the complete JPEG file.
    ///   - channels: 1 or 3 to convert to gray or RGB (libjpeg's colour conversion);
    ///     `nil` keeps the file's: 1 for grayscale JPEGs, 3 otherwise.
    /// - Throws: ``ImageCodecError``: `.unsupportedFormat` (not a JPEG, CMYK),
    ///   `.corruptData` (malformed or truncated data, any libjpeg warning), `.tooLarge`
    ///   (more than ``maxPixels`` pixels), `.invalidArgument` (bad `channels`).
    /// - Complexity: O(width · height).
    public func decode(_ data: UnsafeRawBufferPointer, channels: Int? = nil) throws(ImageCodecError) -> Image {
        // Full size is the only scale at least as large as the image itself.
        let shape = try header(of: data)
        return try decode(data, scaledToAtLeast: shape.width, shape.height, channels: channels)
    }

    /// ``header(of:)`` for a byte array.
    public func header(of data: [UInt8]) throws(ImageCodecError) -> ImageShape {
        try rethrowingImageCodecError { try data.withUnsafeBytes { raw in try header(of: raw) } }
    }

    /// ``decode(_:channels:)`` for a byte array.
    public func decode(_ data: [UInt8], channels: Int? = nil) throws(ImageCodecError) -> Image {
        try rethrowingImageCodecError { try data.withUnsafeBytes { raw in try decode(raw, channels: channels) } }
    }

    var errorText: String { String(cString: tjGetErrorStr2(handle)) }

    /// Replaces the decompressor after a failure: TurboJPEG 2.1 can leave a handle
    /// mid-header after an error, so that the next, valid image fails too.
    func recover() {
        guard let fresh = tjInitDecompress() else { return }
        tjDestroy(handle)
        handle = fresh
    }
}
