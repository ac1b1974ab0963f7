import TFRecord
import Testing
@testable import TFRecordSynth

@Suite("DigitSynthesizer")
struct DigitSynthesizerTests {
    private static let pixelCount = DigitSynthesizer.width * DigitSynthesizer.height

    @Test("the same seed gives identical samples")
    func determinism() {
        var a = DigitSynthesizer(seed: 12_345)
        var b = DigitSynthesizer(seed: 12_345)
        for _ in 0..<200 {
            let x = a.next(), y = b.next()
            #expect(x.label == y.label)
            #expect(x.pixels == y.pixels)
        }
        var c = DigitSynthesizer(seed: 99)
        var d = DigitSynthesizer(seed: 99)
        for digit in 0...9 {
            #expect(c.image(of: digit) == d.image(of: digit))
        }
    }

    @Test("the generator is seeded and deterministic")
    func seededGenerator() {
        var a = SeededGenerator(seed: 0), b = SeededGenerator(seed: 0), c = SeededGenerator(seed: 1)
        let xs = (0..<16).map { _ in a.next() }
        #expect(xs == (0..<16).map { _ in b.next() })
        #expect(xs != (0..<16).map { _ in c.next() })
        #expect(Set(xs).count == xs.count)
        for _ in 0..<1000 {
            let u = a.nextDouble()
            #expect(u >= 0 && u < 1)
            #expect((0..<7).contains(a.next(upperBound: 7)))
        }
    }

    @Test("different seeds give different images")
    func differentSeedsDiffer() {
        var a = DigitSynthesizer(seed: 1)
        var b = DigitSynthesizer(seed: 2)
        var differing = 0
        for digit in 0...9 where a.image(of: digit) != b.image(of: digit) {
            differing += 1
        }
        #expect(differing == 10)
        // Successive images of one generator differ too.
        #expect(a.image(of: 3) != a.image(of: 3))
    }

    @Test("every sample has 784 pixels and a label in 0...9; all labels appear")
    func shapeAndLabels() {
        var g = DigitSynthesizer(seed: 7)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<1000 {
            let s = g.next()
            #expect(s.pixels.count == 784)
            #expect(s.pixels.count == Self.pixelCount)
            #expect((0...9).contains(s.label))
            if (0...9).contains(s.label) { counts[s.label] += 1 }
        }
        for digit in 0...9 {
            #expect(counts[digit] > 0, "label \(digit) never drawn")
            #expect(counts[digit] > 50 && counts[digit] < 150, "label \(digit): \(counts[digit]) of 1000")
        }
    }

    @Test("ink statistics are in MNIST's ballpark")
    func inkStatistics() {
        var g = DigitSynthesizer(seed: 2024)
        var nonzero = 0, total = 0, sum = 0, maxValue: UInt8 = 0
        for _ in 0..<1000 {
            let pixels = g.next().pixels
            for v in pixels {
                if v != 0 { nonzero += 1 }
                sum += Int(v)
                maxValue = max(maxValue, v)
            }
            total += pixels.count
        }
        let fraction = Double(nonzero) / Double(total)
        let mean = Double(sum) / Double(total)
        #expect(fraction > 0.08 && fraction < 0.35, "nonzero fraction \(fraction)")
        #expect(mean > 15 && mean < 60, "mean intensity \(mean)")
        #expect(maxValue == 255)
    }

    @Test("each digit has ink, roughly centred", arguments: 0...9)
    func inkIsCentred(digit: Int) {
        var g = DigitSynthesizer(seed: UInt64(100 + digit))
        let w = DigitSynthesizer.width, h = DigitSynthesizer.height
        for _ in 0..<20 {
            let pixels = g.image(of: digit)
            #expect(pixels.count == w * h)
            var mass = 0.0, mx = 0.0, my = 0.0
            for y in 0..<h {
                for x in 0..<w {
                    let v = Double(pixels[y * w + x])
                    mass += v
                    mx += v * (Double(x) + 0.5)
                    my += v * (Double(y) + 0.5)
                }
            }
            #expect(mass > 0, "digit \(digit) rendered blank")
            guard mass > 0 else { continue }
            // Centre of mass inside the middle 60% of the field.
            let cx = mx / mass / Double(w), cy = my / mass / Double(h)
            #expect(cx > 0.2 && cx < 0.8, "digit \(digit): centre x \(cx)")
            #expect(cy > 0.2 && cy < 0.8, "digit \(digit): centre y \(cy)")
        }
    }

    @Test("a nearest-centroid classifier recognizes the digits")
    func nearestCentroidAccuracy() {
        let n = Self.pixelCount
        var centroids = [[Double]](repeating: [Double](repeating: 0, count: n), count: 10)
        var train = DigitSynthesizer(seed: 31_337)
        for digit in 0...9 {
            for _ in 0..<200 {
                let pixels = train.image(of: digit)
                for k in 0..<n { centroids[digit][k] += Double(pixels[k]) / 200 }
            }
        }
        var test = DigitSynthesizer(seed: 4_242)
        var correct = 0
        let samples = 500
        for _ in 0..<samples {
            let (label, pixels) = test.next()
            var best = -1, bestDistance = Double.infinity
            for digit in 0...9 {
                var distance = 0.0
                for k in 0..<n {
                    let e = Double(pixels[k]) - centroids[digit][k]
                    distance += e * e
                }
                if distance < bestDistance { bestDistance = distance; best = digit }
            }
            if best == label { correct += 1 }
        }
        let accuracy = Double(correct) / Double(samples)
        #expect(accuracy >= 0.8, "nearest-centroid accuracy \(accuracy)")
    }

    @Test("the private sine and cosine are accurate")
    func trigonometry() {
        let pi = 3.141592653589793
        #expect(abs(DigitSynthesizer.sine(0)) < 1e-15)
        #expect(abs(DigitSynthesizer.sine(pi / 2) - 1) < 1e-12)
        #expect(abs(DigitSynthesizer.sine(pi / 6) - 0.5) < 1e-12)
        #expect(abs(DigitSynthesizer.cosine(pi) + 1) < 1e-12)
        #expect(abs(DigitSynthesizer.sine(-7 * pi / 2) - 1) < 1e-12)
        #expect(abs(DigitSynthesizer.cosine(2 * pi / 3) + 0.5) < 1e-12)
    }
}
