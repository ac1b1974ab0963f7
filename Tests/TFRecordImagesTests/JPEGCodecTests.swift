import Testing
import TFRecordImages
import TFRecordTestSupport
import TFRecordPixels

@Suite("JPEG codec")
struct JPEGCodecTests {
    @Test("gray digits round-trip at quality 95 with PSNR ≥ 40 dB", arguments: 0..<12)
    func grayRoundTrip(variant: Int) throws {
        let image = TestImages.digit(variant: variant)
        let jpeg = try JPEGEncoder().encode(image, quality: 95)
        #expect(ImageFormat.detect(jpeg) == .jpeg)
        #expect(jpeg.suffix(2) == [0xFF, 0xD9])
        let decoded = try JPEGDecoder().decode(jpeg)
        #expect(decoded.width == 28 && decoded.height == 28 && decoded.channels == 1)
        let psnr = TestImages.psnr(image, decoded)
        #expect(psnr >= 40, "PSNR \(psnr) dB")
    }

    @Test("RGB round-trips at quality 95 with PSNR ≥ 40 dB for every subsampling", arguments: JPEGEncoder.ChromaSubsampling.allCases)
    func rgbRoundTrip(subsampling: JPEGEncoder.ChromaSubsampling) throws {
        let image = TestImages.colorDigit(width: 64, height: 48, variant: 2)
        let jpeg = try JPEGEncoder().encode(image, quality: 95, subsampling: subsampling)
        let decoded = try JPEGDecoder().decode(jpeg)
        #expect(decoded.channels == 3 && decoded.width == 64 && decoded.height == 48)
        let psnr = TestImages.psnr(image, decoded)
        // 4:2:0 halves chroma resolution on saturated strokes; still well above 30 dB.
        #expect(psnr >= (subsampling == .s444 ? 40 : 33), "PSNR \(psnr) dB")
    }

    @Test("one encoder gives identical bytes for identical input, and reuses its buffer across sizes")
    func deterministicAndReusable() throws {
        let encoder = try JPEGEncoder()
        let small = TestImages.digit(variant: 1)
        let large = TestImages.noise(width: 300, height: 200, channels: 3, seed: 1)
        let a = try encoder.encode(small)
        let b = try encoder.encode(large, quality: 80)
        let c = try encoder.encode(small)
        #expect(a == c)
        #expect(try JPEGEncoder().encode(small) == a)
        #expect(try JPEGDecoder().decode(b).width == 300)
        var appended: [UInt8] = [1, 2, 3]
        let n = try small.pixels.withUnsafeBufferPointer {
            try encoder.encode(pixels: $0, width: 28, height: 28, channels: 1, appendingTo: &appended)
        }
        #expect(n == a.count && appended == [1, 2, 3] + a)
        let size = try small.pixels.withUnsafeBufferPointer {
            try encoder.withEncoded(pixels: $0, width: 28, height: 28, channels: 1) { $0.count }
        }
        #expect(size == a.count)
    }

    @Test("higher quality gives larger files and higher PSNR")
    func qualityMatters() throws {
        let image = TestImages.digit(variant: 5)
        let encoder = try JPEGEncoder(), decoder = try JPEGDecoder()
        let low = try encoder.encode(image, quality: 30), high = try encoder.encode(image, quality: 95)
        #expect(low.count < high.count)
        #expect(TestImages.psnr(image, try decoder.decode(low)) < TestImages.psnr(image, try decoder.decode(high)))
    }

    @Test("decoding converts between gray and RGB on request")
    func channelConversion() throws {
        let gray = TestImages.digit(variant: 3)
        let jpeg = try JPEGEncoder().encode(gray)
        let rgb = try JPEGDecoder().decode(jpeg, channels: 3)
        #expect(rgb.channels == 3)
        #expect(rgb.converted(toChannels: 1) == (try JPEGDecoder().decode(jpeg)))
        let color = try JPEGEncoder().encode(TestImages.colorDigit(variant: 3))
        #expect(try JPEGDecoder().decode(color, channels: 1).channels == 1)
        #expect(try JPEGDecoder().header(of: color) == ImageShape(height: 28, width: 28, channels: 3))
    }

