/// One row of a plan's shard table: a shard's final name, its records, and where its
/// records start in the inputs.
public struct PlannedShard: Codable, Sendable, Equatable {
    /// Where a shard's first row starts in CSV input.
    public struct RowStart: Codable, Sendable, Equatable {
        /// The index of the input file in ``ConversionPlan/inputs``.
        public var file: Int
        /// The byte offset of the row's first byte in that file.
        public var offset: Int
        /// The row's 1-based line number in the file.
        public var line: Int
    }

    /// The shard's index, from 0.
    public var index: Int
    /// Its final file name.
    public var name: String
    /// The index of its first record in the output.
    public var firstRecord: Int
    /// The number of records it holds.
    public var records: Int
    /// Where its first row starts, for CSV in input order; `nil` for inputs that find any
    /// record without it (arrays, image folders, a shuffled order).
    public var start: RowStart?

    /// The output records it holds.
    public var recordRange: Range<Int> { firstRecord..<(firstRecord + records) }
}
