import TFRecord
import TFRecordConversion

/// Formats conversion progress and summaries for people: the line `tfrec convert` shows
/// on a terminal, e.g. `[#########-----------]  45%  9000 rows  42.1k rows/s  80.4 MB/s  ETA 0.7s`.
public enum ProgressLine {
    /// A progress line with a bar when the input size is known.
    public static func format(_ progress: ConversionProgress, width: Int = 20) -> String {
        line(done: progress.rows, unit: "row", bytes: progress.inputBytes, of: progress.inputSize,
             seconds: progress.seconds, width: width)
    }

    /// The progress line of a command that reads files (or a CSV), counting `unit`s:
    /// `[####----------------]  20%  6000 records  …`.
    public static func format(_ progress: WorkProgress, unit: String, width: Int = 20) -> String {
        line(done: progress.records, unit: unit, bytes: progress.bytes, of: progress.totalBytes,
             seconds: progress.seconds, width: width)
    }

    private static func line(done: Int, unit: String, bytes read: Int, of size: Int?, seconds: Double, width: Int)
        -> String
    {
        let elapsed = max(seconds, 1e-9)
        let rate = "\(perSecond(Double(done) / elapsed, unit))  \(bytes(Double(read) / elapsed))/s"
        guard let size, size > 0 else {
            return "\(counted(done, unit))  \(rate)"
        }
        let fraction = min(1, Double(read) / Double(size))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = String(Int(fraction * 100))
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        return "[\(bar)] \(String(repeating: " ", count: 3 - percent.count))\(percent)%  \(counted(done, unit))  \(rate)  "
            + "ETA \(decimal(eta, 1))s"
    }

    /// The one-line summary printed at the end of a conversion.
    public static func summary(_ s: ConversionSummary) -> String {
        let seconds = max(s.seconds, 1e-9)
        var size = bytes(Double(s.outputBytes))
        if s.shards.contains(where: { $0.uncompressedBytes != nil }) {
            size = "\(bytes(Double(s.shards.reduce(0) { $0 + $1.bytes }))) compressed from \(size)"
        }
        return "converted \(counted(s.rows, s.recordUnit)) into \(counted(s.shards.count, "shard")) (\(size)) in \(decimal(s.seconds, 3))s: "
            + "\(perSecond(Double(s.rows) / seconds, s.recordUnit)), \(bytes(Double(s.inputBytes) / seconds))/s of \(s.inputName) "
            + "[engine \(s.engine), \(counted(s.threads, "thread"))]"
            + (s.rejectedRows > 0
                ? "; \(counted(s.rejectedRows, s.recordUnit == "row" ? "bad row" : "file")) skipped, listed in \(s.rejectedFileName)" : "")
    }

    /// `42100, "row"` → `42.1k rows/s`; `1, "row"` → `1 row/s`.
    public static func perSecond(_ value: Double, _ unit: String) -> String {
        let text = count(value)
        return "\(text) \(text == "1" ? unit : unit + "s")/s"
    }

    /// `1234567` → `1.23M`.
    public static func count(_ value: Double) -> String {
        if value >= 1e6 { return decimal(value / 1e6, 2) + "M" }
        if value >= 1e3 { return decimal(value / 1e3, 1) + "k" }
        return decimal(value, 0)
    }

    /// `38_700_000` → `38.7 MB` (decimal units).
    public static func bytes(_ value: Double) -> String {
        if value >= 1e9 { return decimal(value / 1e9, 2) + " GB" }
        if value >= 1e6 { return decimal(value / 1e6, 1) + " MB" }
        if value >= 1e3 { return decimal(value / 1e3, 1) + " kB" }
        return decimal(value, 0) + " B"
    }

    /// `value` rounded to `places` decimals, without Foundation's locale-dependent formatting.
    public static func decimal(_ value: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 9e18 else { return "\(value)" }
        let whole = Int64(scaled)
        guard places > 0 else { return String(whole) }
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        let divisor = UInt64(scale)
        let fraction = String(magnitude % divisor)
        return "\(sign)\(magnitude / divisor).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }
}
