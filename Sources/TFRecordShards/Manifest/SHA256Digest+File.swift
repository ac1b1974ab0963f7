import TFRecord

extension SHA256Digest {
    /// The SHA-256 of the contents of the file at `path`, as 64 lowercase hex digits, read in
    /// blocks of 1 MiB (memory stays bounded whatever the file's size).
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.io` (missing, unreadable, a directory).
    /// - Complexity: O(size of the file).
    public static func hex(ofFile path: String) throws(TFRecordError) -> String {
        let file = try InputFile(path: path)
        let digest = SHA256Digest()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try rethrowingTFRecordError { try block.withUnsafeMutableBytes { (raw) in try file.read(into: raw) } }
            if n == 0 { break }
            block.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
        return digest.finalizeHex()
    }
}
