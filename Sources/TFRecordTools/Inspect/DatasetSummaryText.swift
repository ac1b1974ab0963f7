import TFRecord

/// Renders a ``DatasetSummary`` as the text `tfrec inspect` prints.
public enum DatasetSummaryText {
    /// The per-file counts and kinds, the schema tables (features or context, then feature
    /// lists for SequenceExamples) and the label histogram.
    public static func render(_ summary: DatasetSummary) -> String {
        var lines: [String] = []
        lines.append("\(counted(summary.records, "record")) in \(counted(summary.files.count, "file"))")
        for file in summary.files { lines.append("  \(file.path): \(counted(file.records, "record")), kind: \(file.kind)") }
        lines.append("")
        let sequences = summary.kinds.contains(.sequenceExample)
        if !sequences {
            lines.append("schema (tf.train.Example):")
        } else if summary.kinds.contains(.example) {
            lines.append("features (tf.train.Example) and context (tf.train.SequenceExample):")
        } else {
            lines.append("context (tf.train.SequenceExample):")
        }
        var rows = [["feature", "kind", "present", "values/record", "bytes/value", "min", "max"]]
        for key in summary.features.keys.sorted() {
            let s = summary.features[key]!
            let range = range(s)
            rows.append([key, kinds(s), String(s.present), span(s.valueCount), span(s.byteSize), range.0, range.1])
        }
        lines += table(rows)
        for key in summary.features.keys.sorted() {
            if let hint = hint(key: key, summary.features[key]!) { lines.append("  note: \(hint)") }
        }
        if sequences {
            lines.append("")
            lines.append("feature lists (tf.train.SequenceExample):")
            var rows = [["feature list", "kind", "present", "steps", "values/step", "bytes/value", "min", "max"]]
            for name in summary.featureLists.keys.sorted() {
                let s = summary.featureLists[name]!
                let range = range(s.step)
                rows.append([name, kinds(s.step), String(s.present), span(s.steps), span(s.step.valueCount),
                             span(s.step.byteSize), range.0, range.1])
            }
            lines += table(rows)
        }
        if !summary.labelHistogram.isEmpty {
            lines.append("")
            lines.append("label histogram (\(summary.labelKey)):")
            let most = summary.labelHistogram.values.max()!
            for label in summary.labelHistogram.keys.sorted() {
                let count = summary.labelHistogram[label]!
                let bar = String(repeating: "█", count: max(1, count * 40 / most))
                lines.append("  \(label)\t\(count)\t\(bar)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The rows as left-aligned columns, indented by two spaces; a header alone gets a
    /// `(none)` line so that an empty table is not mistaken for a truncated one.
    private static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
        var lines = rows.map { row in
            "  " + row.enumerated().map { i, cell in
                cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        if rows.count == 1 { lines.append("  (none)") }
        return lines
    }

    private static func kinds(_ s: FeatureStatistics) -> String {
        s.kinds.isEmpty ? "-" : s.kinds.sorted().joined(separator: "|")
    }

    private static func range(_ s: FeatureStatistics) -> (String, String) {
        if let r = s.int64Range { (String(r.lowerBound), String(r.upperBound)) }
        else if let r = s.floatRange { ("\(r.lowerBound)", "\(r.upperBound)") }
        else { ("-", "-") }
    }

    private static func span(_ range: ClosedRange<Int>?) -> String {
        guard let range else { return "-" }
        return range.lowerBound == range.upperBound ? String(range.lowerBound) : "\(range.lowerBound)-\(range.upperBound)"
    }

    /// Decoding advice for byte features whose size gives away their dtype.
    private static func hint(key: String, _ s: FeatureStatistics) -> String? {
        guard s.kinds == ["bytes"], let size = s.byteSize, size.lowerBound == size.upperBound else { return nil }
        let n = size.lowerBound
        if n % 8 == 0, isSquare(n / 8) {
            let side = Int(Double(n / 8).squareRoot().rounded())
            return "'\(key)' looks like \(n / 8) int64 pixels (\(side)x\(side)): decode with np.frombuffer(b, dtype=np.int64) "
                + "or tf.io.decode_raw(b, tf.int64), not the float64 default"
        }
        if isSquare(n) {
            let side = Int(Double(n).squareRoot().rounded())
            return "'\(key)' looks like \(n) uint8 pixels (\(side)x\(side)): decode with np.frombuffer(b, dtype=np.uint8)"
        }
        return nil
    }

    private static func isSquare(_ n: Int) -> Bool {
        let side = Int(Double(n).squareRoot().rounded())
        return n > 0 && side * side == n
    }
}
