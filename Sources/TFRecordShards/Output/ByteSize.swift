import Foundation
import TFRecord

/// Byte counts as people write them: `256MiB`, `1GB`, `64K`, `1000`.
///
/// Units follow dd(1) and IEC: `K`, `M`, `G`, `T` and `KiB` … `TiB` are powers of 1024;
/// `KB`, `MB`, `GB`, `TB` are powers of 1000; `B` or no unit is bytes. Case is ignored
/// except that a lone `b` is bytes too.
public enum ByteSize {
    /// Parses `text`.
    ///
    /// - Throws: ``TFRecordError`` `.usage` naming the text.
    public static func parse(_ text: String) throws(TFRecordError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let multipliers: [String: Double] = [
            "": 1, "b": 1,
            "k": 0x1p10, "kib": 0x1p10, "m": 0x1p20, "mib": 0x1p20, "g": 0x1p30, "gib": 0x1p30, "t": 0x1p40, "tib": 0x1p40,
            "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
        ]
        guard let number = Double(digits), number.isFinite, let multiplier = multipliers[unit] else {
            throw TFRecordError(.usage, "'\(text)' is not a size; use e.g. 256MiB, 1GB, 64K or a number of bytes")
        }
        let bytes = (number * multiplier).rounded()
        guard bytes >= 1, bytes < 0x1p62 else {
            throw TFRecordError(.usage, "size '\(text)' is out of range")
        }
        return Int(bytes)
    }

    /// `bytes` in the largest binary unit that keeps it readable: `256 MiB`, `1.5 GiB`, `300 B`.
    public static func format(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let text = value == value.rounded() ? String(Int(value)) : String(Double(Int(value * 10)) / 10)
        return "\(text) \(units[unit])"
    }
}
