import TFRecord

/// A gzip-compressed array file read front to back, inflated as it is read
/// (``TFRecord/InflatingByteSource`` over the file).
///
/// Concatenated gzip members are read as one stream, as `gunzip` does. Corrupt data, a
/// wrong checksum, a stream cut short and bytes after its end are reported as errors.
final class GzipFile: ArrayByteStream {
    /// The path as given.
    let path: String
    /// The compressed file's state when it was opened.
    let snapshot: FileSnapshot
    private let file: InputFile
    private let inflated: InflatingByteSource
    /// Uncompressed bytes read so far.
    private(set) var position = 0

    /// Opens `path`, which must be gzip data.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a missing or unreadable file, `.io`
    ///   when zlib cannot start.
    init(path: String) throws(TFRecordError) {
        do {
            file = try InputFile(path: path)
            snapshot = try file.snapshot()
        } catch {
            // The user's input is wrong, as for any array file that cannot be opened.
            throw TFRecordError(.badInput, error.message, at: error.location)
        }
        self.path = path
        inflated = try InflatingByteSource(compressed: file, path: path, format: .gzip, wording: Self.message)
    }

    /// Reads the next uncompressed bytes into `buffer`.
    ///
    /// - Returns: the byte count; 0 only at the end of the stream.
    /// - Throws: ``TFRecordError`` `.badInput` for corrupt or truncated gzip data, `.io`
    ///   for a failed read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        let n = try inflated.read(into: buffer)
        position += n
        return n
    }

    /// Throws unless the compressed file is as it was when opened.
    func checkUnchanged() throws(TFRecordError) {
        if let change = snapshot.changes(to: try file.snapshot()) { throw .inputChanged(change, path: path) }
    }

    /// The wording of array readers, e.g. `corrupt gzip data: invalid block type`.
    private static func message(_ failure: InflateFailure, format: RecordCompression,
                                at position: InflateFailure.Position) -> String
    {
        switch failure {
        case .truncated:
            "truncated gzip data: the stream ends after \(position.uncompressedBytes) uncompressed bytes "
                + "(unexpected end of file)"
        case .corrupt(let reason): "corrupt gzip data: \(reason)"
        case .needsDictionary: "corrupt gzip data: it asks for a preset dictionary"
        case .trailingBytes:
            "corrupt gzip data: unexpected bytes after the end of the gzip stream, at compressed byte "
                + "\(position.compressedBytes)"
        }
    }
}
