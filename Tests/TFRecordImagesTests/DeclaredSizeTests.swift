import Foundation
import Testing
import TFRecordImages

/// What a few hundred bytes can make the decoders do by declaring a huge image: be refused
/// before any pixel memory is allocated above the limit, and fail fast below it.
@Suite("Decoders: declared sizes against the pixel limit")
struct DeclaredSizeTests {
    /// `jpeg` with the dimensions in its SOF0 header replaced.
    static func jpeg(_ jpeg: [UInt8], declaring width: Int, _ height: Int) throws -> [UInt8] {
        var bytes = jpeg
        let sof = try #require((0..<(bytes.count - 9)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        // FF C0, length (2), precision (1), height (2), width (2).
        bytes[sof + 5] = UInt8(height >> 8)
        bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8)
        bytes[sof + 8] = UInt8(width & 0xFF)
        return bytes
    }

    /// A PNG of 8-bit RGB declaring `width` x `height`, with a valid IHDR CRC and a few bytes of
    /// image data.
    static func png(declaring width: UInt32, _ height: UInt32) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
        }
        let ihdr = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        // zlib stream of a few zero bytes (stored block): far too little for the declared rows.
        let idat: [UInt8] = [0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF, 0, 0, 0, 0, 0x00, 0x04, 0x00, 0x01]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", idat)
            + chunk("IEND", [])
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }

    /// CRC-32 (ISO 3309), as PNG chunks carry it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test("a PNG declaring 65535x65535 is refused as too large; its header alone reads fine")
    func hugePNG() throws {
        let png = Self.png(declaring: 65535, 65535)
        #expect(png.count < 100)
        let shape = try PNGDecoder().header(of: png)
        #expect(shape.width == 65535 && shape.height == 65535 && shape.channels == 3)
        for decode in [{ try PNGDecoder().decode(png) }, { try ImageDecoder().decode(png).image }] {
            let error = #expect(throws: ImageCodecError.self) { try decode() }
            #expect(error?.code == .tooLarge, "\(String(describing: error))")
        }
    }

    @Test("a JPEG declaring 65500x65500 is refused as too large, one declaring 65535x65535 as corrupt")
    func hugeJPEG() throws {
        let small = try JPEGEncoder().encode(TestImages.colorDigit(width: 16, height: 16))
        let largest = try Self.jpeg(small, declaring: 65500, 65500)
        for decode in [{ try JPEGDecoder().decode(largest) }, { try ImageDecoder().decode(largest).image }] {
            let error = #expect(throws: ImageCodecError.self) { try decode() }
            #expect(error?.code == .tooLarge, "\(String(describing: error))")
        }
        // libjpeg's own limit is 65500 pixels a side.
        let beyond = try Self.jpeg(small, declaring: 65535, 65535)
        let error = #expect(throws: ImageCodecError.self) { try JPEGDecoder().decode(beyond) }
        #expect(error?.code == .corruptData, "\(String(describing: error))")
    }

    /// 16384 x 16384 is exactly the default limit, so the decode starts. Found writing the
    /// image_decoders fuzz seeds: the decoder went on through 268 million pixels of grey after
    /// the data ran out and then zero-filled 768 MiB it threw away, 2.7 s and 840 MB for a
    /// 669-byte file; it now stops at libjpeg's first warning.
    @Test("a truncated JPEG declaring 16384x16384 fails fast", arguments: [nil, 1, 3] as [Int?])
    func truncatedAtTheLimit(channels: Int?) throws {
        let small = try JPEGEncoder().encode(TestImages.colorDigit(width: 16, height: 16))
        let jpeg = try Self.jpeg(small, declaring: 16384, 16384)
        let decoder = try JPEGDecoder()
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: ImageCodecError.self) { try decoder.decode(jpeg, channels: channels) }
        let elapsed = clock.now - start
        #expect(error?.code == .corruptData, "\(String(describing: error))")
        // Milliseconds once stopped at the first warning; seconds when it was not.
        #expect(elapsed < .milliseconds(500), "\(elapsed)")
        // The decoder still works afterwards.
        #expect(try decoder.decode(small).width == 16)
    }
}
