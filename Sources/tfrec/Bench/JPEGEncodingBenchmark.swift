import TFRecord
import TFRecordImages
import TFRecordSynth

/// Times JPEG encoding of synthetic 28×28 digits through ``ImageEncoder`` — what each
/// `convert --encoding jpeg` worker does per row — for comparison with a bare TurboJPEG
/// loop over the same pixels (`scripts/bench`, `tfrec bench-jpeg`).
public enum JPEGEncodingBenchmark {
    /// `count` synthetic digit images, 784 bytes each, back to back.
    public static func pixels(count: Int, seed: UInt64 = 1) -> [UInt8] {
        var synthesizer = DigitSynthesizer(seed: seed)
        var pixels: [UInt8] = []
        pixels.reserveCapacity(count * 784)
        for _ in 0..<count { pixels += synthesizer.next().pixels }
        return pixels
    }

    /// Microseconds per image, best of `passes` passes over `pixels` (784 bytes per image),
    /// at `quality`.
    ///
    /// - Throws: ``TFRecordError`` if the encoder cannot be made or fails.
    public static func microsecondsPerImage(pixels: [UInt8], quality: Int = 95, passes: Int = 5) throws(TFRecordError) -> Double {
        let count = pixels.count / 784
        guard count > 0 else { return 0 }
        let encoder: ImageEncoder
        do { encoder = try ImageEncoder(format: .jpeg, quality: quality) } catch {
            throw TFRecordError(.io, error.message)
        }
        var best = Duration.seconds(1_000_000)
        var total = 0
        for _ in 0..<max(1, passes) {
            let start = ContinuousClock.now
            do {
                try pixels.withUnsafeBufferPointer { all in
                    for i in 0..<count {
                        total &+= try encoder.withEncoded(
                            pixels: UnsafeBufferPointer(rebasing: all[(i * 784)..<((i + 1) * 784)]),
                            width: 28, height: 28, channels: 1) { $0.count }
                    }
                }
            } catch {
                throw TFRecordError(.io, "JPEG encoding failed: \(error)")
            }
            best = min(best, ContinuousClock.now - start)
        }
        precondition(total > 0)
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        return seconds * 1e6 / Double(count)
    }
}
