/// Where one CSV file's data rows are, as a scan of the inputs finds them
/// (``CSVRowCheckpoints``): their numbers across all files, and the file's data bytes.
/// Plans keep it (`plan.json`), so that a task reads its rows without scanning again.
public struct CSVFileExtent: Codable, Sendable, Equatable {
    /// The number of its first row across all files.
    public var firstRow: Int
    /// Its rows.
    public var rows: Int
    /// The offset of its first data byte (after byte-order mark and header).
    public var dataOffset: Int
    /// Its size when scanned: where its data ends.
    public var dataEnd: Int

    /// Creates a file's extent.
    public init(firstRow: Int, rows: Int, dataOffset: Int, dataEnd: Int) {
        (self.firstRow, self.rows, self.dataOffset, self.dataEnd) = (firstRow, rows, dataOffset, dataEnd)
    }
}