    @Test("bad parameters are refused with .invalidArgument")
    func invalidArguments() throws {
        let encoder = try JPEGEncoder()
        let pixels = [UInt8](repeating: 0, count: 28 * 28 * 2)
        pixels.withUnsafeBufferPointer { p in
            for (width, height, channels, quality) in [(28, 28, 2, 95), (28, 28, 1, 0), (28, 28, 1, 101), (0, 28, 1, 95), (28, 28, 3, 95)] {
                let count = min(p.count, width * height * channels)
                let error = #expect(throws: ImageCodecError.self) {
                    try encoder.encode(pixels: UnsafeBufferPointer(rebasing: p[0..<count]), width: width, height: height,
                                       channels: channels, quality: quality)
                }
                #expect(error?.code == .invalidArgument)
            }
            // A sample count that does not match the dimensions.
            let error = #expect(throws: ImageCodecError.self) {
                try encoder.encode(pixels: UnsafeBufferPointer(rebasing: p[0..<100]), width: 28, height: 28, channels: 1)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("784 expected") == true)
        }
        #expect(throws: ImageCodecError.self) { try JPEGDecoder().decode(try encoder.encode(TestImages.digit()), channels: 4) }
    }

    @Test("every truncation of a JPEG fails with a typed error, never a crash or a silent grey image")
    func truncated() throws {
        let jpeg = try JPEGEncoder().encode(TestImages.colorDigit(width: 40, height: 24, variant: 4))
        let decoder = try JPEGDecoder()
        for length in 0..<(jpeg.count - 2) {
            let error = #expect(throws: ImageCodecError.self) { try decoder.decode(Array(jpeg[..<length])) }
            #expect(error?.code == .corruptData || error?.code == .unsupportedFormat, "length \(length): \(String(describing: error))")
        }
        let error = #expect(throws: ImageCodecError.self) { try decoder.decode(Array(jpeg.dropLast(40))) }
        #expect(error?.code == .corruptData)
        #expect(error?.message.hasPrefix("corrupt JPEG") == true)
        // The decoder still works afterwards.
        #expect(try decoder.decode(jpeg).width == 40)
    }

    @Test("corrupted JPEG bytes decode or fail with a typed error, never crash")
    func corrupted() throws {
        let jpeg = try JPEGEncoder().encode(TestImages.digit(variant: 2))
        let decoder = try JPEGDecoder()
        var generator = SplitMix64(seed: 42)
        var failures = 0
        for _ in 0..<300 {
            var bytes = jpeg
            for _ in 0..<3 {
                let i = 3 + Int(generator.next() % UInt64(bytes.count - 3))
                bytes[i] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                let image = try decoder.decode(bytes)
                #expect(image.pixels.count == image.width * image.height * image.channels)
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
        // A header that is not a JPEG after the SOI marker.
        let error = #expect(throws: ImageCodecError.self) { try decoder.decode([0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02]) }
        #expect(error?.code == .corruptData)
    }

    @Test("non-JPEG data is refused with .unsupportedFormat")
    func notJPEG() throws {
        let decoder = try JPEGDecoder()
        let png = try PNGEncoder().encode(TestImages.digit())
        for data in [[], [0xFF], Array("hello, world".utf8), png] {
            let error = #expect(throws: ImageCodecError.self) { try decoder.decode(data) }
            #expect(error?.code == .unsupportedFormat)
        }
        let error = #expect(throws: ImageCodecError.self) { try decoder.decode(png) }
        #expect(error?.message == "not a JPEG image: \(png.count) bytes starting 89 50 4E 47 0D 0A 1A 0A")
    }

    @Test("images over the pixel limit are refused before decoding")
    func pixelLimit() throws {
        let jpeg = try JPEGEncoder().encode(TestImages.noise(width: 100, height: 100, channels: 1, seed: 3))
        let error = #expect(throws: ImageCodecError.self) { try JPEGDecoder(maxPixels: 9_999).decode(jpeg) }
        #expect(error?.code == .tooLarge)
        #expect(try JPEGDecoder(maxPixels: 10_000).decode(jpeg).width == 100)
    }

    @Test("the fast IDCT decodes within a level or two of the accurate one, in pixels and in planes")
    func fastInverseDCT() throws {
        let jpeg = try JPEGEncoder().encode(YCbCrPlanesTests.photo(), quality: 95)
        let accurate = try JPEGDecoder().decode(jpeg, scaledToAtLeast: 121, 83)
        let fast = try JPEGDecoder().decode(jpeg, scaledToAtLeast: 121, 83, idct: .fast)
        #expect(fast != accurate)
        #expect(TestImages.psnr(fast, accurate) > 40)
        let accuratePlanes = try JPEGDecoder().decodePlanes(jpeg, scaledToAtLeast: 121, 83)
        let fastPlanes = try JPEGDecoder().decodePlanes(jpeg, scaledToAtLeast: 121, 83, idct: .fast)
        #expect(fastPlanes.bytes != accuratePlanes.bytes)
        let worst = zip(fastPlanes.bytes, accuratePlanes.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 8)
    }
}
