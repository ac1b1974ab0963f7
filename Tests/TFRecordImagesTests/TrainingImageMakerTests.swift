import CTurboJPEG
import TFRecordImages
import TFRecordTestSupport
import Testing
import TFRecordPixels

@Suite("Training image maker")
struct TrainingImageMakerTests {
    static let color = TestImages.colorDigit(width: 60, height: 40, variant: 2)

    static func maker(
        _ verification: ImageVerification = .header, resize: ImageResize? = nil, quality: Int? = nil,
        maxPixels: Int = 1 << 28
    ) throws -> TrainingImageMaker {
        var options = TrainingImageOptions()
        options.verification = verification
        options.resize = resize
        options.quality = quality
        return try TrainingImageMaker(options: options, maxPixels: maxPixels)
    }

    @Test("gray, colour and progressive JPEGs pass through byte for byte", arguments: ImageVerification.allCases)
    func passThrough(verification: ImageVerification) throws {
        let jpegs = [
            try JPEGEncoder().encode(Self.color),
            TurboJPEGFixtures.rgb(Self.color, progressive: true),
            TurboJPEGFixtures.gray(Self.color.converted(toChannels: 1)),
            try JPEGEncoder().encode(Self.color) + Array("camera trailer".utf8),
        ]
        let maker = try Self.maker(verification, resize: .maxSide(60))
        for jpeg in jpegs {
            let made = try maker.make(jpeg)
            #expect(made.jpeg == jpeg)
            #expect(made.width == 60 && made.height == 40 && made.source == .jpeg && made.action == .passedThrough)
        }
    }

    @Test("sampling factors TurboJPEG cannot name still pass the header check (from the marker walk)")
    func unusualSampling() throws {
        var jpeg = TurboJPEGFixtures.rgb(Self.color, subsampling: TJSAMP_444)
        // SOF0 payload: precision, height, width, component count, then (id, HV, table) per
        // component: make Cb 1x2 while Y stays 1x1, which no TJSAMP value describes.
        let sofMarker: Int? = (2..<(jpeg.count - 1)).first { i in jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0 }
        let sof = try #require(sofMarker)
        let cbSampling = sof + 4 + 6 + 3 + 1
        #expect(jpeg[cbSampling] == 0x11)
        jpeg[cbSampling] = 0x12
        #expect(TurboJPEGFixtures.headerError(jpeg)?.contains("subsampling") == true)
        let made = try Self.maker(.header).make(jpeg)
        #expect(made.action == .passedThrough && made.width == 60 && made.height == 40 && made.jpeg == jpeg)
        #expect(try JPEGDecoder().header(of: jpeg) == ImageShape(height: 40, width: 60, channels: 3))
        // The entropy-coded data no longer matches the sampling: a full decode must fail, not crash.
        _ = try? Self.maker(.full).make(jpeg)
    }

