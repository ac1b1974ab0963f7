import TFRecord
import TFRecordSources
import TFRecordSynth

/// CSV row-parser throughput of each implementation this CPU runs (`tfrec bench`), on rows
/// of `tfrec synth`.
enum CSVParseThroughput {
    /// `rows` rows as `tfrec synth --seed seed` writes them: label, then 784 pixel values.
    static func text(rows: Int, seed: UInt64 = 1) -> [UInt8] {
        var synthesizer = DigitSynthesizer(seed: seed)
        var text: [UInt8] = []
        text.reserveCapacity(rows * 1900)
        for _ in 0..<rows {
            let (label, pixels) = synthesizer.next()
            text += String(label).utf8
            for value in pixels {
                text.append(UInt8(ascii: ","))
                text += String(value).utf8
            }
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }

    /// Parses all of `text` (rows of a label and 784 pixels) per run, with every available
    /// implementation.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` if an implementation stops early or its values
    ///   differ from the scalar reference's (the benchmark would measure something else).
    static func measure(_ text: [UInt8], rows: Int, timing: BestTime) throws(TFRecordError) -> [StageBenchmark] {
        let spec = CSVRowSpec(columnCount: 785, labelColumn: 0)
        var reference: [UInt8]?
        var results: [StageBenchmark] = []
        for instructionSet in CSVInstructionSet.available {
            let parser = CSVRowParser(spec: spec, instructionSet: instructionSet)
            var pixels = [UInt8](repeating: 0, count: rows * spec.pixelCount)
            var labels = [Int64](repeating: 0, count: rows)
            var parsed = 0
            let (seconds, runs) = text.withUnsafeBytes { raw in
                timing.measure { parsed = parser.parse(raw, maxRows: rows, into: &pixels, labels: &labels).rows }
            }
            guard parsed == rows, pixels == (reference ?? pixels) else {
                throw TFRecordError(
                    .badInput, "CSV parse benchmark: \(instructionSet.rawValue) parsed \(parsed) of \(rows) rows "
                        + "or differs from the scalar parser")
            }
            reference = reference ?? pixels
            results.append(
                StageBenchmark(
                    stage: .csvParse, engine: instructionSet.rawValue, unit: .gigabytesPerSecond, bytes: text.count,
                    items: rows, seconds: seconds, runs: runs))
        }
        return results
    }
}
