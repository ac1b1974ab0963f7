import TFRecordImages
import Testing

@Suite("CMYK conversion")
struct CMYKConversionTests {
    @Test("TensorFlow's integer formulas, with and without an Adobe marker")
    func formula() {
        #expect(CMYKConversion.rgb(c: 255, m: 0, y: 128, k: 255, adobe: true) == (255, 0, 128))
        #expect(CMYKConversion.rgb(c: 200, m: 100, y: 50, k: 128, adobe: true) == (100, 50, 25))  // 100.39
        #expect(CMYKConversion.rgb(c: 0, m: 0, y: 0, k: 0, adobe: false) == (255, 255, 255))
        #expect(CMYKConversion.rgb(c: 55, m: 155, y: 205, k: 127, adobe: false) == (100, 50, 25))  // 200·128/255
        #expect(CMYKConversion.rgb(fromCMYK: [255, 0, 128, 255, 0, 0, 0, 0], adobe: true) == [255, 0, 128, 0, 0, 0])
    }

    static let colors: [[UInt8]] = [
        [0, 0, 0, 0], [255, 255, 255, 255], [200, 100, 50, 128], [30, 220, 140, 250], [128, 128, 128, 60],
    ]

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

    @Test("the Adobe marker picks the formula: exactly TurboJPEG's CMYK samples converted", arguments: [true, false])
    func adobeMarkerDecides(adobe: Bool) throws {
        // Without APP14 libjpeg reads the 4 components as CMYK instead of YCCK: other samples,
        // and TensorFlow's other (inverting) formula.
        let ycck = TurboJPEGFixtures.ycck(width: 16, height: 8, cmyk: [200, 100, 50, 128], quality: 90)
        let jpeg = adobe ? ycck : TurboJPEGFixtures.removingAdobeMarker(ycck)
        #expect(JPEGMarkers.parse(jpeg)?.hasAdobeMarker == adobe)
        let cmyk = TurboJPEGFixtures.decodeCMYK(jpeg)
        let image = try JPEGDecoder().decodeCMYKToRGB(jpeg)
        #expect(image.width == 16 && image.height == 8 && image.channels == 3)
        var expected: [UInt8] = []
        for i in stride(from: 0, to: cmyk.count, by: 4) {
            let p = CMYKConversion.rgb(c: cmyk[i], m: cmyk[i + 1], y: cmyk[i + 2], k: cmyk[i + 3], adobe: adobe)
            expected += [p.r, p.g, p.b]
        }
        #expect(image.pixels == expected)
    }

    @Test("scaled CMYK decoding gives at least the requested size")
    func scaled() throws {
        let jpeg = TurboJPEGFixtures.ycck(width: 64, height: 40, cmyk: [10, 20, 30, 200])
        let image = try JPEGDecoder().decodeCMYKToRGB(jpeg, scaledToAtLeast: (15, 9))
        #expect(image.width == 16 && image.height == 10)
    }
}