    @Test("a truncated JPEG is refused by its missing EOI")
    func truncated() throws {
        let jpeg = try JPEGEncoder().encode(Self.color)
        #expect(throws: ImageCodecError(.corruptData, "truncated JPEG: no end-of-image marker")) {
            try Self.maker().make(Array(jpeg.dropLast(30)))
        }
    }

    /// A 64x64 noise JPEG whose header is intact and whose scan holds restart-marker-like
    /// garbage: only a decode of the entropy-coded data finds it.
    static func corruptScan() throws -> [UInt8] {
        var jpeg = try JPEGEncoder().encode(TestImages.noise(width: 64, height: 64, channels: 3, seed: 4))
        let scan = JPEGMarkers.parse(jpeg)!.scanOffset
        for i in stride(from: scan + 40, to: jpeg.count - 200, by: 97) {
            jpeg[i] = 0xFF
            jpeg[i + 1] = 0xD3
        }
        return jpeg
    }

    @Test("full verification catches corrupt entropy-coded data that the header check lets through")
    func fullVerification() throws {
        let jpeg = try Self.corruptScan()
        #expect(try Self.maker(.header).make(jpeg).action == .passedThrough)
        #expect(throws: ImageCodecError.self) { try Self.maker(.full).make(jpeg) }
    }

    @Test("truncating a JPEG at every offset throws, never crashes", arguments: ImageVerification.allCases)
    func truncatedEverywhere(verification: ImageVerification) throws {
        let jpeg = try JPEGEncoder().encode(TestImages.colorDigit(width: 24, height: 16))
        // 8 px: a scaled decode to RGB; 20 px: a full-scale decode to planes.
        for side in [8, 20] {
            let maker = try Self.maker(verification, resize: .maxSide(side))
            for end in 0..<(jpeg.count - 1) {
                #expect(throws: ImageCodecError.self, "end \(end)") { try maker.make(Array(jpeg[0..<end])) }
            }
            #expect(try maker.make(jpeg).width == side)
        }
    }

    @Test("corrupt entropy-coded data fails a resize, in pixels and in planes")
    func corruptScanResized() throws {
        let jpeg = try Self.corruptScan()
        for side in [16, 40] {  // 1/4 scale to RGB; full scale to planes
            let error = #expect(throws: ImageCodecError.self) { try Self.maker(resize: .maxSide(side)).make(jpeg) }
            #expect(error?.code == .corruptData, "\(side)")
        }
    }

    @Test("CMYK/YCCK JPEGs become 3-channel RGB JPEGs at quality 95")
    func cmykConverted() throws {
        let ycck = TurboJPEGFixtures.ycck(width: 32, height: 24, cmyk: [200, 100, 50, 128])
        let made = try Self.maker().make(ycck)
        #expect(made.action == .convertedColor && made.source == .jpeg && made.width == 32 && made.height == 24)
        let decoded = try JPEGDecoder().decode(made.jpeg)
        #expect(decoded.channels == 3 && JPEGMarkers.parse(made.jpeg)?.components == 3)
        #expect(abs(Int(decoded.pixels[0]) - 100) <= 4 && abs(Int(decoded.pixels[1]) - 50) <= 4)
        let resized = try Self.maker(resize: .maxSide(16)).make(ycck)
        #expect(resized.action == .resized && resized.width == 16 && resized.height == 12)
    }

    @Test("PNG, GIF and BMP are re-encoded as JPEG at quality 95 (1 channel stays gray)")
    func reencoded() throws {
        let gray = Self.color.converted(toChannels: 1)
        let inputs: [(bytes: [UInt8], kind: ImageContentKind, channels: Int)] = [
            (try PNGEncoder().encode(Self.color), .png, 3),
            (try PNGEncoder().encode(gray), .png, 1),
            (HandmadeImages.bmp24(Self.color), .bmp, 3),
            (
                HandmadeImages.gif(
                    width: 60, height: 40, indices: [UInt8](repeating: 1, count: 2400),
                    palette: [[0, 0, 0], [250, 20, 30]]), .gif, 3
            ),
        ]
        let maker = try Self.maker()
        for (bytes, kind, channels) in inputs {
            let made = try maker.make(bytes)
            #expect(made.action == .reencoded && made.source == kind && made.width == 60 && made.height == 40)
            let decoded = try JPEGDecoder().decode(made.jpeg)
            #expect(decoded.channels == channels && decoded.width == 60)
            if kind == .png && channels == 3 {
                #expect(made.jpeg == (try JPEGEncoder().encode(Self.color, quality: 95, subsampling: .s420)))
            }
        }
    }

    @Test(
        "resized images have the exact target size, never enlarge, and use quality 90",
        arguments: [ImageResize.maxSide(25), .maxSide(59), .shortSide(7), .shortSide(39), .maxSide(1)])
    func resized(resize: ImageResize) throws {
        let maker = try Self.maker(resize: resize)
        let target = resize.targetSize(width: 60, height: 40)!
        for bytes in [try JPEGEncoder().encode(Self.color), try PNGEncoder().encode(Self.color)] {
            let made = try maker.make(bytes)
            #expect(made.action == .resized && made.width == target.width && made.height == target.height)
            #expect(made.width <= 60 && made.height <= 40)
            let decoded = try JPEGDecoder().decode(made.jpeg)
            #expect(decoded.width == target.width && decoded.height == target.height && decoded.channels == 3)
        }
        // From PNG: full decode + area filter + quality 90, nothing else.
        let expected = try JPEGEncoder().encode(
            try Self.color.resizedByArea(width: target.width, height: target.height), quality: 90, subsampling: .s420)
        #expect(try maker.make(try PNGEncoder().encode(Self.color)).jpeg == expected)
    }

    @Test("target sizes: the limited side becomes the limit, the other rounds, nothing grows")
    func targetSizes() {
        #expect(ImageResize.maxSide(25).targetSize(width: 60, height: 40)! == (25, 17))  // 16.67
        #expect(ImageResize.shortSide(7).targetSize(width: 60, height: 40)! == (11, 7))  // 10.5 rounds up
        #expect(ImageResize.maxSide(1).targetSize(width: 1000, height: 3)! == (1, 1))
        #expect(ImageResize.maxSide(60).targetSize(width: 60, height: 40) == nil)
        #expect(ImageResize.shortSide(40).targetSize(width: 60, height: 40) == nil)
        #expect(ImageResize.shortSide(500).targetSize(width: 60, height: 40) == nil)
        var generator = SplitMix64(seed: 99)
        for _ in 0..<1000 {
            let w = Int(generator.next() % 5000) + 1
            let h = Int(generator.next() % 5000) + 1
            let n = Int(generator.next() % 3000) + 1
            for resize in [ImageResize.maxSide(n), .shortSide(n)] {
                guard let size = resize.targetSize(width: w, height: h) else { continue }
                #expect(size.width >= 1 && size.height >= 1 && size.width <= w && size.height <= h)
                #expect((resize == .maxSide(n) ? max(size.width, size.height) : min(size.width, size.height)) == n)
            }
        }
    }

    @Test("the scaling factor is the smallest whose size still covers the target")
    func scalingFactor() {
        #expect(JPEGDecoder.reducingScalingFactors.first == JPEGDecoder.ScalingFactor(numerator: 1, denominator: 8))
        #expect(JPEGDecoder.reducingScalingFactors.last == JPEGDecoder.ScalingFactor(numerator: 1, denominator: 1))
        #expect(JPEGDecoder.scalingFactor(width: 800, height: 600, toAtLeast: 100, 75).description == "1/8")
        #expect(JPEGDecoder.scalingFactor(width: 800, height: 600, toAtLeast: 101, 75).description == "1/4")
        // Halvings only: 3/8 would do (300x225), 1/2 is the next halving.
        #expect(JPEGDecoder.reducingScalingFactors.map(\.description) == ["1/8", "1/4", "1/2", "1/1"])
        #expect(JPEGDecoder.scalingFactor(width: 800, height: 600, toAtLeast: 300, 225).description == "1/2")
        #expect(JPEGDecoder.scalingFactor(width: 800, height: 600, toAtLeast: 401, 1).description == "1/1")
        #expect(JPEGDecoder.scalingFactor(width: 800, height: 600, toAtLeast: 799, 1).description == "1/1")
    }

    @Test("non-images and unsupported formats are refused with messages fit for a path")
    func refused() throws {
        let maker = try Self.maker()
        let cases: [([UInt8], String)] = [
            ([], "an empty file"),
            ([0x1F, 0x8B, 8, 0, 0, 0], "a gzip file, not an image"),
            (Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBPVP8L".utf8), "a WebP image (not supported)"),
            ([0x49, 0x49, 0x2A, 0, 8, 0, 0, 0], "a TIFF image (not supported)"),
        ]
        for (bytes, message) in cases {
            #expect(throws: ImageCodecError.self) { try maker.make(bytes) }
            do { _ = try maker.make(bytes) } catch { #expect(error.message == message) }
        }
        do {
            _ = try maker.make(Array("label,pixels\n".utf8))
            Issue.record("text accepted")
        } catch { #expect(error.message.hasPrefix("not an image")) }
    }

    @Test("the pixel limit applies to every path, pass-through included")
    func pixelLimit() throws {
        let maker = try Self.maker(maxPixels: 60 * 40 - 1)
        for bytes in [
            try JPEGEncoder().encode(Self.color), try PNGEncoder().encode(Self.color), HandmadeImages.bmp24(Self.color),
        ] {
            #expect(throws: ImageCodecError.self) { try maker.make(bytes) }
        }
    }

    @Test("damaged files of every format throw or convert, never crash", arguments: ImageVerification.allCases)
    func damagedFiles(verification: ImageVerification) throws {
        let small = TestImages.colorDigit(width: 24, height: 18, variant: 3)
        let files: [[UInt8]] = [
            try JPEGEncoder().encode(small),
            TurboJPEGFixtures.rgb(small, progressive: true),
            TurboJPEGFixtures.ycck(width: 16, height: 16, cmyk: [1, 2, 3, 4]),
            try PNGEncoder().encode(small),
            HandmadeImages.bmp24(small),
            HandmadeImages.gif(width: 8, height: 8, indices: [UInt8](repeating: 2, count: 64), palette: [[1, 2, 3]]),
        ]
        var generator = SplitMix64(seed: 2024)
        for resize in [nil, ImageResize.maxSide(10)] {
            let maker = try Self.maker(verification, resize: resize, maxPixels: 1 << 20)
            for file in files {
                for _ in 0..<150 {
                    var bytes = file
                    for _ in 0..<Int(generator.next() % 4 + 1) {
                        bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                    }
                    if let made = try? maker.make(bytes) {
                        #expect(made.width >= 1 && made.height >= 1 && !made.jpeg.isEmpty)
                    }
                }
            }
        }
    }

    @Test("bad options are refused")
    func badOptions() {
        #expect(throws: ImageCodecError.self) { try Self.maker(quality: 0) }
        #expect(throws: ImageCodecError.self) { try Self.maker(resize: .maxSide(0)) }
    }
}
