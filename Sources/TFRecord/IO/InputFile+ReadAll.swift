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
        var failure: TFRecordError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            do throws(TFRecordError) {
                initialized = try readFully(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }
}
