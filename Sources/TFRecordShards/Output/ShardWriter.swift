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

    /// Describes a shard.
    package init(name: String, records: Int, bytes: Int, sha256: String?, uncompressedBytes: Int?, index: String?) {
        (self.name, self.records, self.bytes, self.sha256) = (name, records, bytes, sha256)
        (self.uncompressedBytes, self.index) = (uncompressedBytes, index)
    }
}

/// Splits a stream of framed records into shard files, atomically.
///
/// Invariants:
/// - Records arrive in output order and are written in that order; where shards end is
///   decided by the ``ShardPlan`` from record counts and sizes only, so the split does not
///   depend on threads or timing.
/// - A shard is written under a hidden ``TemporaryFileName`` (`.tfrec-tmp-<pid>.<start>-<k>`,
///   its `.idx` beside it with `.idx` appended; see ``ShardFile``), removed by the next run
///   or `tfrec clean` if this one is killed; when it is complete both are `fsync`ed, closed
///   and renamed to part names (`.tfrec-part-<k>`, `.tfrec-part-<k>.idx`), and only then
///   reported to ``onShardCompleted`` (the resume journal). No shard gets
///   its final name until ``commit(replacing:)``, which runs after the whole input was
///   converted; a failed, interrupted or killed run leaves no file under a final name.
/// - A writer resuming an interrupted run starts with its kept parts and drops the first
///   records it is given (those the parts hold), so its output equals an uninterrupted
///   run's.
public final class ShardWriter {
    /// A complete shard under its part name, before commit.
    public struct Part: Sendable, Equatable, Codable {
        /// The part's file name in the output directory.
        public var file: String
        /// Records in the shard.
        public var records: Int
        /// File size in bytes.
        public var bytes: Int
        /// SHA-256 of the file, lowercase hex (`nil` when digests are off).
        public var sha256: String?
        /// Size of the record stream, for compressed shards.
        public var uncompressedBytes: Int?
        /// The part name of the shard's `.idx` file, if one is written.
        public var index: String?

        /// The part's files.
        var files: [String] { [file] + (index.map { [$0] } ?? []) }

        /// The part name of shard `shard`: `.tfrec-part-<shard>`.
        static func fileName(shard: Int) -> String { "\(OutputDirectory.partPrefix)\(shard)" }

        /// The index of the shard this part holds, read from its name.
        var shard: Int? { Int(file.dropFirst(OutputDirectory.partPrefix.count)) }
    }

    private let directory: OutputDirectory
    private let template: ShardNameTemplate
    /// Where shards end; set before the first record (``ShardedOutput/setRecordCount(_:)``).
    var plan: ShardPlan?
    private let computeDigests: Bool
    private let format: ShardFileFormat

    private(set) var parts: [Part]
    /// The shard being written; `bytes` counts framed records before compression.
    private var current: (file: ShardFile, records: Int, bytes: Int)?
    private var recordsToSkip: Int
    private var committed = false

    /// Called with all parts so far each time a shard is complete under its part name.
    var onShardCompleted: (([Part]) throws(TFRecordError) -> Void)?

    /// Creates a writer; no file is created before the first record.
    ///
    /// - Parameters:
    ///   - format: plain or compressed shards, with or without `.idx` files.
    ///   - kept: parts of an interrupted run to continue after; the first records given
    ///     to ``append(records:ends:)``, as many as `kept` holds, are dropped.
    init(directory: OutputDirectory, template: ShardNameTemplate, plan: ShardPlan?, computeDigests: Bool,
         format: ShardFileFormat = .plain, kept: [Part] = []) {
        self.directory = directory
        self.template = template
        self.plan = plan
        self.computeDigests = computeDigests
        self.format = format
        self.parts = kept
        self.recordsToSkip = kept.reduce(0) { $0 + $1.records }
        self.recordCount = recordsToSkip
        self.byteCount = kept.reduce(0) { $0 + $1.bytes }
    }

    deinit { if !committed { abort(keepingParts: true) } }

    /// Records written so far (those of kept parts included).
    public private(set) var recordCount = 0
    /// Bytes written so far (those of kept parts included).
    public private(set) var byteCount = 0

