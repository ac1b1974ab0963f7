import CTurboJPEG
import TFRecordImages
import TFRecordTestSupport
import Testing

@Suite("JPEG marker walk")
struct JPEGMarkersTests {
    static let color = TestImages.colorDigit(width: 45, height: 29, variant: 1)

    @Test("baseline, progressive and gray JPEGs: size, components, process, no Adobe marker")
    func realJPEGs() throws {
        let cases: [(jpeg: [UInt8], components: Int, progressive: Bool)] = [
            (TurboJPEGFixtures.rgb(Self.color), 3, false),
            (TurboJPEGFixtures.rgb(Self.color, progressive: true), 3, true),
            (TurboJPEGFixtures.gray(Self.color.converted(toChannels: 1)), 1, false),
            (TurboJPEGFixtures.gray(Self.color.converted(toChannels: 1), progressive: true), 1, true),
            (try JPEGEncoder().encode(Self.color), 3, false),
        ]
        for (jpeg, components, progressive) in cases {
            let markers = try #require(JPEGMarkers.parse(jpeg))
            #expect(markers.width == 45 && markers.height == 29)
            #expect(markers.components == components)
            #expect(markers.isProgressive == progressive && markers.isBaseline == !progressive)
            #expect(!markers.hasAdobeMarker)
            #expect(markers.scanOffset > 2 && jpeg[markers.scanOffset] == 0xFF && jpeg[markers.scanOffset + 1] == 0xDA)
            #expect(JPEGMarkers.endsWithEndOfImage(jpeg, after: markers.scanOffset))
        }
    }

    @Test("a YCCK JPEG has 4 components and an Adobe marker with transform 2")
    func ycck() throws {
        let jpeg = TurboJPEGFixtures.ycck(width: 16, height: 8, cmyk: [10, 20, 30, 40])
        let markers = try #require(JPEGMarkers.parse(jpeg))
        #expect(markers.components == 4 && markers.adobeTransform == 2 && markers.hasAdobeMarker)
        #expect(JPEGMarkers.parse(TurboJPEGFixtures.removingAdobeMarker(jpeg))?.hasAdobeMarker == false)
    }

    @Test("EOI: trailing bytes are allowed, a truncated file has none")
    func endOfImage() {
        let jpeg = TurboJPEGFixtures.rgb(Self.color)
        #expect(JPEGMarkers.endsWithEndOfImage(jpeg))
        #expect(JPEGMarkers.endsWithEndOfImage(jpeg + [UInt8](repeating: 0, count: 1000)))
        #expect(JPEGMarkers.endsWithEndOfImage(jpeg + Array("trailer".utf8)))
        #expect(!JPEGMarkers.endsWithEndOfImage(Array(jpeg.dropLast(2))))
        #expect(!JPEGMarkers.endsWithEndOfImage(Array(jpeg.dropLast(1))))
        // A trailer larger than the window (a motion photo's video): found after the scan start.
        let scan = JPEGMarkers.parse(jpeg)!.scanOffset
        let long = jpeg + [UInt8](repeating: 0x5A, count: 3 * JPEGMarkers.endOfImageWindow)
        #expect(JPEGMarkers.endsWithEndOfImage(long, after: scan))
        #expect(!JPEGMarkers.endsWithEndOfImage(Array(jpeg.dropLast(2)) + [UInt8](repeating: 0x5A, count: 3 * JPEGMarkers.endOfImageWindow),
                                                after: scan))
        #expect(!JPEGMarkers.endsWithEndOfImage([]) && !JPEGMarkers.endsWithEndOfImage([0xFF]))
    }

    @Test("truncating a JPEG at every offset never crashes; only the whole file ends with EOI")
    func truncatedEverywhere() {
        for jpeg in [TurboJPEGFixtures.rgb(Self.color), TurboJPEGFixtures.rgb(Self.color, progressive: true)] {
            let scan = JPEGMarkers.parse(jpeg)!.scanOffset
            let scanHeaderEnd = scan + 2 + (Int(jpeg[scan + 2]) << 8 | Int(jpeg[scan + 3]))
            for end in 0..<jpeg.count {
                let prefix = Array(jpeg[0..<end])
                let markers = JPEGMarkers.parse(prefix)
                #expect((markers != nil) == (end >= scanHeaderEnd), "end \(end)")
                #expect(!JPEGMarkers.endsWithEndOfImage(prefix, after: scan), "end \(end)")
            }
        }
    }

    @Test("random bytes and adversarial lengths never crash")
    func adversarial() {
        var generator = SplitMix64(seed: 42)
        for length in 0..<300 {
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if length >= 2 {
                bytes[0] = 0xFF
                bytes[1] = 0xD8
            }
            _ = JPEGMarkers.parse(bytes)
            _ = JPEGMarkers.endsWithEndOfImage(bytes, after: Int(generator.next() % 400))
        }
        let headers: [[UInt8]] = [
            [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02],  // SOF too short
            [0xFF, 0xD8, 0xFF, 0xC0, 0xFF, 0xFF],  // length past the end
            [0xFF, 0xD8, 0xFF, 0xEE, 0x00, 0x0E, 0x41, 0x64],  // APP14 cut short
            [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00, 0xFF, 0xDA],  // length 0
            [0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xFF],  // only fill bytes
            [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02],  // SOS before SOF
            [0xFF, 0xD8, 0x00, 0x00],
            [0xFF, 0xD8, 0xFF, 0xD9],
        ]
        for header in headers { #expect(JPEGMarkers.parse(header) == nil, "\(header)") }
        // A damaged copy of a real file: every single-byte change in the header.
        let jpeg = TurboJPEGFixtures.rgb(Self.color)
        let scan = JPEGMarkers.parse(jpeg)!.scanOffset
        for i in 2..<(scan + 4) {
            for value: UInt8 in [0x00, 0x01, 0x7F, 0xFF] {
                var damaged = jpeg
                damaged[i] = value
                _ = JPEGMarkers.parse(damaged)
            }
        }
    }
}
