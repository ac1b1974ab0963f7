import Testing
import TFRecordImages
import TFRecordTestSupport

@Suite("PNG codec")
struct PNGCodecTests {
    static let images: [Image] = [
        TestImages.digit(variant: 0), TestImages.colorDigit(variant: 1),
        TestImages.noise(width: 1, height: 1, channels: 1, seed: 1), TestImages.noise(width: 37, height: 5, channels: 3, seed: 2),
        TestImages.noise(width: 300, height: 41, channels: 1, seed: 3),
    ]

    @Test("round trips are exact", arguments: images, PNGEncoder.Compression.allCases)
    func exactRoundTrip(image: Image, compression: PNGEncoder.Compression) throws {
        let png = try PNGEncoder(compression: compression).encode(image)
        #expect(ImageFormat.detect(png) == .png)
        let decoded = try PNGDecoder().decode(png)
        #expect(decoded == image)
        #expect(try png.withUnsafeBytes { try PNGDecoder().header(of: $0) } == image.shape)
    }

    @Test("the same pixels give the same bytes, from any encoder, through buffer growth")
    func deterministic() throws {
        let encoder = PNGEncoder()
        let a = try encoder.encode(Self.images[0])
        _ = try encoder.encode(TestImages.noise(width: 500, height: 500, channels: 3, seed: 9))
        #expect(try encoder.encode(Self.images[0]) == a)
        #expect(try PNGEncoder().encode(Self.images[0]) == a)
        var appended: [UInt8] = [7]
        let n = try Self.images[0].pixels.withUnsafeBufferPointer {
            try encoder.encode(pixels: $0, width: 28, height: 28, channels: 1, appendingTo: &appended)
        }
        #expect(n == a.count && appended == [7] + a)
        // The two settings differ, each deterministic.
        let standard = try PNGEncoder(compression: .standard).encode(Self.images[0])
        #expect(standard != a)
        #expect(try PNGEncoder(compression: .standard).encode(Self.images[0]) == standard)
    }

    @Test("the file is 8-bit gray or RGB, not interlaced, with no time stamp")
    func header() throws {
        let gray = try PNGEncoder().encode(Self.images[0])
        let rgb = try PNGEncoder().encode(Self.images[1])
        // IHDR: width, height (big-endian), bit depth, colour type, compression, filter, interlace.
        #expect(Array(gray[12..<16]) == Array("IHDR".utf8))
        #expect(Array(gray[16..<29]) == [0, 0, 0, 28, 0, 0, 0, 28, 8, 0, 0, 0, 0])
        #expect(rgb[24] == 8 && rgb[25] == 2 && rgb[28] == 0)
        #expect(!gray.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.contains("tIME"))
    }

    @Test("decoding converts between gray and RGB on request")
    func channelConversion() throws {
        let png = try PNGEncoder().encode(Self.images[0])
        let rgb = try PNGDecoder().decode(png, channels: 3)
        #expect(rgb == Self.images[0].converted(toChannels: 3))
        let color = try PNGEncoder().encode(Self.images[1])
        #expect(try PNGDecoder().decode(color, channels: 1).channels == 1)
    }

    @Test("every truncation of a PNG fails with a typed error")
    func truncated() throws {
        let png = try PNGEncoder().encode(Self.images[3])
        let decoder = PNGDecoder()
        for length in 0..<(png.count - 12) {  // the last 12 bytes are IEND, which libpng does not need
            let error = #expect(throws: ImageCodecError.self) { try decoder.decode(Array(png[..<length])) }
            #expect(error?.code == .corruptData || error?.code == .unsupportedFormat, "length \(length): \(String(describing: error))")
        }
        let error = #expect(throws: ImageCodecError.self) { try decoder.decode(Array(png.dropLast(20))) }
        #expect(error?.code == .corruptData)
        #expect(error?.message.hasPrefix("corrupt PNG") == true)
        #expect(try decoder.decode(png) == Self.images[3])
    }

    @Test("a flipped bit in the image data or its CRC is detected")
    func crcMismatch() throws {
        let png = try PNGEncoder().encode(Self.images[0])
        var data = png
        let idat = try #require(data.firstRange(of: Array("IDAT".utf8)))
        data[idat.upperBound + 5] ^= 0x10
        let dataError = #expect(throws: ImageCodecError.self) { try PNGDecoder().decode(data) }
        #expect(dataError?.code == .corruptData)
        // The IDAT chunk's CRC is the 4 bytes before the 12-byte IEND chunk.
        var crc = png
        crc[crc.count - 13] ^= 0x01
        let crcError = #expect(throws: ImageCodecError.self) { try PNGDecoder().decode(crc) }
        #expect(crcError?.code == .corruptData)
        #expect(crcError?.message.contains("CRC") == true, "\(String(describing: crcError))")
    }

    @Test("corrupted PNG bytes decode or fail with a typed error, never crash")
    func corrupted() throws {
        let png = try PNGEncoder().encode(Self.images[1])
        let decoder = PNGDecoder()
        var generator = SplitMix64(seed: 7)
        var failures = 0
        for _ in 0..<300 {
            var bytes = png
            let i = 8 + Int(generator.next() % UInt64(bytes.count - 8))
            bytes[i] = UInt8(truncatingIfNeeded: generator.next())
            do { _ = try decoder.decode(bytes) } catch { failures += 1 }
        }
        #expect(failures > 250)
    }

    @Test("non-PNG data is refused with .unsupportedFormat, naming known formats")
    func notPNG() throws {
        let cases: [([UInt8], String)] = [
            ([], "empty data"), (Array("GIF89a....".utf8), "a GIF image"), (Array("BM......".utf8), "a BMP image"),
            (Array("RIFF\0\0\0\0WEBPVP8 ".utf8), "a WebP image"), ([0x89, 0x50, 0x4E], "a truncated PNG signature"),
            (Array("1,2,3\n".utf8), "6 bytes starting 31 2C 32 2C 33 0A"),
        ]
        for (data, description) in cases {
            let error = #expect(throws: ImageCodecError.self) { try PNGDecoder().decode(data) }
            #expect(error?.code == .unsupportedFormat)
            #expect(error?.message == "not a PNG image: \(description)")
        }
    }

    @Test("images over the pixel limit are refused")
    func pixelLimit() throws {
        let png = try PNGEncoder().encode(Self.images[4])
        let error = #expect(throws: ImageCodecError.self) { try PNGDecoder(maxPixels: 1000).decode(png) }
        #expect(error?.code == .tooLarge)
    }

    @Test("bad parameters are refused with .invalidArgument")
    func invalidArguments() throws {
        let pixels = [UInt8](repeating: 0, count: 16)
        pixels.withUnsafeBufferPointer { p in
            let error = #expect(throws: ImageCodecError.self) {
                try PNGEncoder().encode(pixels: p, width: 2, height: 2, channels: 4)
            }
            #expect(error?.code == .invalidArgument)
            #expect(throws: ImageCodecError.self) { try PNGEncoder().encode(pixels: p, width: 3, height: 3, channels: 1) }
        }
    }
}
