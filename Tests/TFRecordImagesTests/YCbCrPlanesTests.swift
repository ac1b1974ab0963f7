import CTurboJPEG
import TFRecordImages
import TFRecordTestSupport
import Testing

/// Shrinking JPEGs in their planes: decoding to planes, the area resize of each plane, encoding
/// from planes, and when ``TrainingImageMaker`` takes that path instead of RGB.
@Suite("YCbCr planes")
struct YCbCrPlanesTests {
    /// A photo-like test image: smooth colour gradients, a digit's strokes and a little noise,
    /// at an odd size so that every plane has padding.
    static func photo(width: Int = 121, height: Int = 83, seed: UInt64 = 5) -> Image {
        let digit = TestImages.colorDigit(width: width, height: height, variant: Int(seed % 5))
        var random = SplitMix64(seed: seed)
        var pixels = digit.pixels
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                let tint = [x * 160 / width, y * 140 / height, (x + y) * 90 / (width + height)]
                for c in 0..<3 {
                    let value = Int(pixels[i + c]) / 2 + tint[c] + random.below(9) - 4
                    pixels[i + c] = UInt8(max(0, min(255, value)))
                }
            }
        }
        return try! Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    static let samplings: [(TJSAMP, YCbCrPlanes.Sampling)] = [
        (TJSAMP_444, .s444), (TJSAMP_422, .s422), (TJSAMP_420, .s420), (TJSAMP_440, .s440), (TJSAMP_411, .s411),
    ]

    /// The JPEG of `image` at `subsampling` (gray for `TJSAMP_GRAY`, from the image's luma).
    static func jpeg(_ image: Image, _ subsampling: TJSAMP, quality: Int = 95) -> [UInt8] {
        if subsampling == TJSAMP_GRAY {
            let gray = try! JPEGDecoder().decode(TurboJPEGFixtures.rgb(image, subsampling: TJSAMP_444), channels: 1)
            return TurboJPEGFixtures.gray(gray)
        }
        return TurboJPEGFixtures.compress(
            image.pixels, width: image.width, height: image.height, format: TJPF_RGB, subsampling: subsampling,
            quality: quality)
    }

    /// Plane `plane` without its padding, as a 1-channel image.
    static func unpadded(_ planes: YCbCrPlanes, _ plane: Int, width: Int, height: Int) -> Image {
        let stride = planes.planeWidth(plane)
        let start = planes.planeOffset(plane)
        var pixels: [UInt8] = []
        for y in 0..<height { pixels += planes.bytes[start + y * stride..<start + y * stride + width] }
        return try! Image(width: width, height: height, channels: 1, pixels: pixels)
    }

    @Test("every named sampling decodes to its planes and encodes back from them", arguments: 0..<6)
    func decodeAndEncode(index: Int) throws {
        let (tj, sampling) = index < 5 ? Self.samplings[index] : (TJSAMP_GRAY, .gray)
        let image = Self.photo()
        let source = Self.jpeg(image, tj)
        let planes = try JPEGDecoder().decodePlanes(source, scaledToAtLeast: image.width, image.height)
        #expect(planes.sampling == sampling && planes.width == image.width && planes.height == image.height)
        let count = YCbCrPlanes.byteCount(width: image.width, height: image.height, sampling: sampling)
        #expect(planes.bytes.count == count)
        // The same planes coded at quality 100 decode to (almost) the source's pixels.
        let again = try JPEGEncoder().encode(planes, quality: 100)
        let channels = sampling == .gray ? 1 : 3
        let before = try JPEGDecoder().decode(source, channels: channels)
        let after = try JPEGDecoder().decode(again, channels: channels)
        #expect(try JPEGDecoder().header(of: again).channels == channels)
        #expect(TestImages.psnr(before, after) > 44, "\(sampling)")
    }

    @Test("luma shrinks as a 1-channel image, chroma plane by plane; padding repeats the edges")
    func planesShrinkLikeImages() throws {
        let cases = [(121, 83, 64, 44), (121, 83, 121, 83), (57, 91, 3, 1), (40, 40, 39, 17)]
        for (width, height, toWidth, toHeight) in cases {
            let image = Self.photo(width: width, height: height)
            let planes = try JPEGDecoder().decodePlanes(Self.jpeg(image, TJSAMP_420), scaledToAtLeast: width, height)
            let shrunk = try planes.resizedByArea(width: toWidth, height: toHeight)
            #expect(shrunk.sampling == .s420 && shrunk.width == toWidth && shrunk.height == toHeight)
            if (toWidth, toHeight) == (width, height) {
                #expect(shrunk == planes)  // nothing to do: the decoder's own padding stays
                continue
            }
            for plane in 0..<3 {
                let (from, to) =
                    plane == 0
                    ? ((width, height), (toWidth, toHeight))
                    : ((planes.planeWidth(plane), planes.planeHeight(plane)),
                        (shrunk.planeWidth(plane), shrunk.planeHeight(plane)))
                let expected = try Self.unpadded(planes, plane, width: from.0, height: from.1)
                    .resizedByArea(width: to.0, height: to.1)
                #expect(Self.unpadded(shrunk, plane, width: to.0, height: to.1) == expected, "plane \(plane)")
                // Padding: every byte repeats the nearest pixel of the plane.
                let (stride, rows) = (shrunk.planeWidth(plane), shrunk.planeHeight(plane))
                let start = shrunk.planeOffset(plane)
                for y in 0..<rows {
                    for x in 0..<stride {
                        let nearest = expected.pixels[min(y, to.1 - 1) * to.0 + min(x, to.0 - 1)]
                        #expect(shrunk.bytes[start + y * stride + x] == nearest)
                    }
                }
            }
        }
    }

    @Test("gray stays gray; 4:4:4, 4:2:2 and 4:4:0 become 4:2:0; 4:1:1 shrinks only where its chroma covers 4:2:0's")
    func shrinkSamplings() throws {
        let image = Self.photo()
        for (tj, sampling) in Self.samplings + [(TJSAMP_GRAY, .gray)] {
            let planes = try JPEGDecoder().decodePlanes(
                Self.jpeg(image, tj), scaledToAtLeast: image.width, image.height)
            let canShrink = YCbCrPlanes.canShrink(width: 121, height: 83, sampling: sampling, toWidth: 100, 70)
            #expect(canShrink == (sampling != .s411), "\(sampling)")
            guard canShrink else {
                #expect(throws: ImageCodecError.self) { try planes.resizedByArea(width: 100, height: 70) }
                continue
            }
            let shrunk = try planes.resizedByArea(width: 100, height: 70)
            #expect(shrunk.sampling == (sampling == .gray ? .gray : .s420))
            let decoded = try JPEGDecoder().decode(try JPEGEncoder().encode(shrunk, quality: 90))
            #expect(decoded.width == 100 && decoded.height == 70)
        }
        // 4:1:1 chroma (a quarter of the width) covers 4:2:0's once the width halves.
        #expect(YCbCrPlanes.canShrink(width: 121, height: 83, sampling: .s411, toWidth: 60, 70))
        #expect(!YCbCrPlanes.canShrink(width: 121, height: 83, sampling: .s420, toWidth: 122, 70))
        #expect(!YCbCrPlanes.canShrink(width: 121, height: 83, sampling: .s420, toWidth: 0, 70))
    }

    @Test("encoding planes refuses a quality outside 1...100 and keeps working after")
    func badQuality() throws {
        let planes = try JPEGDecoder().decodePlanes(Self.jpeg(Self.photo(), TJSAMP_420), scaledToAtLeast: 121, 83)
        let encoder = try JPEGEncoder()
        for quality in [0, 101] {
            let error = #expect(throws: ImageCodecError.self) { try encoder.encode(planes, quality: quality) }
            #expect(error?.code == .invalidArgument)
        }
        #expect(try JPEGDecoder().header(of: try encoder.encode(planes, quality: 90)).width == 121)
    }

    /// `jpeg` with its JFIF APP0 marker replaced by an Adobe APP14 marker of transform 0:
    /// libjpeg then reads its three components as R, G and B, not YCbCr (a JFIF marker would
    /// win over the Adobe one).
    static func markedRGB(_ jpeg: [UInt8]) -> [UInt8] {
        precondition(jpeg[2] == 0xFF && jpeg[3] == 0xE0, "TurboJPEG writes JFIF APP0 after SOI")
        let rest = 4 + Int(jpeg[4]) << 8 + Int(jpeg[5])
        let adobe: [UInt8] = [0xFF, 0xEE, 0, 14] + Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 0]
        return Array(jpeg[0..<2]) + adobe + Array(jpeg[rest...])
    }

    @Test("RGB, CMYK and YCCK JPEGs do not decode to planes; the maker shrinks RGB ones through pixels")
    func notPlanes() throws {
        let ycck = TurboJPEGFixtures.ycck(width: 16, height: 8, cmyk: [10, 20, 30, 40])
        #expect(throws: ImageCodecError.self) { try JPEGDecoder().decodePlanes(ycck, scaledToAtLeast: 16, 8) }
        let rgb = Self.markedRGB(Self.jpeg(Self.photo(), TJSAMP_444))
        #expect(throws: ImageCodecError.self) { try JPEGDecoder().decodePlanes(rgb, scaledToAtLeast: 121, 83) }
        let target = ImageResize.maxSide(100).targetSize(width: 121, height: 83)!
        #expect(try Self.maker(.maxSide(100)).make(rgb).jpeg == (try Self.rgbPath(rgb, to: target)))
    }

    /// What the maker's RGB path gives: decode at the scale with the fast IDCT, area filter,
    /// JPEG at quality 90.
    static func rgbPath(_ jpeg: [UInt8], to target: (width: Int, height: Int)) throws -> [UInt8] {
        let image = try JPEGDecoder().decode(jpeg, scaledToAtLeast: target.width, target.height, idct: .fast)
        return try JPEGEncoder().encode(
            try image.resizedByArea(width: target.width, height: target.height), quality: 90, subsampling: .s420)
    }

    /// What the maker's planes path gives: planes at the scale with the fast IDCT, area filter,
    /// JPEG at quality 90.
    static func planesPath(_ jpeg: [UInt8], to target: (width: Int, height: Int)) throws -> [UInt8] {
        let planes = try JPEGDecoder().decodePlanes(jpeg, scaledToAtLeast: target.width, target.height, idct: .fast)
        let shrunk = try planes.resizedByArea(width: target.width, height: target.height)
        return try JPEGEncoder().encode(shrunk, quality: 90)
    }

    static func maker(_ resize: ImageResize) throws -> TrainingImageMaker {
        var options = TrainingImageOptions()
        options.resize = resize
        return try TrainingImageMaker(options: options)
    }

    @Test("the maker shrinks full-scale YCbCr and gray JPEGs in planes, and stays close to the RGB path")
    func makerTakesPlanes() throws {
        for (tj, _) in Self.samplings.filter({ $0.1 != .s411 }) + [(TJSAMP_GRAY, .gray)] {
            let jpeg = Self.jpeg(Self.photo(), tj)
            let target = ImageResize.maxSide(100).targetSize(width: 121, height: 83)!
            let made = try Self.maker(.maxSide(100)).make(jpeg)
            #expect(made.action == .resized && made.width == target.width && made.height == target.height)
            #expect(made.jpeg == (try Self.planesPath(jpeg, to: target)), "\(tj)")
            #expect(made.jpeg == (try Self.maker(.maxSide(100)).make(jpeg)).jpeg)
            let viaRGB = try JPEGDecoder().decode(try Self.rgbPath(jpeg, to: target))
            #expect(TestImages.psnr(try JPEGDecoder().decode(made.jpeg), viaRGB) > 35, "\(tj)")
        }
    }

    @Test("scaled 4:2:0 decodes and 4:1:1 chroma too narrow for 4:2:0 take the RGB path")
    func makerTakesRGB() throws {
        // 488x336 at 1/4 is 122x84: subsampled chroma keeps its detail only through libjpeg's
        // scaled RGB decode (see TrainingImageMaker.shrinksInPlanes).
        let large = Self.jpeg(Self.photo(width: 488, height: 336), TJSAMP_420)
        let scaledTarget = ImageResize.maxSide(100).targetSize(width: 488, height: 336)!
        #expect(JPEGDecoder.scalingFactor(width: 488, height: 336, toAtLeast: 100, 69).denominator == 4)
        #expect(try Self.maker(.maxSide(100)).make(large).jpeg == (try Self.rgbPath(large, to: scaledTarget)))
        // At 1/4, 4:4:4 chroma is decoded like luma either way: planes.
        let large444 = Self.jpeg(Self.photo(width: 488, height: 336), TJSAMP_444)
        #expect(try Self.maker(.maxSide(100)).make(large444).jpeg == (try Self.planesPath(large444, to: scaledTarget)))
        let narrow = Self.jpeg(Self.photo(), TJSAMP_411)
        let target = ImageResize.maxSide(100).targetSize(width: 121, height: 83)!
        #expect(try Self.maker(.maxSide(100)).make(narrow).jpeg == (try Self.rgbPath(narrow, to: target)))
    }
}
