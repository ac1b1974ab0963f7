import TFRecordImages
import TFRecordTestSupport
import Testing

@Suite("Area resize")
struct AreaResizeTests {
    /// The obvious definition: each output pixel is the mean of the source plane over its
    /// rectangle, computed from the overlap of every source pixel, in Double.
    static func reference(_ image: Image, width: Int, height: Int) -> [Double] {
        let sx = Double(image.width) / Double(width)
        let sy = Double(image.height) / Double(height)
        var out: [Double] = []
        for oy in 0..<height {
            for ox in 0..<width {
                let x0 = Double(ox) * sx
                let x1 = Double(ox + 1) * sx
                let y0 = Double(oy) * sy
                let y1 = Double(oy + 1) * sy
                var sums = [Double](repeating: 0, count: image.channels)
                for y in Int(y0.rounded(.down))..<min(image.height, Int(y1.rounded(.up))) {
                    let wy = min(y1, Double(y + 1)) - max(y0, Double(y))
                    for x in Int(x0.rounded(.down))..<min(image.width, Int(x1.rounded(.up))) {
                        let wx = min(x1, Double(x + 1)) - max(x0, Double(x))
                        guard wx > 0 && wy > 0 else { continue }
                        for c in 0..<image.channels {
                            sums[c] += wx * wy * Double(image.pixels[(y * image.width + x) * image.channels + c])
                        }
                    }
                }
                out += sums.map { $0 / (sx * sy) }
            }
        }
        return out
    }

    @Test("matches the Double reference within 0.5 level on random sizes and pixels", arguments: 0..<40)
    func matchesReference(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &* 7919 &+ 1)
        func random(_ range: ClosedRange<Int>) -> Int { Int(generator.next() % UInt64(range.count)) + range.lowerBound }
        let channels = seed % 2 == 0 ? 3 : 1
        let width = random(1...70)
        let height = random(1...70)
        let image = TestImages.noise(width: width, height: height, channels: channels, seed: UInt64(seed))
        let outWidth = random(1...width)
        let outHeight = random(1...height)
        let resized = try image.resizedByArea(width: outWidth, height: outHeight)
        #expect(resized.width == outWidth && resized.height == outHeight && resized.channels == channels)
        let expected = Self.reference(image, width: outWidth, height: outHeight)
        var worst = 0.0
        for (got, want) in zip(resized.pixels, expected) { worst = max(worst, abs(Double(got) - want)) }
        // Exact arithmetic rounds half up: within 0.5 (+ Double's error in the reference).
        #expect(worst <= 0.5 + 1e-6, "\(width)x\(height) -> \(outWidth)x\(outHeight): off by \(worst)")
    }

    /// The exact result: integer overlap weights (in 1/dst units), rounded half up.
    static func exactReference(_ image: Image, width: Int, height: Int) -> [UInt8] {
        var out: [UInt8] = []
        let total = image.width * image.height
        for oy in 0..<height {
            for ox in 0..<width {
                for c in 0..<image.channels {
                    var sum = 0
                    for y in 0..<image.height {
                        let wy = min((y + 1) * height, (oy + 1) * image.height) - max(y * height, oy * image.height)
                        guard wy > 0 else { continue }
                        for x in 0..<image.width {
                            let wx = min((x + 1) * width, (ox + 1) * image.width) - max(x * width, ox * image.width)
                            guard wx > 0 else { continue }
                            sum += wx * wy * Int(image.pixels[(y * image.width + x) * image.channels + c])
                        }
                    }
                    out.append(UInt8((sum + total / 2) / total))
                }
            }
        }
        return out
    }

    @Test("equals exact integer arithmetic, halves rounded up, on random and tie-making images", arguments: 0..<60)
    func equalsExactArithmetic(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &* 104_729 &+ 3)
        func random(_ range: ClosedRange<Int>) -> Int { Int(generator.next() % UInt64(range.count)) + range.lowerBound }
        let channels = [1, 3][seed % 2 == 0 ? (seed / 2) % 2 : 0]
        let width = random(1...40)
        let height = random(1...40)
        // Odd seeds: rows of 1s and 2s, whose means are often exactly x.5.
        let image = seed % 2 == 0
            ? TestImages.noise(width: width, height: height, channels: channels, seed: UInt64(seed))
            : try Image(width: width, height: height, channels: channels,
                        pixels: (0..<(width * height * channels)).map { UInt8(1 + ($0 / (width * channels)) % 2) })
        let outWidth = random(1...width)
        let outHeight = random(1...height)
        let resized = try image.resizedByArea(width: outWidth, height: outHeight)
        #expect(resized.pixels == Self.exactReference(image, width: outWidth, height: outHeight),
                "\(width)x\(height)x\(channels) -> \(outWidth)x\(outHeight)")
    }

    @Test("integer factors average whole blocks; the same size is unchanged; flat stays flat")
    func simpleCases() throws {
        let image = try Image(width: 4, height: 2, channels: 1, pixels: [0, 10, 20, 31, 100, 110, 120, 130])
        #expect(try image.resizedByArea(width: 2, height: 1).pixels == [55, 75])  // 220 / 4, 301 / 4 = 75.25
        #expect(try image.resizedByArea(width: 4, height: 2) == image)
        let flat = Image(width: 37, height: 23, channels: 3, color: [7, 200, 93])
        #expect(
            try flat.resizedByArea(width: 11, height: 5)
                == Image(width: 11, height: 5, channels: 3, color: [7, 200, 93]))
    }

    @Test("enlarging or empty sizes are refused")
    func refusesEnlarging() {
        let image = Image(width: 5, height: 5, channels: 1, color: [1])
        #expect(throws: ImageCodecError.self) { try image.resizedByArea(width: 6, height: 5) }
        #expect(throws: ImageCodecError.self) { try image.resizedByArea(width: 5, height: 0) }
    }
}
