#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// One finished shard.
public struct ShardInfo: Sendable, Equatable, Codable {
    /// File name in the output directory.
    public var name: String
    /// Records in the shard.
    public var records: Int
    /// File size in bytes.
    public var bytes: Int
    /// SHA-256 of the file, lowercase hex (`nil` when digests are off).
    public var sha256: String?
    /// Size of the record stream in bytes, for compressed shards (`nil` for plain ones).
    public var uncompressedBytes: Int?
    /// The name of the shard's `.idx` file, if one was written.
    public var index: String?
}

/// Splits a stream of framed records into shard files, atomically.
///
/// Invariants:
/// - Records arrive in output order and are written in that order; shard `k` holds records
///   `k * recordsPerShard ..< (k + 1) * recordsPerShard`.
/// - Every shard is written under a hidden temporary name (`.tfrec-tmp-<pid>-<k>`, its
///   `.idx` as `.tfrec-tmp-<pid>-<k>.idx`), `fsync`ed and closed (see ``ShardFile``).
///   Nothing gets its final name until ``commit(replacing:)``, which renames all shards
///   (and their `.idx` files) after the whole input was converted; a failed, interrupted or killed
///   run leaves no file under a final name. Temporaries of a failed run are removed by
///   ``abort()`` (also called by `deinit`), those of a killed run by the next run.
public final class ShardWriter {
    private let directory: OutputDirectory
    private let template: ShardNameTemplate
    private let recordsPerShard: Int
    private let computeDigests: Bool
    private let format: ShardFileFormat

    private struct Pending {
        var temporaryPath: String
        var indexTemporaryPath: String?
        var records: Int
        var closed: ShardFile.Closed
    }

    private var finished: [Pending] = []
    private var current: (file: ShardFile, records: Int)?
    private var committed = false

    /// Creates a writer; no file is created before the first record.
    ///
    /// - Parameter format: plain or compressed shards, with or without `.idx` files.
    public init(directory: OutputDirectory, template: ShardNameTemplate, recordsPerShard: Int, computeDigests: Bool,
                format: ShardFileFormat = .plain) {
        precondition(recordsPerShard > 0)
        self.directory = directory
        self.template = template
        self.recordsPerShard = recordsPerShard
        self.computeDigests = computeDigests
        self.format = format
    }

    deinit { if !committed { abort() } }

    /// Records written so far.
    public private(set) var recordCount = 0
    /// Bytes written so far.
    public private(set) var byteCount = 0

    /// Appends framed records.
    ///
    /// - Parameters:
    ///   - records: consecutive framed records.
    ///   - ends: the end offset of each record in `records`, ascending; the last is
    ///     `records.count`.
    /// - Throws: ``TFRecordError`` `.io` (disk full, I/O error).
    public func append(records: UnsafeRawBufferPointer, ends: ArraySlice<Int>) throws(TFRecordError) {
        var start = 0
        var next = ends.startIndex
        while next < ends.endIndex {
            if current == nil { try openShard() }
            let room = recordsPerShard - current!.records
            let take = min(room, ends.endIndex - next)
            let end = ends[next + take - 1]
            let bytes = UnsafeRawBufferPointer(rebasing: records[start..<end])
            try current!.file.append(records: bytes, ends: ends[next..<(next + take)], start: start)
            current!.records += take
            recordCount += take
            byteCount += bytes.count
            start = end
            next += take
            if current!.records == recordsPerShard { try closeShard() }
        }
    }

    /// Closes the last shard. Call once, after the last record.
    public func finish() throws(TFRecordError) {
        if current != nil { try closeShard() }
    }

    /// Gives every shard its final name, removes `replacing` files that this run did not
    /// produce (the shards of an earlier run, with `--overwrite`), and syncs the directory.
    ///
    /// - Returns: the shards, in order.
    public func commit(replacing old: [String] = []) throws(TFRecordError) -> [ShardInfo] {
        precondition(current == nil, "finish() before commit()")
        let count = finished.count
        var shards: [ShardInfo] = []
        for (index, pending) in finished.enumerated() {
            let name = template.name(shard: index, count: pending.records, shards: count)
            guard rename(pending.temporaryPath, directory.file(name)) == 0 else {
                throw .system("rename \(pending.temporaryPath) to", path: directory.file(name))
            }
            var index: String?
            if let temporary = pending.indexTemporaryPath {
                index = RecordIndexLines.fileName(forRecordFile: name)
                guard rename(temporary, directory.file(index!)) == 0 else {
                    throw .system("rename \(temporary) to", path: directory.file(index!))
                }
            }
            let closed = pending.closed
            shards.append(ShardInfo(
                name: name, records: pending.records, bytes: closed.bytes, sha256: closed.sha256,
                uncompressedBytes: format.compression == .none ? nil : closed.uncompressedBytes, index: index))
        }
        committed = true
        let produced = Set(shards.map(\.name) + shards.compactMap(\.index))
        for name in old where !produced.contains(name) {
            guard unlink(directory.file(name)) == 0 else { throw .system("remove old shard", path: directory.file(name)) }
        }
        try directory.sync()
        return shards
    }

    /// Removes every temporary file of this writer.
    public func abort() {
        current?.file.discard()
        current = nil
        for pending in finished {
            unlink(pending.temporaryPath)
            if let index = pending.indexTemporaryPath { unlink(index) }
        }
        finished = []
    }

    private func openShard() throws(TFRecordError) {
        let path = directory.file("\(OutputDirectory.temporaryPrefix)\(getpid())-\(finished.count)")
        let file = try ShardFile(path: path, indexPath: RecordIndexLines.fileName(forRecordFile: path), format: format,
                                 computeDigest: computeDigests)
        current = (file, 0)
    }

    private func closeShard() throws(TFRecordError) {
        guard let shard = current else { return }
        let closed = try shard.file.close()  // on failure `current` stays, for abort() to remove
        finished.append(Pending(temporaryPath: shard.file.path, indexTemporaryPath: shard.file.indexPath,
                                records: shard.records, closed: closed))
        current = nil
    }
}

extension OutputDirectory {
    /// Flushes the directory entries (renames) to storage.
    func sync() throws(TFRecordError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open directory", path: path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .system("sync directory", path: path) }
    }
}
