import Testing
import TFRecordImages

/// 20 000 28×28 digits through one encoder, as one worker thread of an export does.
/// Release builds must encode them as JPEG in well under a second; the times are printed.
@Suite("Encoding throughput")
struct EncodingThroughputTests {
    static let count = 20_000
    static let digits = (0..<16).map { TestImages.digit(variant: $0) }

    @Test("20 000 28x28 JPEG encodes take well under a second on one core (release)")
    func jpeg() throws {
        let encoder = try ImageEncoder(format: .jpeg, quality: 95)
        let (seconds, bytes) = try Self.measure(encoder)
        print("JPEG: \(Self.count) 28x28 images in \(seconds) s, \(bytes / Self.count) bytes each")
        #if !DEBUG
        #expect(seconds < 1.0)
        #endif
    }

    @Test("20 000 28x28 PNG encodes (timed)", arguments: PNGEncoder.Compression.allCases)
    func png(compression: PNGEncoder.Compression) throws {
        let encoder = try ImageEncoder(format: .png, pngCompression: compression)
        let (seconds, bytes) = try Self.measure(encoder)
        print("PNG (\(compression)): \(Self.count) 28x28 images in \(seconds) s, \(bytes / Self.count) bytes each")
        #if !DEBUG
        #expect(seconds < 10.0)
        #endif
    }

    static func measure(_ encoder: ImageEncoder) throws -> (seconds: Double, bytes: Int) {
        let clock = ContinuousClock()
        var bytes = 0
        let elapsed = try clock.measure {
            for i in 0..<count {
                let image = digits[i % digits.count]
                bytes += try image.pixels.withUnsafeBufferPointer { pixels in
                    try encoder.withEncoded(pixels: pixels, width: 28, height: 28, channels: 1) { $0.count }
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (seconds, bytes)
    }
}
