/// What a file's bytes are, by magic number — never by file name.
///
/// Dataset folders hold PNGs named `.JPEG`, CMYK JPEGs, gzip files and empty files; the
/// bytes decide how each is read (``TrainingImageMaker``) or why it is refused.
public enum ImageContentKind: Equatable, Sendable {
    /// `FF D8 FF`.
    case jpeg
    /// The 8-byte PNG signature `89 50 4E 47 0D 0A 1A 0A`.
    case png
    /// `GIF8` (GIF87a or GIF89a).
    case gif
    /// `BM` followed by a file header and a known DIB header size (12, 16, 40, 52, 56, 64,
    /// 108 or 124), so that a text file starting "BM" is not taken for a bitmap.
    case bmp
    /// `RIFF` + 4 size bytes + `WEBP`.
    case webp
    /// `II*\0` (little-endian) or `MM\0*` (big-endian).
    case tiff
    /// `1F 8B`: gzip-compressed data.
    case gzip
    /// No bytes at all.
    case empty
    /// Anything else, including a prefix too short to tell.
    case unknown
}

extension ImageContentKind {
    /// The kind of `bytes`, from their first bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents (only the first 18 bytes are looked at).
    /// - Returns: the kind; ``unknown`` when no magic number matches.
    /// - Complexity: O(1).
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> ImageContentKind {
        if bytes.isEmpty { return .empty }
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            guard bytes.count >= offset + magic.count else { return false }
            for (i, byte) in magic.enumerated() where bytes[offset + i] != byte { return false }
            return true
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF8".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0x42, 0x4D]) && bytes.count >= 18 {
            // The DIB header size, little-endian, after the 14-byte file header.
            let size = UInt32(bytes[14]) | UInt32(bytes[15]) << 8 | UInt32(bytes[16]) << 16 | UInt32(bytes[17]) << 24
            if [12, 16, 40, 52, 56, 64, 108, 124].contains(size) { return .bmp }
        }
        return .unknown
    }

    /// ``detect(_:)`` for a byte array.
    public static func detect(_ bytes: [UInt8]) -> ImageContentKind {
        bytes.withUnsafeBytes { detect($0) }
    }

    /// A short name for messages: `JPEG`, `PNG`, `GIF`, `BMP`, `WebP`, `TIFF`, `gzip`,
    /// `empty`, `unknown`.
    public var name: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .gif: "GIF"
        case .bmp: "BMP"
        case .webp: "WebP"
        case .tiff: "TIFF"
        case .gzip: "gzip"
        case .empty: "empty"
        case .unknown: "unknown"
        }
    }
}
