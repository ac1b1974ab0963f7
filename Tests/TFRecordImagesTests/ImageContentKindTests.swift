import TFRecordImages
import Testing

@Suite("Image content kind")
struct ImageContentKindTests {
    static let table: [(bytes: [UInt8], kind: ImageContentKind)] = [
        ([], .empty),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], .jpeg),
        ([0xFF, 0xD8], .unknown),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], .png),
        ([0x89, 0x50, 0x4E, 0x47], .unknown),
        (Array("GIF89a".utf8) + [1, 0, 1, 0], .gif),
        (Array("GIF87a".utf8), .gif),
        (Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8), .webp),
        (Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WAVEfmt ".utf8), .unknown),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
        ([0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], .tiff),
        ([0x1F, 0x8B, 0x08, 0x00], .gzip),
        (Array("BM".utf8) + [UInt8](repeating: 0, count: 12) + [40, 0, 0, 0], .bmp),
        (Array("BM".utf8) + [UInt8](repeating: 0, count: 12) + [124, 0, 0, 0], .bmp),
        (Array("BMW is a car brand, not a bitmap".utf8), .unknown),
        (Array("BM".utf8), .unknown),
        (Array("hello, world\n".utf8), .unknown),
        ([0x00], .unknown),
    ]

    @Test("magic numbers decide the kind", arguments: 0..<table.count)
    func detects(row: Int) {
        let (bytes, kind) = Self.table[row]
        #expect(ImageContentKind.detect(bytes) == kind, "\(bytes.prefix(8))")
    }

    @Test("real encoded files are detected")
    func encodedFiles() throws {
        let image = TestImages.colorDigit(width: 20, height: 10)
        #expect(ImageContentKind.detect(try JPEGEncoder().encode(image)) == .jpeg)
        #expect(ImageContentKind.detect(try PNGEncoder().encode(image)) == .png)
        #expect(ImageContentKind.detect(HandmadeImages.bmp24(image)) == .bmp)
        #expect(
            ImageContentKind.detect(HandmadeImages.gif(width: 1, height: 1, indices: [0], palette: [[0, 0, 0]])) == .gif
        )
    }
}
