internal import CPNG
import TFRecordPixels

/// Decodes PNG data to 8-bit gray or RGB pixels with libpng's simplified read API
/// (`png_image_begin_read_from_memory`, `png_image_finish_read`).
///
/// libpng reports errors by `longjmp`; the simplified API catches them inside libpng and
/// returns 0 with a message, so no C error jump crosses Swift frames.
///
/// Every PNG variant is read: palette, 1–16-bit, with or without alpha, interlaced.
/// Conversions are libpng's: 16-bit samples are scaled to 8 bits (treated as sRGB-encoded,
/// `PNG_IMAGE_FLAG_16BIT_sRGB`, as TensorFlow and Pillow do), an alpha channel is
/// composited onto black, colour becomes gray by libpng's luminance when 1 channel is asked
/// for. Files with a non-sRGB `gAMA` chunk are converted to sRGB (TensorFlow and Pillow
/// ignore `gAMA`); files that have none, like all that ``PNGEncoder`` writes, decode to
/// exactly the stored 8-bit samples.
///
/// Not thread-safe: use one decoder per thread.
public final class PNGDecoder {
    /// The largest image, in pixels, that the decoder accepts.
    public let maxPixels: Int

    /// Creates a decoder.
    ///
    /// - Parameters:
    ///   - maxPixels: larger images are refused with ``ImageCodecError/Code/tooLarge``
    ///     before any pixel memory is allocated.
    public init(maxPixels: Int = ImageDecoder.defaultMaxPixels) {
        self.maxPixels = maxPixels
    }

    /// The width, height and channel count (1 for gray, 3 for colour; alpha not counted)
    /// of a PNG, from its header.
    ///
    /// - Throws: ``ImageCodecError`` `.unsupportedFormat` for data without the PNG
    ///   signature, `.corruptData` for a header libpng cannot read.
    public func header(of data: UnsafeRawBufferPointer) throws(ImageCodecError) -> ImageShape {
        let image = try beginRead(data)
        defer { image.deallocate() }
        png_image_free(image)
        return ImageShape(unchecked: Int(image.pointee.height), Int(image.pointee.width), Self.channels(of: image.pointee))
    }

    /// Decodes a PNG image.
    ///
    /// - Parameters:
    ///   - data: the complete PNG file.
    ///   - channels: 1 or 3 to convert to gray or RGB; `nil` keeps the file's: 1 for gray
    ///     (and gray + alpha) images, 3 for colour ones.
    /// - Throws: ``ImageCodecError``: `.unsupportedFormat` (not a PNG), `.corruptData`
    ///   (bad chunks, CRC mismatch in a critical chunk, truncated data), `.tooLarge` (more
    ///   than ``maxPixels`` pixels), `.invalidArgument` (bad `channels`).
    /// - Complexity: O(width · height).
    public func decode(_ data: UnsafeRawBufferPointer, channels: Int? = nil) throws(ImageCodecError) -> Image {
        if let channels, channels != 1 && channels != 3 {
            throw ImageCodecError(.invalidArgument, "\(channels) channels: only 1 (gray) or 3 (RGB) are supported")
        }
        let image = try beginRead(data)
        defer { image.deallocate() }
        let width = Int(image.pointee.width), height = Int(image.pointee.height)
        guard width * height <= maxPixels else {
            png_image_free(image)
            throw ImageCodecError(.tooLarge, "PNG image of \(width)x\(height) exceeds the limit of \(maxPixels) pixels")
        }
        let outChannels = channels ?? Self.channels(of: image.pointee)
        image.pointee.format = outChannels == 1 ? UInt32(PNG_FORMAT_GRAY) : UInt32(PNG_FORMAT_RGB)
        image.pointee.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        // Zero-filled: libpng composites alpha onto the buffer's contents (black).
        var pixels = [UInt8](repeating: 0, count: width * height * outChannels)
        // png_image_finish_read frees libpng's state whether it succeeds or not.
        let ok = pixels.withUnsafeMutableBytes { out in
            png_image_finish_read(image, nil, out.baseAddress, 0, nil)
        }
        guard ok != 0 else {
            throw ImageCodecError(.corruptData, "corrupt PNG data: \(pngMessage(image.pointee))")
        }
        return Image(unchecked: width, height: height, channels: outChannels, pixels: pixels)
    }

    /// ``header(of:)`` for a byte array.
    public func header(of data: [UInt8]) throws(ImageCodecError) -> ImageShape {
        try rethrowingImageCodecError { try data.withUnsafeBytes { raw in try header(of: raw) } }
    }

    /// ``decode(_:channels:)`` for a byte array.
    public func decode(_ data: [UInt8], channels: Int? = nil) throws(ImageCodecError) -> Image {
        try rethrowingImageCodecError { try data.withUnsafeBytes { raw in try decode(raw, channels: channels) } }
    }

    /// Reads the header into a new `png_image`, which the caller deallocates (after
    /// `png_image_finish_read` or `png_image_free`).
    ///
    /// The `png_image` lives on the heap because libpng keeps its address between calls
    /// (as the I/O and error pointer of its read struct): a Swift `inout` temporary or a
    /// copied struct would leave libpng writing through a dangling pointer on errors.
    private func beginRead(_ data: UnsafeRawBufferPointer) throws(ImageCodecError) -> UnsafeMutablePointer<png_image> {
        guard ImageFormat.detect(data) == .png else {
            throw ImageCodecError(.unsupportedFormat, "not a PNG image: \(ImageFormat.describeUnknown(data))")
        }
        let image = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
        image.initialize(to: png_image())
        image.pointee.version = UInt32(PNG_IMAGE_VERSION)
        // On failure libpng frees what it allocated (png_image_free is called for us).
        guard png_image_begin_read_from_memory(image, data.baseAddress, data.count) != 0 else {
            let message = pngMessage(image.pointee)
            image.deallocate()
            throw ImageCodecError(.corruptData, "corrupt PNG header: \(message)")
        }
        return image
    }

    private static func channels(of image: png_image) -> Int {
        (image.format & UInt32(PNG_FORMAT_FLAG_COLOR)) != 0 ? 3 : 1
    }
}
