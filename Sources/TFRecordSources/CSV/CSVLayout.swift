import TFRecord

/// What the start of a CSV file says about the rest: byte-order mark, header line and the
/// number of fields per row.
public struct CSVLayout: Sendable {
    /// Bytes of a UTF-8 byte-order mark at the start (0 or 3).
    public var byteOrderMarkLength: Int
    /// Bytes of the header line, its line end included (0 without a header).
    public var headerLength: Int
    /// The row shape, from the first data row.
    public var spec: CSVRowSpec

    /// Offset of the first data row.
    public var dataOffset: Int { byteOrderMarkLength + headerLength }
    /// 1-based line number of the first data row.
    public var firstDataLine: Int { headerLength > 0 ? 2 : 1 }

    /// Reads the layout from `prefix`, the first bytes of the file: they must hold the first
    /// data line completely, or the whole file. (``CSVInput`` reads a file's layout as it
    /// reads the file, without holding its first line.)
    ///
    /// - Parameters:
    ///   - labelColumn: the label's field index (`nil`: no label).
    /// - Throws: ``TFRecordError`` (`.badInput`) for an empty input, an empty first row, or
    ///   a label column beyond the row's fields.
    public static func detect(
        prefix: [UInt8], path: String, header: CSVHeaderMode, labelColumn: Int?
    ) throws(TFRecordError) -> CSVLayout {
        var scanner = CSVLayoutScanner(header: header)
        prefix.withUnsafeBytes { scanner.feed($0) }
        return try scanner.layout(path: path, labelColumn: labelColumn)
    }
}
