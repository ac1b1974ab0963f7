internal import CStbImage

/// Decodes BMP images to 8-bit gray or RGB with stb_image (Debian's `libstb`).
///
/// Why stb_image: no Debian library is dedicated to BMP, and stb_image reads every variant
/// found in datasets — 1/4/8-bit palettes, 16/24/32-bit, BI_BITFIELDS, RLE4/RLE8, top-down
/// rows, OS/2 headers — in a few calls. stb_image is not hardened against hostile input, so
/// only data that ``ImageContentKind/detect(_:)`` calls ``ImageContentKind/bmp`` reaches it
/// (which routes it to stb's BMP reader only), and the size is checked
/// (`stbi_info_from_memory`) before any pixel memory is allocated.
///
/// An alpha channel is dropped, not composited: most 32-bit BMPs leave their fourth byte
/// unused (0), so compositing would turn them black.
///
/// stb_image keeps its failure reason per thread; use one decoder per thread anyway.
public final class BMPDecoder {
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

    /// Decodes a BMP image.
    ///
    /// - Parameters:
    ///   - data: the complete BMP file.
    /// - Returns: a 3-channel (RGB) image: stb_image expands palettes, gray ones included, to
    ///   RGB (1 channel only if stb_image ever reports a gray file).
    /// - Throws: ``ImageCodecError``: `.unsupportedFormat` (not a BMP), `.corruptData`
    ///   (anything stb_image refuses, with its reason), `.tooLarge`.
    /// - Complexity: O(width · height).
    public func decode(_ data: UnsafeRawBufferPointer) throws(ImageCodecError) -> Image {
        guard ImageContentKind.detect(data) == .bmp else {
            throw ImageCodecError(.unsupportedFormat, "not a BMP image: \(ImageFormat.describeUnknown(data))")
        }
        guard data.count < Int(Int32.max) else { throw ImageCodecError(.tooLarge, "BMP file of \(data.count) bytes") }
        try Self.checkPixelDataSize(data)
        let bytes = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var width: Int32 = 0
        var height: Int32 = 0
        var components: Int32 = 0
        guard stbi_info_from_memory(bytes, Int32(data.count), &width, &height, &components) != 0 else {
            throw ImageCodecError(.corruptData, "corrupt BMP data: \(Self.reason)")
        }
        guard Int(width) * Int(height) <= maxPixels else {
            throw ImageCodecError(.tooLarge, "BMP image of \(width)x\(height) exceeds the limit of \(maxPixels) pixels")
        }
        let channels = components <= 2 ? 1 : 3
        guard
            let pixels = stbi_load_from_memory(bytes, Int32(data.count), &width, &height, &components, Int32(channels))
        else {
            throw ImageCodecError(.corruptData, "corrupt BMP data: \(Self.reason)")
        }
        defer { stbi_image_free(pixels) }
        let count = Int(width) * Int(height) * channels
        return Image(
            unchecked: Int(width), height: Int(height), channels: channels,
            pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// ``decode(_:)`` for a byte array.
    public func decode(_ data: [UInt8]) throws(ImageCodecError) -> Image {
        try rethrowingImageCodecError { try data.withUnsafeBytes { raw in try decode(raw) } }
    }

    /// Refuses uncompressed BMPs whose rows run past the end of the data: stb_image would
    /// return them padded with black instead of failing.
    ///
    /// Reads the file header's pixel-data offset and the DIB header's size fields (OS/2
    /// `BITMAPCOREHEADER` or Windows `BITMAPINFOHEADER` and later); RLE and embedded
    /// JPEG/PNG data, whose size the header does not give, are left to stb_image.
    static func checkPixelDataSize(_ data: UnsafeRawBufferPointer) throws(ImageCodecError) {
        func u16(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard data.count >= 26 else { throw ImageCodecError(.corruptData, "truncated BMP: \(data.count) bytes") }
        let offset = u32(10)
        let headerSize = u32(14)
        let width: Int
        let height: Int
        let bitsPerPixel: Int
        if headerSize == 12 {
            (width, height, bitsPerPixel) = (u16(18), u16(20), u16(24))
        } else {
            guard data.count >= 34 else { throw ImageCodecError(.corruptData, "truncated BMP: \(data.count) bytes") }
            let compression = u32(30)
            guard compression == 0 || compression == 3 || compression == 6 else { return }
            (width, height, bitsPerPixel) = (
                Int(Int32(truncatingIfNeeded: u32(18))), Int(Int32(truncatingIfNeeded: u32(22))), u16(28)
            )
        }
        // stb_image reports these (and sizes beyond its 2^24 limit); checking them here could overflow.
        guard width > 0, height != 0, bitsPerPixel > 0, width <= 1 << 24, abs(height) <= 1 << 24 else { return }
        let rowBytes = (width * bitsPerPixel + 31) / 32 * 4
        let needed = offset + rowBytes * abs(height)
        guard data.count >= needed else {
            throw ImageCodecError(
                .corruptData,
                "truncated BMP: \(needed) bytes expected for \(width)x\(abs(height)), \(data.count) present")
        }
    }

    private static var reason: String {
        guard let text = stbi_failure_reason() else { return "unknown error" }
        return String(cString: text)
    }
}
