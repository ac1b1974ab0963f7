extension InputFile {
    /// The whole contents of the regular file at `path`, read straight into the array (one
    /// `read(2)` for most files, no intermediate buffer).
    ///
    /// - Throws: ``TFRecordError`` `.io` (missing, unreadable, a directory, a pipe); a file
    ///   that shrinks while read is returned as far as it goes.
    /// - Complexity: O(size).
    public static func readAll(path: String) throws(TFRecordError) -> [UInt8] {
        try InputFile(path: path).readAll()
    }

    /// The rest of this regular file from the current position, as ``readAll(path:)``.
    public func readAll() throws(TFRecordError) -> [UInt8] {
        guard isRegularFile else {
            throw TFRecordError(.io, "not a regular file", at: SourceLocation(path: path))
        }
        return try [UInt8](filling: size) { (buffer) throws(TFRecordError) in try readFully(into: buffer) }
    }
}
