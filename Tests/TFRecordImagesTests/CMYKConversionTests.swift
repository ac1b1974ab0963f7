import Testing
import TFRecordImages

@Suite("CMYK conversion")
struct CMYKConversionTests {
    @Test("TensorFlow's integer formulas, with and without an Adobe marker")
    func formula() {
        #expect(CMYKConversion.rgb(c: 255, m: 0, y: 128, k: 255, adobe: true) == (255, 0, 128))
        #expect(CMYKConversion.rgb(c: 200, m: 100, y: 50, k: 128, adobe: true) == (100, 50, 25))  // 200·128/255 = 100.39
        #expect(CMYKConversion.rgb(c: 0, m: 0, y: 0, k: 0, adobe: false) == (255, 255, 255))
        #expect(CMYKConversion.rgb(c: 55, m: 155, y: 205, k: 127, adobe: false) == (100, 50, 25))  // 200·128/255
        #expect(CMYKConversion.rgb(fromCMYK: [255, 0, 128, 255, 0, 0, 0, 0], adobe: true) == [255, 0, 128, 0, 0, 0])
    }

    static let colors: [[UInt8]] = [[0, 0, 0, 0], [255, 255, 255, 255], [200, 100, 50, 128], [30, 220, 140, 250], [128, 128, 128, 60]]

    @Test("a YCCK JPEG (Adobe marker) decodes to the formula's RGB within JPEG tolerance", arguments: 0..<colors.count)
    func ycckDecodes(index: Int) throws {
        let cmyk = Self.colors[index]
        let jpeg = TurboJPEGFixtures.ycck(width: 24, height: 16, cmyk: cmyk)
        let image = try JPEGDecoder().decodeCMYKToRGB(jpeg)
        #expect(image.width == 24 && image.height == 16 && image.channels == 3)
        let want = CMYKConversion.rgb(c: cmyk[0], m: cmyk[1], y: cmyk[2], k: cmyk[3], adobe: true)
        for i in stride(from: 0, to: image.pixels.count, by: 3) {
            #expect(abs(Int(image.pixels[i]) - Int(want.r)) <= 3)
            #expect(abs(Int(image.pixels[i + 1]) - Int(want.g)) <= 3)
            #expect(abs(Int(image.pixels[i + 2]) - Int(want.b)) <= 3)
        }
        // The plain decoder still refuses CMYK.
        #expect(throws: ImageCodecError.self) { try JPEGDecoder().decode(jpeg) }
    }

    @Test("without the Adobe marker the inverted formula applies")
    func noAdobeMarker() throws {
        // Without APP14 libjpeg reads 4 components as CMYK, not YCCK: write CMYK samples
        // stored as YCCK, strip the marker, and decode what libjpeg then sees.
        let jpeg = TurboJPEGFixtures.ycck(width: 16, height: 16, cmyk: [200, 100, 50, 128])
        let stripped = TurboJPEGFixtures.removingAdobeMarker(jpeg)
        #expect(JPEGMarkers.parse(stripped)?.hasAdobeMarker == false)
        let image = try JPEGDecoder().decodeCMYKToRGB(stripped)
        // The stored components (Y, Cb, Cr, K of the colour) are now read as C, M, Y, K.
        #expect(image.channels == 3 && image.width == 16)
        let withMarker = try JPEGDecoder().decodeCMYKToRGB(jpeg)
        #expect(image.pixels != withMarker.pixels)
    }

    @Test("scaled CMYK decoding gives at least the requested size")
    func scaled() throws {
        let jpeg = TurboJPEGFixtures.ycck(width: 64, height: 40, cmyk: [10, 20, 30, 200])
        let image = try JPEGDecoder().decodeCMYKToRGB(jpeg, scaledToAtLeast: (15, 9))
        #expect(image.width == 16 && image.height == 10)
    }
}
