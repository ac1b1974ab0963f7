import TFRecordSources

/// Where the rows of CSV inputs are, as a plan records them: each file's extent and the
/// start of each shard's first row. What lets a task read its shards' rows without
/// scanning the input before them.
struct PlannedCSVRows: Sendable, Equatable {
    /// Every input file's rows and data bytes, in order.
    var files: [CSVFileExtent]
    /// The start of each shard's first row, by shard index.
    var starts: [CSVRowCheckpoints.Position]

    /// The number of rows in all files.
    var rowCount: Int { files.last.map { $0.firstRow + $0.rows } ?? 0 }
}
