import Testing
import TFRecord
import TFRecordImages
import TFRecordPixels

@Suite("Image decoder, formats, shapes, encoder")
struct ImageDecoderTests {
    @Test("the format is told by magic bytes")
    func probing() throws {
        let image = TestImages.digit()
        let jpeg = try ImageEncoder(format: .jpeg).encode(image)
        let png = try ImageEncoder(format: .png).encode(image)
        let decoder = ImageDecoder()
        #expect(try decoder.decode(jpeg).format == .jpeg)
        let decodedPNG = try decoder.decode(png)
        #expect(decodedPNG.format == .png && decodedPNG.image == image)
        #expect(ImageFormat.detect([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.detect([0xFF, 0xD8]) == nil)
        #expect(ImageFormat.detect(Array("GIF89a".utf8)) == nil)
        let error = #expect(throws: ImageCodecError.self) { try decoder.decode(Array("GIF89a\u{1}\u{0}".utf8)) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.message == "not a JPEG or PNG image: a GIF image")
        // int64 pixels (the reference's default encoding) are not an image file.
        let int64Pixels = [UInt8](repeating: 0, count: 6272)
        #expect(throws: ImageCodecError.self) { try decoder.decode(int64Pixels) }
    }

    @Test("ImageEncoder encodes like the codec it wraps")
    func encoderWrapper() throws {
        let image = TestImages.colorDigit(variant: 2)
        #expect(try ImageEncoder(format: .jpeg, quality: 80, subsampling: .s444).encode(image)
            == JPEGEncoder().encode(image, quality: 80, subsampling: .s444))
        #expect(try ImageEncoder(format: .png).encode(image) == PNGEncoder().encode(image))
        #expect(try ImageEncoder(format: .png, pngCompression: .standard).encode(image)
            == PNGEncoder(compression: .standard).encode(image))
        let error = #expect(throws: ImageCodecError.self) { try ImageEncoder(format: .jpeg, quality: 0) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.tfRecordError(at: SourceLocation(path: "x")).code == .usage)
    }

    @Test("images take shapes of 1 or 3 channels; the pixel model takes any")
    func imageChannels() throws {
        for channels in [1, 3] {
            #expect(throws: Never.self) { try ImageShape(height: 2, width: 2, channels: channels).checkImageChannels() }
        }
        for channels in [2, 4] {
            let error = try #require(throws: ImageCodecError.self) {
                try ImageShape(height: 2, width: 2, channels: channels).checkImageChannels()
            }
            #expect(error.code == .invalidArgument)
            #expect(error.message == "\(channels) channels: only 1 (gray) or 3 (RGB) are supported")
        }
    }

    @Test("images validate their sample count; conversion and upscaling")
    func imageBasics() throws {
        #expect(throws: ImageCodecError.self) { try Image(width: 2, height: 2, channels: 1, pixels: [1, 2, 3]) }
        #expect(throws: ImageCodecError.self) { try Image(width: 1, height: 1, channels: 2, pixels: [1, 2]) }
        let image = try Image(width: 2, height: 1, channels: 3, pixels: [255, 0, 0, 10, 20, 30])
        #expect(image.converted(toChannels: 1).pixels == [76, 18])
        #expect(image[x: 1, y: 0] == [10, 20, 30])
        let gray = try Image(width: 2, height: 2, channels: 1, pixels: [1, 2, 3, 4])
        let up = gray.upscaled(by: 3)
        #expect(up.width == 6 && up.height == 6)
        #expect(up.pixels[0..<6] == [1, 1, 1, 2, 2, 2])
        #expect(up.pixels[12..<18] == [1, 1, 1, 2, 2, 2])
        #expect(up.pixels[18..<24] == [3, 3, 3, 4, 4, 4])
        var canvas = Image(width: 4, height: 4, channels: 3, color: [9, 9, 9])
        canvas.draw(gray, atX: 3, y: -1)
        #expect(canvas[x: 3, y: 0] == [3, 3, 3])
        #expect(canvas[x: 2, y: 0] == [9, 9, 9])
    }
}
