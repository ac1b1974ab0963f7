import TFRecord

/// Array bytes that can only be read front to back: a gzip file (``GzipFile``) or a member
/// of a zip archive (``ZipMemberReader``, a NumPy `.npz`). ``ArrayFile`` reads rows from
/// either the same way, in order (``TFRecord/ByteStream/readFully(into:)``), and stages them
/// in a temporary file when rows are needed in another order.
protocol ArrayByteStream: ByteStream {
    /// Uncompressed bytes read so far.
    var position: Int { get }

    /// Throws unless the file behind the stream is as it was when opened.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput`.
    func checkUnchanged() throws(TFRecordError)
}

extension ZipMemberReader: ArrayByteStream {
    /// Throws unless the archive is as it was when opened.
    package func checkUnchanged() throws(TFRecordError) {
        try archive.checkUnchanged()
    }
}
