internal import CPNG

/// Compresses 8-bit gray or RGB pixels to PNG with libpng's simplified write API
/// (`png_image_write_to_memory`).
///
/// Lossless and deterministic: the same pixels give the same bytes, since every setting
/// is fixed — 8-bit gray (colour type 0) or RGB (colour type 2), no interlacing, an `sRGB`
/// chunk and no other ancillary chunks (no time stamp), and the ``Compression`` chosen.
/// Output bytes may differ between libpng/zlib versions; decoded pixels never do.
///
/// Errors come back as return values with a message: the simplified API catches libpng's
/// `longjmp` inside libpng itself, so no C error jump ever crosses Swift frames.
///
/// Not thread-safe: use one encoder per thread. It reuses one output buffer across images.
public final class PNGEncoder: ImageBytesEncoder {
    /// How hard to compress.
    public enum Compression: String, CaseIterable, Sendable {
        /// No row filters, zlib level 3 (libpng's `PNG_IMAGE_FLAG_FAST`). For small,
        /// mostly flat images such as 28×28 digits this is about twice as fast as
        /// ``standard`` and gives slightly smaller files; for photos, files grow ~25%.
        case fast
        /// libpng's defaults, as TensorFlow's `tf.io.encode_png`: adaptive per-row filters,
        /// zlib level 6.
        case standard
    }

    /// The compression setting.
    public let compression: Compression
    private var buffer: [UInt8] = []

    /// Creates an encoder.
    public init(compression: Compression = .fast) {
        self.compression = compression
    }

    /// Compresses an image and calls `body` with the PNG bytes, which are valid only
    /// inside `body` (they live in the encoder's reusable buffer).
    ///
    /// - Parameters:
    ///   - pixels: `width * height * channels` samples, row-major, top row first.
    ///   - channels: 1 (gray) or 3 (RGB).
    /// - Returns: what `body` returns.
    /// - Throws: ``ImageCodecError`` `.invalidArgument` for bad dimensions, channel count
    ///   or sample count; `.codecFailure` with libpng's message if writing fails.
    /// - Complexity: O(width · height).
    public func withEncoded<Result>(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) throws(ImageCodecError) -> Result {
        try Image.validate(width: width, height: height, channels: channels, count: pixels.count)
        guard width <= Int(Int32.max) / 4 && height <= Int(Int32.max) else {
            throw ImageCodecError(.invalidArgument, "\(width)x\(height) is too large for PNG")
        }
        let raw = height * (width * channels + 1)
        let estimate = raw + raw / 8 + 1024
        if buffer.count < estimate { buffer = [UInt8](repeating: 0, count: estimate) }
        // libpng keeps the png_image's address as its error pointer while it works: give it a
        // stable one rather than an `inout` temporary.
        let image = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
        defer { image.deallocate() }
        while true {
            image.initialize(to: png_image())
            image.pointee.version = UInt32(PNG_IMAGE_VERSION)
            image.pointee.width = UInt32(width)
            image.pointee.height = UInt32(height)
            image.pointee.format = channels == 1 ? UInt32(PNG_FORMAT_GRAY) : UInt32(PNG_FORMAT_RGB)
            image.pointee.flags = compression == .fast ? UInt32(PNG_IMAGE_FLAG_FAST) : 0
            let capacity = buffer.count
            var size = capacity
            let ok = buffer.withUnsafeMutableBytes { out in
                png_image_write_to_memory(image, out.baseAddress, &size, 0, pixels.baseAddress, 0, nil)
            }
            if ok != 0 {
                return buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<size])) }
            }
            if size > capacity {
                // The buffer was too small; libpng reported the size it needs.
                buffer = [UInt8](repeating: 0, count: size)
                continue
            }
            throw ImageCodecError(.codecFailure, "PNG compression failed: \(pngMessage(image.pointee))")
        }
    }
}

/// The message libpng's simplified API left in `image` after a warning or error.
func pngMessage(_ image: png_image) -> String {
    let text = withUnsafeBytes(of: image.message) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    return text.isEmpty ? "unknown libpng error" : text
}
