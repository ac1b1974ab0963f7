import Foundation
import TFRecord

/// The output side of every conversion: prepares the directory, writes shards through a
/// ``ShardWriter`` and, once the whole input converted, commits them with their side files
/// (`rejected.txt`, `labels.txt`, `manifest.json`).
///
/// Invariants (on top of ``ShardWriter``'s):
/// - A directory holding an earlier run's shards or manifest is refused unless
///   ``ShardOutputOptions/overwrite``; with it, the earlier files this run does not
///   reproduce (shards, their `.idx` files, side files) are removed at commit, never before.
/// - Side files are written atomically before the shards are renamed; an earlier manifest
///   is removed before the first rename and the new one written last, so a manifest never
///   describes shards that are not all in place.
public final class ShardedOutput {
    /// The options.
    public let options: ShardOutputOptions
    /// The prepared directory.
    public let directory: OutputDirectory
    private let writer: ShardWriter
    /// Files of an earlier run that this run replaces (with `overwrite`).
    private var replaced: [String]

    /// Prepares `options.directory`: creates it, removes temporaries of dead runs and
    /// checks it for earlier output.
    ///
    /// - Parameter sideFiles: names of side files this kind of conversion may write; an
    ///   earlier run's copy is replaced (or removed) like its shards.
    /// - Throws: ``TFRecordError`` `.usage` (earlier output without `overwrite`, bad
    ///   options), `.badInput` (the path is a file), `.io`.
    public init(options: ShardOutputOptions, sideFiles: [String] = []) throws(TFRecordError) {
        try options.validate()
        self.options = options
        directory = try OutputDirectory(path: options.directory)
        try directory.removeStaleTemporaries()
        let shards = try directory.shards(matching: options.nameTemplate)
        let names = Set(try directory.fileNames())
        // Index files of earlier shards go with them: a stale .idx beside a new shard of the
        // same name would send readers to wrong offsets.
        let earlierFiles = ([Manifest.fileName] + sideFiles + shards.map(RecordIndexLines.fileName(forRecordFile:)))
            .filter(names.contains)
        if !options.overwrite && (!shards.isEmpty || names.contains(Manifest.fileName)) {
            let listed = (shards + earlierFiles).prefix(3).joined(separator: ", ")
            throw TFRecordError(
                .usage, "already holds the output of an earlier run (\(listed)\(shards.count + earlierFiles.count > 3 ? ", …" : "")); "
                    + "pass --overwrite to replace it", at: SourceLocation(path: options.directory))
        }
        replaced = shards + earlierFiles
        var format = ShardFileFormat.plain
        if options.compression != .none {
            let threads = options.compressionThreads ?? ProcessInfo.processInfo.activeProcessorCount
            let workers = try DeflateWorkers(threads: threads, level: options.compressionLevel)
            format = ShardFileFormat(compression: options.compression, deflateWorkers: workers, writeIndex: false)
        }
        format.writeIndex = options.writeIndex
        writer = ShardWriter(directory: directory, template: options.nameTemplate,
                             recordsPerShard: options.recordsPerShard, computeDigests: options.writeManifest, format: format)
    }

    /// Records written so far.
    public var recordCount: Int { writer.recordCount }
    /// Shard bytes written so far.
    public var byteCount: Int { writer.byteCount }

    /// Appends framed records (see ``ShardWriter/append(records:ends:)``).
    public func append(records: UnsafeRawBufferPointer, ends: ArraySlice<Int>) throws(TFRecordError) {
        try writer.append(records: records, ends: ends)
    }

    /// Appends one framed record.
    public func append(record: [UInt8]) throws(TFRecordError) {
        try rethrowingTFRecordError { try record.withUnsafeBytes { raw in try append(records: raw, ends: [raw.count]) } }
    }

    /// Finishes the last shard, writes `sideFiles`, gives every shard its final name,
    /// removes what it replaces and writes the manifest.
    ///
    /// - Parameters:
    ///   - sideFiles: small files written beside the shards, by name.
    ///   - manifest: the manifest's content given the committed shards; `nil` with
    ///     `writeManifest` off.
    /// - Returns: the shards, in order.
    public func commit(sideFiles: [(name: String, contents: [UInt8])] = [],
                       manifest: (_ shards: [ShardInfo]) throws(TFRecordError) -> Manifest?)
        throws(TFRecordError) -> [ShardInfo]
    {
        try writer.finish()
        for file in sideFiles {
            try directory.writeAtomically(name: file.name, contents: file.contents)
        }
        // The earlier manifest goes first: from here on it would describe a mix of shards.
        if replaced.contains(Manifest.fileName) { try directory.remove(Manifest.fileName) }
        let written = Set(sideFiles.map(\.name))
        let shards = try writer.commit(replacing: replaced.filter { !written.contains($0) && $0 != Manifest.fileName })
        if options.writeManifest, var manifest = try manifest(shards) {
            manifest.compression = options.compression
            try manifest.write(to: directory)
        }
        return shards
    }

    /// The lines of a `rejected.txt`: one error per line.
    public static func rejectedList(_ errors: [TFRecordError]) -> [UInt8] {
        Array(errors.map { "\($0)\n" }.joined().utf8)
    }
}
