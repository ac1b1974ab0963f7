/// Bytes read front to back, once: a file, standard input, a gzip or zlib stream inflated as
/// it is read (``InflatingByteSource``), a member of a zip archive.
///
/// A conforming type gives one read that may come up short (``read(into:)``); the loop that
/// fills a buffer (``readFully(into:)``) and the read into a new array (``read(count:)``) are
/// written once, here.
public protocol ByteStream: AnyObject {
    /// Reads the next bytes into `buffer`, up to `buffer.count`; fewer than asked for is not
    /// the end.
    ///
    /// - Returns: the byte count; 0 only at the end of the stream (or for an empty `buffer`).
    /// - Throws: ``TFRecordError`` `.io` for a failed read, `.badInput` for corrupt or
    ///   truncated compressed data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int
}

extension ByteStream {
    /// Fills `buffer` as far as the stream allows.
    ///
    /// - Returns: the byte count; fewer than `buffer.count` only at the end of the stream.
    /// - Throws: what ``read(into:)`` throws; bytes read before the error are dropped.
    public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// The next `count` bytes, fewer only at the end of the stream.
    ///
    /// - Throws: what ``read(into:)`` throws.
    public func read(count: Int) throws(TFRecordError) -> [UInt8] {
        try [UInt8](filling: count) { (buffer) throws(TFRecordError) in try readFully(into: buffer) }
    }
}
