import Foundation
import TFRecordImages
import TFRecordTestSupport

/// Procedural test images and helpers (the test target does not depend on the pipeline's
/// digit synthesizer).
enum TestImages {
    /// A handwriting-like gray digit: anti-aliased strokes (a slanted ellipse and a bar,
    /// varied by `variant`) on black, like MNIST.
    static func digit(width: Int = 28, height: Int = 28, variant: Int = 0) -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height)
        let cx = Double(width) / 2 + Double(variant % 3 - 1)
        let cy = Double(height) / 2
        let rx = Double(width) * (0.22 + 0.03 * Double(variant % 4))
        let ry = Double(height) * 0.32
        let slant = 0.15 * Double(variant % 5 - 2)
        let thickness = 1.6 + 0.3 * Double(variant % 3)
        for y in 0..<height {
            for x in 0..<width {
                let px = Double(x) + 0.5, py = Double(y) + 0.5
                let sx = (px - cx) - slant * (py - cy)
                let sy = py - cy
                // Distance to the ellipse outline, approximately.
                let r = (sx * sx / (rx * rx) + sy * sy / (ry * ry)).squareRoot()
                let ellipse = abs(r - 1) * min(rx, ry)
                // Distance to a diagonal bar.
                let bar = abs(sx * 0.8 + sy * 0.6 - Double(variant % 2) * 3)
                let distance = variant % 3 == 2 ? min(ellipse, bar) : ellipse
                let value = max(0, min(1, thickness - distance + 0.5))
                pixels[y * width + x] = UInt8((value * 255).rounded())
            }
        }
        return try! Image(width: width, height: height, channels: 1, pixels: pixels)
    }

    /// A colour version of ``digit(width:height:variant:)``: the strokes tinted by smooth
    /// horizontal and vertical gradients.
    static func colorDigit(width: Int = 28, height: Int = 28, variant: Int = 0) -> Image {
        let gray = digit(width: width, height: height, variant: variant)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let v = Double(gray.pixels[y * width + x])
                let r = v * (0.5 + 0.5 * Double(x) / Double(width))
                let g = v * (0.5 + 0.5 * Double(y) / Double(height))
                let b = v * 0.8 + 40
                let i = (y * width + x) * 3
                pixels[i] = UInt8(min(255, r.rounded()))
                pixels[i + 1] = UInt8(min(255, g.rounded()))
                pixels[i + 2] = UInt8(min(255, b.rounded()))
            }
        }
        return try! Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Pseudo-random noise (a worst case for compression).
    static func noise(width: Int, height: Int, channels: Int, seed: UInt64) -> Image {
        var generator = SplitMix64(seed: seed)
        let pixels = (0..<(width * height * channels)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        return try! Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Peak signal-to-noise ratio in dB (infinity for identical images).
    static func psnr(_ a: Image, _ b: Image) -> Double {
        precondition(a.pixels.count == b.pixels.count)
        var sum = 0.0
        for (x, y) in zip(a.pixels, b.pixels) {
            let d = Double(x) - Double(y)
            sum += d * d
        }
        let mse = sum / Double(a.pixels.count)
        return mse == 0 ? .infinity : 10 * log10((255.0 * 255.0) / mse)
    }
}

/// A generator that plays back a fixed list of values, then repeats the last one: for
/// forcing name collisions.
struct ScriptedGenerator: RandomNumberGenerator {
    var values: [UInt64]
    var position = 0
    mutating func next() -> UInt64 {
        defer { position += 1 }
        return values[min(position, values.count - 1)]
    }
}
