/// An image file format this package encodes and decodes.
public enum ImageFormat: String, CaseIterable, Sendable, CustomStringConvertible {
    /// JPEG (JFIF), lossy, through libjpeg-turbo's TurboJPEG API.
    case jpeg
    /// PNG, lossless, through libpng's simplified API.
    case png

    /// The file name extension without the dot: `jpeg` (as the reference workflow names
    /// its files) or `png`.
    public var fileExtension: String { rawValue }

    /// The MIME type.
    public var mimeType: String { self == .jpeg ? "image/jpeg" : "image/png" }

    public var description: String { self == .jpeg ? "JPEG" : "PNG" }

    /// The format that `bytes` start with, by magic number: `FF D8 FF` (JPEG) or the
    /// 8-byte PNG signature; `nil` for anything else, including too few bytes.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        if bytes.starts(with: jpegMagic) { return .jpeg }
        if bytes.starts(with: pngSignature) { return .png }
        return nil
    }

    /// ``detect(_:)`` for a byte collection.
    public static func detect<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ImageFormat? {
        if bytes.starts(with: jpegMagic) { return .jpeg }
        if bytes.starts(with: pngSignature) { return .png }
        return nil
    }

    /// A description of data that is not JPEG or PNG, for error messages: names a few
    /// other image formats by their magic numbers, else shows the first bytes.
    public static func describeUnknown(_ bytes: UnsafeRawBufferPointer) -> String {
        let others: [(magic: [UInt8], name: String)] = [
            (Array("GIF8".utf8), "a GIF image"), (Array("BM".utf8), "a BMP image"),
            ([0x49, 0x49, 0x2A, 0x00], "a TIFF image"), ([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"),
            ([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20], "a JPEG 2000 image"),
            ([0xFF, 0x0A], "a JPEG XL image"), (Array("qoif".utf8), "a QOI image"),
        ]
        if bytes.isEmpty { return "empty data" }
        if bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8))
            && UnsafeRawBufferPointer(rebasing: bytes[8..<12]).elementsEqual("WEBP".utf8)
        {
            return "a WebP image"
        }
        for other in others where bytes.starts(with: other.magic) { return other.name }
        if bytes.starts(with: [0xFF, 0xD8]) { return "a truncated JPEG (no marker after SOI)" }
        if bytes.starts(with: pngSignature.prefix(min(bytes.count, 4))) && bytes.count < 8 {
            return "a truncated PNG signature"
        }
        let shown = bytes.prefix(8).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "\(bytes.count) bytes starting \(shown.joined(separator: " "))"
    }

    static let jpegMagic: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
}
