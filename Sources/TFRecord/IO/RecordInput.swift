/// Where a ``RecordReader`` gets its bytes: a file, or bytes already in memory.
///
/// The reader does all of the framing, buffering and CRC checking; an input only hands out
/// bytes in order, so that every source goes through the same framing code.
protocol RecordInput: AnyObject {
    /// The name used in error locations: the file's path, or a name given to memory.
    var path: String { get }
    /// The total size in bytes if known up front (a regular file, memory), else 0 (a pipe).
    var size: Int { get }
    /// Copies up to `buffer.count` of the next bytes into `buffer`; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int
}

extension InputFile: RecordInput {}
