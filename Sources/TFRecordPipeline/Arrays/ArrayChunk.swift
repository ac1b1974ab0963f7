/// A run of records' rows read from array files: the unit of work of an array conversion.
struct ArrayChunk: PipelineChunk {
    /// Position of the chunk in the output, from 0.
    var index: Int
    /// The output index of the first record.
    var firstRecord: Int
    /// Records in the chunk.
    var rows: Int
    /// The rows, back to back, in C order and the files' element type and byte order.
    var bytes: [UInt8]
    /// One label per row from label files; empty when labels are in the rows or absent.
    var labels: [Int64]
}
