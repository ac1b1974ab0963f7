/// A run of records' rows read from array files: the unit of work of an array conversion.
package struct ArrayChunk: Sendable {
    /// Position of the chunk in the output, from 0.
    package var index: Int
    /// The output index of the first record.
    package var firstRecord: Int
    /// Records in the chunk.
    package var rows: Int
    /// The rows, back to back, in C order and the files' element type and byte order.
    package var bytes: [UInt8]
    /// One label per row from label files; empty when labels are in the rows or absent.
    package var labels: [Int64]
}
