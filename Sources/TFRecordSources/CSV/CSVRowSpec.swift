/// The shape of the rows of a numeric CSV: how many fields, and which one is the label.
public struct CSVRowSpec: Sendable, Equatable {
    /// Fields in every row.
    public var columnCount: Int
    /// 0-based index of the label field, or `nil` when rows have no label.
    public var labelColumn: Int?

    /// Creates a spec.
    ///
    /// - Precondition: `columnCount >= 1` and `labelColumn < columnCount`.
    public init(columnCount: Int, labelColumn: Int?) {
        precondition(columnCount >= 1)
        precondition(labelColumn.map { $0 >= 0 && $0 < columnCount } ?? true)
        self.columnCount = columnCount
        self.labelColumn = labelColumn
    }

    /// The number of pixel (non-label) fields per row.
    public var pixelCount: Int { columnCount - (labelColumn == nil ? 0 : 1) }
}
