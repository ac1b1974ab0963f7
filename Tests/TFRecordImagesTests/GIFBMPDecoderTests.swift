import TFRecordImages
import TFRecordTestSupport
import Testing

@Suite("GIF and BMP decoding")
struct GIFBMPDecoderTests {
    static let palette: [[UInt8]] = [[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255], [200, 100, 50], [9, 8, 7]]

    static func indices(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0..<(width * height)).map { _ in UInt8(generator.next() % UInt64(palette.count)) }
    }

    static func expected(width: Int, height: Int, indices: [UInt8]) -> Image {
        try! Image(width: width, height: height, channels: 3, pixels: indices.flatMap { palette[Int($0)] })
    }

    @Test("a GIF's first frame decodes to its palette colours", arguments: [false, true])
    func gifRoundTrip(interlaced: Bool) throws {
        let (width, height) = (13, 11)
        let indices = Self.indices(width: width, height: height, seed: 7)
        let gif = HandmadeImages.gif(
            width: width, height: height, indices: indices, palette: Self.palette, interlaced: interlaced,
            secondFrame: true)
        let image = try GIFDecoder().decode(gif)
        #expect(image == Self.expected(width: width, height: height, indices: indices))
    }

    @Test("GIF transparency and screen area outside the frame are black")
    func gifTransparencyAndOffset() throws {
        let indices: [UInt8] = [1, 2, 3, 4]  // 2x2 frame; index 2 transparent
        let gif = HandmadeImages.gif(
            width: 2, height: 2, indices: indices, palette: Self.palette, screen: (4, 3), offset: (1, 1), transparent: 2
        )
        let image = try GIFDecoder().decode(gif)
        #expect(image.width == 4 && image.height == 3 && image.channels == 3)
        #expect(Array(image[x: 0, y: 0]) == [0, 0, 0])
        #expect(Array(image[x: 1, y: 1]) == [255, 0, 0])
        #expect(Array(image[x: 2, y: 1]) == [0, 0, 0])  // transparent
        #expect(Array(image[x: 1, y: 2]) == [0, 0, 255])
        #expect(Array(image[x: 2, y: 2]) == [200, 100, 50])
        #expect(Array(image[x: 3, y: 2]) == [0, 0, 0])
    }

    @Test("truncated and garbled GIFs throw, never crash")
    func gifTruncated() {
        let gif = HandmadeImages.gif(
            width: 9, height: 7, indices: Self.indices(width: 9, height: 7, seed: 3), palette: Self.palette)
        let decoder = GIFDecoder()
        for end in 0..<(gif.count - 1) {
            // The trailer (last byte) is not needed for the first frame.
            let result = Result { () throws(ImageCodecError) in try decoder.decode(Array(gif[0..<end])) }
            if end < gif.count - 2 { #expect(throws: ImageCodecError.self) { try result.get() } }
        }
        var generator = SplitMix64(seed: 11)
        for _ in 0..<200 {
            var bytes = gif
            for _ in 0..<4 {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            _ = try? decoder.decode(bytes)
        }
    }

    @Test("a GIF larger than the pixel limit is refused")
    func gifTooLarge() {
        let gif = HandmadeImages.gif(
            width: 20, height: 20, indices: [UInt8](repeating: 1, count: 400), palette: Self.palette)
        #expect(throws: ImageCodecError(.tooLarge, "GIF image of 20x20 exceeds the limit of 399 pixels")) {
            try GIFDecoder(maxPixels: 399).decode(gif)
        }
    }

    @Test("a 24-bit BMP round-trips exactly", arguments: [false, true])
    func bmp24RoundTrip(topDown: Bool) throws {
        let image = TestImages.noise(width: 7, height: 5, channels: 3, seed: 5)  // odd width: row padding
        #expect(try BMPDecoder().decode(HandmadeImages.bmp24(image, topDown: topDown)) == image)
    }

    @Test("a 32-bit BMP's fourth byte is dropped, not composited", arguments: [0, 128, 255] as [UInt8])
    func bmp32AlphaDropped(alpha: UInt8) throws {
        let image = TestImages.noise(width: 6, height: 4, channels: 3, seed: 9)
        #expect(try BMPDecoder().decode(HandmadeImages.bmp32(image, alpha: alpha)) == image)
    }

    @Test("truncated and garbled BMPs throw or decode, never crash")
    func bmpTruncated() {
        let bmp = HandmadeImages.bmp24(TestImages.noise(width: 9, height: 6, channels: 3, seed: 2))
        let decoder = BMPDecoder()
        for end in 0..<bmp.count { _ = try? decoder.decode(Array(bmp[0..<end])) }
        #expect(throws: ImageCodecError.self) { try decoder.decode(Array(bmp[0..<60])) }
        var generator = SplitMix64(seed: 12)
        for _ in 0..<200 {
            var bytes = bmp
            for _ in 0..<3 { bytes[Int(generator.next() % 54)] = UInt8(truncatingIfNeeded: generator.next()) }
            _ = try? decoder.decode(bytes)
        }
    }

    @Test("a BMP larger than the pixel limit is refused before decoding")
    func bmpTooLarge() {
        let bmp = HandmadeImages.bmp24(TestImages.noise(width: 10, height: 10, channels: 3, seed: 1))
        #expect(throws: ImageCodecError.self) { try BMPDecoder(maxPixels: 99).decode(bmp) }
    }
}
