/// Numbers as `tfrec bench` prints them (no Foundation formatters: the same text everywhere).
enum BenchNumber {
    /// `value` rounded to `digits` significant digits, at most 3 decimals: 12.3, 0.456, 1520.
    static func significant(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite, value != 0 else { return "0" }
        var magnitude = 0
        var scaled = abs(value)
        while scaled >= 10 {
            scaled /= 10
            magnitude += 1
        }
        while scaled < 1 {
            scaled *= 10
            magnitude -= 1
        }
        let decimals = min(3, max(0, digits - 1 - magnitude))
        return fixed(value, decimals)
    }

    /// `value` with exactly `decimals` decimals.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let sign = value < 0 && rounded != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(Int(rounded)) }
        let whole = Int(rounded / scale)
        var fraction = String(Int(rounded - Double(whole) * scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return "\(sign)\(whole).\(fraction)"
    }

    /// Large counts with a k or M suffix and three significant digits: 812, 48.1k, 1.25M.
    static func scaled(_ value: Double) -> String {
        if value >= 1e6 { return significant(value / 1e6, 3) + "M" }
        if value >= 1e3 { return significant(value / 1e3, 3) + "k" }
        return significant(value, 3)
    }
}
