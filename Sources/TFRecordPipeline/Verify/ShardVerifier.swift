import TFRecord

/// The result of checking one record file.
public struct ShardCheck: Sendable {
    /// The file.
    public var path: String
    /// Records that verified before the first problem (all of them if none).
    public var records: Int
    /// Bytes of the file read.
    public var bytes: Int
    /// The first problem found, with its location.
    public var problem: TFRecordError?
}

/// Checks record files end to end: both CRCs of every record, that every record parses
/// as a `tf.train.Example`, that shard names agree with their record counts, and — when a
/// `manifest.json` is beside them — that counts, sizes and SHA-256 digests match it.
public struct ShardVerifier: Sendable {
    /// How shard names encode record counts.
    public var template: ShardNameTemplate
    /// The files' compression; `nil` detects it per file.
    public var compression: RecordCompression?

    /// Creates a verifier.
    public init(template: ShardNameTemplate = .reference) {
        self.template = template
    }

    /// Checks one file.
    ///
    /// - Complexity: O(file size): one pass, plus a second for SHA-256 when a manifest
    ///   entry is given.
    public func check(path: String, manifestEntry: ShardInfo? = nil) -> ShardCheck {
        var check = ShardCheck(path: path, records: 0, bytes: 0, problem: nil)
        do throws(TFRecordError) {
            let reader = try RecordReader(path: path, compression: compression)
            while try reader.nextRecord({ (payload) throws(TFRecordError) -> Void in
                do {
                    _ = try Tensorflow_Example(serializedBytes: Array(payload))
                } catch {
                    throw TFRecordError(.badInput, "record is not a tf.train.Example: \(error)",
                                        at: SourceLocation(path: path, recordIndex: reader.recordIndex, byteOffset: reader.offset))
                }
            }) != nil {
                check.records = reader.recordIndex
            }
            check.records = reader.recordIndex
            // The file's size on disk, as the manifest records it (compressed or not).
            check.bytes = reader.compression == .none ? reader.offset : reader.fileBytesRead
            let name = String(path.split(separator: "/").last ?? Substring(path))
            if let count = template.match(name)?.count, count != check.records {
                throw TFRecordError(.badInput, "name says \(count) records, the file holds \(check.records)",
                                    at: SourceLocation(path: path))
            }
            if let entry = manifestEntry { try compare(check, with: entry) }
        } catch {
            check.problem = error
        }
        return check
    }

    private func compare(_ check: ShardCheck, with entry: ShardInfo) throws(TFRecordError) {
        let at = SourceLocation(path: check.path)
        if entry.records != check.records {
            throw TFRecordError(.badInput, "manifest says \(entry.records) records, the file holds \(check.records)", at: at)
        }
        if entry.bytes != check.bytes {
            throw TFRecordError(.badInput, "manifest says \(entry.bytes) bytes, the file has \(check.bytes)", at: at)
        }
        if let expected = entry.sha256 {
            let actual = try Self.sha256(ofFile: check.path)
            if actual != expected {
                throw TFRecordError(.badInput, "SHA-256 \(actual) differs from the manifest's \(expected)", at: at)
            }
        }
    }

    /// SHA-256 of a file's contents, as hex.
    public static func sha256(ofFile path: String) throws(TFRecordError) -> String {
        let file = try InputFile(path: path)
        let digest = SHA256Digest()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try rethrowingTFRecordError { try buffer.withUnsafeMutableBytes { (raw) in try file.read(into: raw) } }
            if n == 0 { break }
            buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
        return digest.finalizeHex()
    }
}
