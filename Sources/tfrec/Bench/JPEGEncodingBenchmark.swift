import TFRecord
import TFRecordImages
import TFRecordSynth

/// Times JPEG encoding of synthetic 28×28 digits through ``ImageEncoder``, what each
/// `convert --encoding jpeg` worker does per row (`tfrec bench`; scripts/bench compares it with
/// a bare TurboJPEG loop over the same pixels).
enum JPEGEncodingBenchmark {
    /// `count` synthetic digit images, 784 bytes each, back to back: the pixels of the first
    /// `count` rows of `tfrec synth --seed seed`.
    static func pixels(count: Int, seed: UInt64 = 1) -> [UInt8] {
        var synthesizer = DigitSynthesizer(seed: seed)
        var pixels: [UInt8] = []
        pixels.reserveCapacity(count * 784)
        for _ in 0..<count { pixels += synthesizer.next().pixels }
        return pixels
    }

    /// Encodes every image of `pixels` (784 bytes each) at `quality` per run.
    ///
    /// - Throws: ``TFRecordError`` if the encoder cannot be made or fails.
    static func measure(pixels: [UInt8], quality: Int = 95, timing: BestTime) throws(TFRecordError) -> StageBenchmark {
        let count = pixels.count / 784
        let encoder: ImageEncoder
        do { encoder = try ImageEncoder(format: .jpeg, quality: quality) } catch {
            throw TFRecordError(.io, error.message)
        }
        var total = 0
        let (seconds, runs) = try timing.measure { () throws(TFRecordError) in
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
        }
        precondition(total > 0 || count == 0)
        return StageBenchmark(
            stage: .jpegEncode, engine: "libjpeg-turbo", detail: "28x28x1, quality \(quality)", unit: .itemsPerSecond,
            bytes: pixels.count, items: count, seconds: seconds, runs: runs)
    }
}
