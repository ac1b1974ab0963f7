import TFRecord
import TFRecordShards

/// The result of checking one record file.
public struct ShardCheck: Sendable {
    /// The file.
    public var path: String
    /// Records whose CRCs verified (damaged records and regions not counted).
    public var records: Int
    /// Bytes of the file checked: all of them unless the check stopped at the problem limit.
    public var bytes: Int
    /// Every problem found, in file order, each with its location.
    public var problems: [TFRecordError]
    /// Bytes in damaged regions (records whose CRCs fail, and what lies between them and
    /// the next record that verifies).
    public var damagedBytes: Int

    /// Creates the result for a file not yet read.
    public init(path: String) {
        self.path = path
        self.records = 0
        self.bytes = 0
        self.problems = []
        self.damagedBytes = 0
    }

    /// The first problem, if any.
    public var problem: TFRecordError? { problems.first }
}

/// Checks record files end to end: both CRCs of every record, that every record parses
/// as a `tf.train.Example`, that shard names agree with their record counts, and — when a
/// `manifest.json` is beside them — that counts, sizes and SHA-256 digests match it.
///
/// A damaged record does not end the check: the file is read through ``RecordScanner``,
/// which reports each damaged region and carries on at the next record that verifies.
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
    /// - Parameters:
    ///   - manifestEntry: what `manifest.json` says about the file, to compare with.
    ///   - maxProblems: stop after this many problems (the result is then not complete).
    ///   - meter: where the records and bytes checked go as the check goes, for progress.
    /// - Complexity: O(file size): one pass over an uncompressed file, its SHA-256 (when a
    ///   manifest entry gives one) computed from the same reads; a compressed file is read
    ///   a second time for its digest.
    public func check(path: String, manifestEntry: ShardInfo? = nil, maxProblems: Int = .max,
                      meter: ProgressMeter? = nil) -> ShardCheck {
        var check = ShardCheck(path: path)
        var full: Bool { check.problems.count >= maxProblems }
        var reported = (records: 0, bytes: 0)
        func report() {
            meter?.add(records: check.records - reported.records, bytes: check.bytes - reported.bytes)
            reported = (check.records, check.bytes)
        }
        defer { report() }
        do throws(TFRecordError) {
            let reader = try RecordReader(path: path, compression: compression)
            var digest: SHA256Digest?
            if reader.compression == .none {
                // The digest sees each byte as the scanner reads it, while it is still in cache.
                digest = manifestEntry?.sha256 == nil ? nil : SHA256Digest()
                let scanner = try RecordScanner(path: path, observingBytes: digest.map { digest in { digest.update($0) } })
                while !full, let event = try scanner.next() {
                    switch event {
                    case .record(let record):
                        check.records += 1
                        if let problem = scanner.withPayload({ Self.exampleProblem($0, path: path, record: record) }) {
                            check.problems.append(problem)
                        }
                    case .damage(let damage):
                        check.damagedBytes += damage.length
                        check.problems.append(damage.error(path: path))
                    }
                    check.bytes = scanner.position
                    if check.records - reported.records >= 1024 { report() }
                }
                guard !full else { return check }
            } else {
                // A compressed stream cannot be resynchronized after damage: the first
                // problem ends the file's check.
                while try reader.nextRecord({ (payload) throws(TFRecordError) -> Void in
                    let record = RecordScanner.Record(index: reader.recordIndex, offset: reader.offset, payloadLength: payload.count)
                    if let problem = Self.exampleProblem(payload, path: path, record: record) { throw problem }
                }) != nil {}
                check.records = reader.recordIndex
                // The file's size on disk, as the manifest records it.
                check.bytes = reader.fileBytesRead
            }
            let name = String(path.split(separator: "/").last ?? Substring(path))
            if let count = template.match(name)?.count, count != check.records {
                let message = "name says \(counted(count, "record")), the file holds \(check.records)"
                check.problems.append(TFRecordError(.badInput, message, at: SourceLocation(path: path)))
            }
            if let entry = manifestEntry, !full {
                // The scanner has observed the whole file once next() returned nil.
                check.problems += try compare(check, with: entry, sha256: digest?.finalizeHex())
            }
        } catch {
            check.problems.append(error)
        }
        check.problems = Array(check.problems.prefix(maxProblems))
        return check
    }

    /// Why a record's data is not a `tf.train.Example`, or `nil` if it is one.
    ///
    /// The structural check vouches for the records of every ordinary writer without
    /// building messages; whatever it cannot vouch for is decoded by swift-protobuf, which
    /// decides, and whose error the problem reports.
    private static func exampleProblem(_ payload: UnsafeRawBufferPointer, path: String, record: RecordScanner.Record)
        -> TFRecordError?
    {
        if ExampleWireCheck.isPlainExample(payload) { return nil }
        do {
            _ = try Tensorflow_Example(serializedBytes: Array(payload))
            return nil
        } catch {
            return TFRecordError(.badInput, "record is not a tf.train.Example: \(error)",
                                 at: SourceLocation(path: path, recordIndex: record.index, byteOffset: record.offset))
        }
    }

    /// The differences between a checked file and its manifest entry.
    ///
    /// - Parameter sha256: the file's digest if already computed; else it is read here.
    private func compare(_ check: ShardCheck, with entry: ShardInfo, sha256: String?) throws(TFRecordError)
        -> [TFRecordError]
    {
        let at = SourceLocation(path: check.path)
        var problems: [TFRecordError] = []
        if entry.records != check.records {
            let message = "manifest says \(counted(entry.records, "record")), the file holds \(check.records)"
            problems.append(TFRecordError(.badInput, message, at: at))
        }
        if entry.bytes != check.bytes {
            let message = "manifest says \(entry.bytes) bytes, the file has \(check.bytes)"
            problems.append(TFRecordError(.badInput, message, at: at))
        }
        if let expected = entry.sha256 {
            let actual: String
            if let sha256 { actual = sha256 } else { actual = try Self.sha256(ofFile: check.path) }
            if actual != expected {
                let message = "SHA-256 \(actual) differs from the manifest's \(expected)"
                problems.append(TFRecordError(.badInput, message, at: at))
            }
        }
        return problems
    }

    /// SHA-256 of a file's contents, as hex (``TFRecordShards/SHA256Digest/hex(ofFile:)``).
    public static func sha256(ofFile path: String) throws(TFRecordError) -> String {
        try SHA256Digest.hex(ofFile: path)
    }
}
