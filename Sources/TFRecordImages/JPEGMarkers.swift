/// What a JPEG's header says, read by walking its markers — without libjpeg.
///
/// The walk starts after SOI (`FF D8`) and reads marker segments (`FF xx` + a 2-byte
/// big-endian length that counts itself) up to the first SOS (start of scan): the frame
/// header (SOF0–SOF15 but DHT, JPG and DAC) gives the size, component count and coding
/// process; an APP14 segment starting `Adobe` (at least 12 bytes, as libjpeg requires
/// before it sets `saw_Adobe_marker`) gives the Adobe colour transform.
///
/// Every length is checked against the data: a segment running past the end, a missing
/// `FF`, or a second SOI ends the walk with `nil`; the walk never reads out of bounds and
/// never traps, whatever the bytes.
public struct JPEGMarkers: Sendable, Equatable {
    /// Pixels per row, from the frame header.
    public var width: Int
    /// Rows, from the frame header (0 means "defined by a DNL marker", which libjpeg refuses).
    public var height: Int
    /// Components: 1 (gray), 3 (YCbCr or RGB), 4 (CMYK or YCCK).
    public var components: Int
    /// The frame marker's second byte: `0xC0` baseline, `0xC1` extended sequential,
    /// `0xC2` progressive, `0xC3` lossless, `0xC9`… arithmetic coding.
    public var frameMarker: UInt8
    /// The transform byte of the Adobe APP14 segment (0: none or CMYK, 1: YCbCr, 2: YCCK),
    /// or `nil` when there is none before the first scan.
    public var adobeTransform: UInt8?
    /// The offset of the first SOS marker: where the entropy-coded data begins.
    public var scanOffset: Int

    /// Whether an Adobe APP14 segment precedes the first scan — libjpeg's
    /// `saw_Adobe_marker`, which decides how TensorFlow inverts CMYK.
    public var hasAdobeMarker: Bool { adobeTransform != nil }

    /// Whether the frame is progressive (SOF2, SOF6, SOF10, SOF14).
    public var isProgressive: Bool { [0xC2, 0xC6, 0xCA, 0xCE].contains(frameMarker) }

    /// Whether the frame is baseline sequential (SOF0).
    public var isBaseline: Bool { frameMarker == 0xC0 }

    /// Walks the markers of `bytes` up to the first scan.
    ///
    /// - Returns: the header's facts, or `nil` when `bytes` does not start with SOI or the
    ///   walk ends (malformed or truncated segment, EOI) before both a frame header and an
    ///   SOS were seen.
    /// - Complexity: O(header size).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> JPEGMarkers? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var position = 2
        var frame: (width: Int, height: Int, components: Int, marker: UInt8)?
        var adobeTransform: UInt8?
        while position + 1 < bytes.count {
            guard bytes[position] == 0xFF else { return nil }
            // Any number of FF fill bytes may precede a marker code.
            var codeAt = position + 1
            while codeAt < bytes.count && bytes[codeAt] == 0xFF { codeAt += 1 }
            guard codeAt < bytes.count else { return nil }
            let code = bytes[codeAt]
            switch code {
            case 0x01, 0xD0...0xD7:  // TEM, RSTn: no length
                position = codeAt + 1
                continue
            case 0xD8, 0xD9, 0x00:  // a second SOI, EOI before any scan, a stuffed zero
                return nil
            default:
                break
            }
            guard codeAt + 2 < bytes.count else { return nil }
            let length = Int(bytes[codeAt + 1]) << 8 | Int(bytes[codeAt + 2])
            let payload = codeAt + 3
            let end = codeAt + 1 + length
            guard length >= 2, end <= bytes.count else { return nil }
            switch code {
            case 0xDA:
                guard let frame else { return nil }
                return JPEGMarkers(
                    width: frame.width, height: frame.height, components: frame.components, frameMarker: frame.marker,
                    adobeTransform: adobeTransform, scanOffset: position)
            case 0xC0...0xCF where code != 0xC4 && code != 0xC8 && code != 0xCC:
                guard length >= 8 else { return nil }
                frame = (
                    width: Int(bytes[payload + 3]) << 8 | Int(bytes[payload + 4]),
                    height: Int(bytes[payload + 1]) << 8 | Int(bytes[payload + 2]),
                    components: Int(bytes[payload + 5]), marker: code
                )
            case 0xEE where length - 2 >= 12:
                let adobe: [UInt8] = Array("Adobe".utf8)
                if (0..<5).allSatisfy({ bytes[payload + $0] == adobe[$0] }) { adobeTransform = bytes[payload + 11] }
            default:
                break
            }
            position = end
        }
        return nil
    }

    /// ``parse(_:)`` for a byte array.
    public static func parse(_ bytes: [UInt8]) -> JPEGMarkers? {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// How far from the end ``endsWithEndOfImage(_:after:)`` looks for EOI first: trailing
    /// bytes after EOI (camera makers' trailers, padding) are usually fewer.
    public static let endOfImageWindow = 64 * 1024

    /// Whether the data ends with an EOI marker (`FF D9`), allowing trailing bytes after it.
    ///
    /// Searches backwards through the last ``endOfImageWindow`` bytes, but not before
    /// `scanOffset`: inside entropy-coded data every `FF` is followed by `00` (stuffing) or
    /// `D0`–`D7` (restart markers), so an `FF D9` there is the real EOI, while one before the
    /// scan could belong to an embedded EXIF thumbnail. When the window holds none and the
    /// scan starts before it (a large trailer, such as the video of a "motion photo"), the
    /// first `FF D9` after `scanOffset` is the EOI.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - scanOffset: where the first scan starts (``scanOffset``); 0 searches the whole window.
    /// - Returns: `true` if an EOI marker is found.
    /// - Complexity: O(min(count, ``endOfImageWindow``)) for a file that ends with its
    ///   EOI; O(count) for one that does not.
    public static func endsWithEndOfImage(_ bytes: UnsafeRawBufferPointer, after scanOffset: Int = 0) -> Bool {
        guard bytes.count >= 2 else { return false }
        let start = max(0, scanOffset)
        let lowest = max(start, bytes.count - endOfImageWindow)
        var i = bytes.count - 2
        while i >= lowest {
            if bytes[i] == 0xFF && bytes[i + 1] == 0xD9 { return true }
            i -= 1
        }
        i = start
        while i < lowest {
            if bytes[i] == 0xFF && bytes[i + 1] == 0xD9 { return true }
            i += 1
        }
        return false
    }

    /// ``endsWithEndOfImage(_:after:)`` for a byte array.
    public static func endsWithEndOfImage(_ bytes: [UInt8], after scanOffset: Int = 0) -> Bool {
        bytes.withUnsafeBytes { endsWithEndOfImage($0, after: scanOffset) }
    }
}