    /// Appends framed records.
    ///
    /// - Parameters:
    ///   - records: consecutive framed records.
    ///   - ends: the end offset of each record in `records`, ascending; the last is
    ///     `records.count`.
    /// - Throws: ``TFRecordError`` `.io` (disk full, I/O error).
    public func append(records: UnsafeRawBufferPointer, ends: ArraySlice<Int>) throws(TFRecordError) {
        guard let plan else { preconditionFailure("the shard plan needs the record count before the first record") }
        var next = ends.startIndex
        var start = 0
        if recordsToSkip > 0 {
            let skip = min(recordsToSkip, ends.count)
            recordsToSkip -= skip
            next += skip
            if skip > 0 { start = ends[next - 1] }
        }
        while next < ends.endIndex {
            if let shard = current,
               plan.isFull(shard: parts.count, records: shard.records, bytes: shard.bytes,
                           nextSize: ends[next] - start) {
                try closeShard()
            }
            if current == nil { try openShard() }
            // Take every record up to the shard's end in one write.
            var take: Int
            if let room = plan.room(shard: parts.count, records: current!.records) {
                take = min(room, ends.endIndex - next)
            } else {
                take = 1
                var bytes = current!.bytes + ends[next] - start
                while next + take < ends.endIndex {
                    let size = ends[next + take] - ends[next + take - 1]
                    if plan.isFull(shard: parts.count, records: current!.records + take, bytes: bytes, nextSize: size) { break }
                    bytes += size
                    take += 1
                }
            }
            let end = ends[next + take - 1]
            let bytes = UnsafeRawBufferPointer(rebasing: records[start..<end])
            try current!.file.append(records: bytes, ends: ends[next..<(next + take)], start: start)
            current!.records += take
            current!.bytes += bytes.count
            recordCount += take
            byteCount += bytes.count
            start = end
            next += take
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
        let shards = try Self.commit(parts, in: directory, template: template, replacing: old)
        committed = true
        parts = []
        return shards
    }

    /// Renames `parts` (shard 0, 1, … in order) to their final names, removes the `old`
    /// files that the new shards do not replace, and syncs the directory.
    ///
    /// - Returns: the shards, in order.
    static func commit(_ parts: [Part], in directory: OutputDirectory, template: ShardNameTemplate,
                       replacing old: [String]) throws(TFRecordError) -> [ShardInfo] {
        let count = parts.count
        var shards: [ShardInfo] = []
        for (index, part) in parts.enumerated() {
            let name = template.name(shard: index, count: part.records, shards: count)
            try directory.rename(part.file, to: name)
            var index: String?
            if let partIndex = part.index {
                index = RecordIndexLines.fileName(forRecordFile: name)
                try directory.rename(partIndex, to: index!)
            }
            shards.append(ShardInfo(name: name, records: part.records, bytes: part.bytes, sha256: part.sha256,
                                    uncompressedBytes: part.uncompressedBytes, index: index))
        }
        let produced = Set(shards.map(\.name) + shards.compactMap(\.index))
        for name in old where !produced.contains(name) {
            guard unlink(directory.file(name)) == 0 else { throw .system("remove old shard", path: directory.file(name)) }
        }
        try directory.sync()
        return shards
    }

    /// Removes the shard being written and, unless `keepingParts`, every complete part.
    public func abort(keepingParts: Bool = false) {
        current?.file.discard()
        current = nil
        if !keepingParts {
            for part in parts { for file in part.files { unlink(directory.file(file)) } }
            parts = []
        }
    }

    private func openShard() throws(TFRecordError) {
        current = (try Self.openFile(shard: parts.count, in: directory, format: format, computeDigest: computeDigests), 0, 0)
    }

    private func closeShard() throws(TFRecordError) {
        guard let shard = current else { return }
        // On failure `current` stays, for abort() to remove.
        let part = try Self.close(shard.file, shard: parts.count, records: shard.records, in: directory)
        current = nil
        parts.append(part)
        try onShardCompleted?(parts)
    }

    /// Creates the temporary file of shard `shard` (and its `.idx` when `format` asks).
    static func openFile(shard: Int, in directory: OutputDirectory, format: ShardFileFormat, computeDigest: Bool)
        throws(TFRecordError) -> ShardFile
    {
        let path = directory.file(TemporaryFileName(suffix: String(shard)).name)
        return try ShardFile(path: path, indexPath: RecordIndexLines.fileName(forRecordFile: path), format: format,
                             computeDigest: computeDigest)
    }

    /// Finishes, syncs and closes `file`, the complete shard `shard` of `records` records,
    /// and renames it (and its `.idx`) to its part name.
    static func close(_ file: ShardFile, shard: Int, records: Int, in directory: OutputDirectory)
        throws(TFRecordError) -> Part
    {
        let closed = try file.close()
        let name = Part.fileName(shard: shard)
        var index: String?
        if let indexPath = file.indexPath {
            index = RecordIndexLines.fileName(forRecordFile: name)
            try directory.rename(path: indexPath, to: index!)
        }
        try directory.rename(path: file.path, to: name)
        return Part(file: name, records: records, bytes: closed.bytes, sha256: closed.sha256,
                    uncompressedBytes: file.isCompressed ? closed.uncompressedBytes : nil, index: index)
    }
}

extension OutputDirectory {
    /// Renames `name` to `newName` within the directory.
    func rename(_ name: String, to newName: String) throws(TFRecordError) {
        try rename(path: file(name), to: newName)
    }

    /// Renames the file at `path` to `newName` in the directory.
    func rename(path: String, to newName: String) throws(TFRecordError) {
        guard Glibc.rename(path, file(newName)) == 0 else { throw .system("rename \(path) to", path: file(newName)) }
    }

    /// Flushes the directory entries (renames) to storage.
    package func sync() throws(TFRecordError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open directory", path: path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .system("sync directory", path: path) }
    }
}
