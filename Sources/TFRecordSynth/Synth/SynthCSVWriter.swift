import TFRecord

/// Writes a deterministic MNIST-like CSV (`label,p0,…,p783`, no header) of synthetic digits:
/// the `tfrec synth` command, the demo's and the benchmarks' input.
public enum SynthCSVWriter {
    /// Writes `rows` rows made by ``DigitSynthesizer`` with `seed` to `path`.
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    /// - Complexity: O(rows); the file is written in 1 MiB blocks.
    public static func write(rows: Int, seed: UInt64, to path: String) throws(TFRecordError) {
        let file = try OutputFile(creating: path)
        var synthesizer = DigitSynthesizer(seed: seed)
        var buffer: [UInt8] = []
        buffer.reserveCapacity((1 << 20) + 4096)
        for _ in 0..<rows {
            let (label, pixels) = synthesizer.next()
            appendDecimal(label, to: &buffer)
            for value in pixels {
                buffer.append(UInt8(ascii: ","))
                appendDecimal(Int(value), to: &buffer)
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 {
                try file.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try file.write(buffer)
        try file.close()
    }

    private static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if value >= 10 {
            appendDecimal(value / 10, to: &buffer)
        }
        buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
