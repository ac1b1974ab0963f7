import TFRecord

/// Array bytes that can only be read front to back: a gzip file (``GzipFile``) or a member
/// of a zip archive (``ZipMemberReader``, a NumPy `.npz`). ``ArrayFile`` reads rows from
/// either the same way, in order, and stages them in a temporary file when rows are needed
/// in another order.
protocol ArrayByteStream: AnyObject {
    /// Uncompressed bytes read so far.
    var position: Int { get }

    /// Fills `buffer` with the next bytes, as far as the stream allows; fewer than
    /// `buffer.count` only at its end.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` for corrupt compressed data, `.io`.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int

    /// Up to `count` bytes (fewer at the end of the stream).
    func read(count: Int) throws(TFRecordError) -> [UInt8]

    /// Throws unless the file behind the stream is as it was when opened.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput`.
    func checkUnchanged() throws(TFRecordError)
}

extension GzipFile: ArrayByteStream {}

extension ZipMemberReader: ArrayByteStream {
    /// Throws unless the archive is as it was when opened.
    package func checkUnchanged() throws(TFRecordError) {
        try archive.checkUnchanged()
    }
}
