import Foundation
import TFRecord

/// The output side of every conversion: prepares the directory, writes shards through a
/// ``ShardWriter`` and, once the whole input converted, commits them with their side files
/// (`rejected.txt`, `labels.txt`, `manifest.json`, and TFDS's `dataset_info.json` and
/// `features.json` with ``ShardOutputOptions/tfds``).
///
/// Invariants (on top of ``ShardWriter``'s):
/// - One run at a time writes into a directory (``DirectoryLock``).
/// - A directory holding an earlier run's shards or manifest is refused unless
///   ``ShardOutputOptions/overwrite``; with it, the earlier files this run does not
///   reproduce (shards, their `.idx` files, side files) are removed at commit, never before.
/// - Side files are written atomically before the shards are renamed; an earlier manifest
///   is removed before the first rename and the new one written last, so a manifest never
///   describes shards that are not all in place; so is TFDS's `dataset_info.json`.
/// - Complete shards are listed in a ``ResumeJournal`` as they finish. A run that ends
///   without committing keeps them only if it was interrupted (for `--resume`); any other
///   failure removes them. A run without `--resume` removes what an earlier one left.
///
/// Shards arrive in one of two ways, one per run: as one ordered stream of records that a
/// ``ShardWriter`` cuts into shards (``append(records:ends:)``, a sequential conversion), or
/// as whole shards written by any thread in any order (``openShard(_:)`` and
/// ``closeShard(_:file:records:)``, a positional conversion of ``ShardJob``s). Either way a
/// shard becomes a part (`.tfrec-part-<k>`) when complete, and every part gets its final
/// name at ``commit(sideFiles:manifest:)``.
public final class ShardedOutput: @unchecked Sendable {
    /// The options.
    public let options: ShardOutputOptions
    /// The prepared directory.
    public let directory: OutputDirectory
    /// Shards kept from an interrupted run (`--resume`); 0 otherwise.
    public private(set) var resumedShards: Int
    private let lock: DirectoryLock
    private let writer: ShardWriter
    private let format: ShardFileFormat
    private let journalFingerprint: String
    /// Complete parts of a positional conversion by shard index, kept ones included;
    /// guarded by `partsLock`. `nil` until ``beginPositional()``.
    private var positionalParts: [Int: ShardWriter.Part]?
    private let partsLock = NSLock()
    /// Intact parts of an interrupted run, by shard index (any subset, with `--resume`).
    private let keptParts: [Int: ShardWriter.Part]
    private let cancellation: CancellationFlag
    private var committed = false
    /// Files of an earlier run that this run replaces (with `overwrite`).
    private var replaced: [String]

    /// Prepares `options.directory`: creates and locks it, removes temporaries of dead
    /// runs, checks it for earlier output and, with `resume`, picks up an interrupted run.
    ///
    /// - Parameters:
    ///   - sideFiles: names of side files this kind of conversion may write; an earlier
    ///     run's copy is replaced (or removed) like its shards.
    ///   - totalRecords: the number of records the conversion will append, if known;
    ///     required by ``ShardingPolicy/shardCount(_:)``.
    ///   - inputs: the input files, whose identity (size, time, inode) must not change
    ///     between an interrupted run and its resumption.
    ///   - fingerprint: every setting of the conversion that shapes the output, as text.
    ///   - cancellation: the run's flag; if it is set when the output is dropped without a
    ///     commit, complete shards are kept for `--resume`.
    /// - Throws: ``TFRecordError`` `.usage` (earlier output without `overwrite`, another run
    ///   writing into the directory, a resumption with other input or options, bad
    ///   options), `.badInput` (the path is a file), `.io`.
    public init(options: ShardOutputOptions, sideFiles: [String] = [], totalRecords: Int? = nil,
                inputs: [String] = [], fingerprint: String = "",
                cancellation: CancellationFlag = CancellationFlag()) throws(TFRecordError) {
        try options.validate()
        self.options = options
        self.cancellation = cancellation
        directory = try OutputDirectory(path: options.directory)
        lock = try DirectoryLock(directory)
        try directory.removeStaleTemporaries()
        let shards = try directory.shards(matching: options.nameTemplate)
        let names = Set(try directory.fileNames())
        // Index files of earlier shards go with them: a stale .idx beside a new shard of the
        // same name would send readers to wrong offsets.
        let earlierFiles = ([Manifest.fileName] + sideFiles + shards.map(RecordIndexLines.fileName(forRecordFile:)))
            .filter(names.contains) + names.filter(TFDSMetadata.isMetadataFile).sorted()
        if !options.overwrite && (!shards.isEmpty || names.contains(Manifest.fileName)) {
            let listed = (shards + earlierFiles).prefix(3).joined(separator: ", ")
            throw TFRecordError(
                .usage, "already holds the output of an earlier run (\(listed)\(shards.count + earlierFiles.count > 3 ? ", …" : "")); "
                    + "pass \(setting: .overwrite) to replace it", at: SourceLocation(path: options.directory))
        }
        replaced = shards + earlierFiles

        var described = options
        (described.overwrite, described.resume, described.commandLine) = (false, false, [])
        described.compressionThreads = nil  // the bytes do not depend on it
        let fingerprintOfRun = ResumeJournal.fingerprint(inputs: inputs, options: "\(described)\n\(fingerprint)")
        journalFingerprint = fingerprintOfRun
        var intact: [Int: ShardWriter.Part] = [:]
        if options.resume, let journal = ResumeJournal.read(from: directory) {
            guard journal.fingerprint == fingerprintOfRun else {
                throw TFRecordError(
                    .usage, "cannot resume: the interrupted run had other input or options; rerun without \(setting: .resume) to start over",
                    at: SourceLocation(path: options.directory))
            }
            intact = journal.intactParts(in: directory)
        }
        try directory.removeResumeState(keeping: Set(intact.values.flatMap(\.files)))
        keptParts = intact
        // An ordered stream continues after the kept shards 0, 1, 2, …; a positional run
        // (see ``beginPositional()``) keeps any of them.
        var kept: [ShardWriter.Part] = []
        while let part = intact[kept.count] { kept.append(part) }
        resumedShards = kept.count
        let format = try ShardFileFormat(options: options)
        self.format = format
        writer = ShardWriter(directory: directory, template: options.nameTemplate,
                             plan: totalRecords != nil || !options.sharding.needsRecordCount
                                ? ShardPlan(options.sharding, totalRecords: totalRecords) : nil,
                             computeDigests: options.writeManifest, format: format, kept: kept)
        let directory = directory
        writer.onShardCompleted = { (parts) throws(TFRecordError) in
            try ResumeJournal(fingerprint: fingerprintOfRun, parts: parts).write(to: directory)
        }
        if !intact.isEmpty {
            try ResumeJournal(fingerprint: fingerprintOfRun, parts: intact.keys.sorted().map { intact[$0]! })
                .write(to: directory)
        }
    }

    deinit {
        guard !committed else { return }
        let interrupted = cancellation.isCancelled
        writer.abort(keepingParts: interrupted)
        if !interrupted {
            for file in (positionalParts ?? [:]).values.flatMap(\.files) { unlink(directory.file(file)) }
            try? directory.removeResumeState()
        }
    }

    // MARK: Positional conversions

    /// Switches the output to whole shards written in any order, and returns the indexes
    /// of the shards kept from an interrupted run (with `resume`), which need no writing.
    /// Call once, before the first ``openShard(_:)`` and instead of ``append(records:ends:)``.
    package func beginPositional() -> Set<Int> {
        partsLock.withLock {
            precondition(positionalParts == nil, "beginPositional() once")
            positionalParts = keptParts
            resumedShards = keptParts.count
        }
        return Set(keptParts.keys)
    }

    /// Creates the temporary file of shard `index`. Thread-safe.
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    package func openShard(_ index: Int) throws(TFRecordError) -> ShardFile {
        try ShardWriter.openFile(shard: index, in: directory, format: format, computeDigest: options.writeManifest)
    }

    /// Finishes `file`, the complete shard `index` of `records` records: syncs it, renames it
    /// to its part name and lists it in the resume journal. Thread-safe.
    ///
    /// - Throws: ``TFRecordError`` `.io`; the file is then removed.
    package func closeShard(_ index: Int, file: ShardFile, records: Int) throws(TFRecordError) {
        let part: ShardWriter.Part
        do { part = try ShardWriter.close(file, shard: index, records: records, in: directory) } catch {
            file.discard()
            throw error
        }
        let failure: TFRecordError? = partsLock.withLock {
            positionalParts![index] = part
            let parts = positionalParts!.keys.sorted().map { positionalParts![$0]! }
            do throws(TFRecordError) {
                try ResumeJournal(fingerprint: journalFingerprint, parts: parts).write(to: directory)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    // MARK: Ordered conversions

    /// Gives the output the number of records to come, which ``ShardingPolicy/shardCount(_:)``
    /// needs before the first record; call it when `init` did not get it.
    ///
    /// - Throws: ``TFRecordError`` `.usage` when the count is `nil` but needed.
    package func setRecordCount(_ count: Int?) throws(TFRecordError) {
        guard writer.plan == nil else { return }
        guard let count else {
            throw TFRecordError(.usage, "\(setting: .shardCount) needs an input whose record count is known before converting")
        }
        writer.plan = ShardPlan(options.sharding, totalRecords: count)
    }

    /// What to tell the user about a resumption.
    public var resumeNotes: [String] {
        resumedShards == 0 ? [] : ["resumed: kept \(resumedShards) complete shard\(resumedShards == 1 ? "" : "s") of the interrupted run"]
    }

    /// What to tell the user about the output: a resumption, TFDS metadata left out.
    public var notes: [String] {
        resumeNotes + (options.tfds != nil && options.compression != .none
            ? ["no TFDS metadata (dataset_info.json): TFDS reads uncompressed shards only"] : [])
    }

    /// Shards complete so far (under part names until commit).
    public var completedShards: Int { partsLock.withLock { positionalParts?.count } ?? writer.parts.count }

    /// Records in complete shards and the shard being written (those of resumed shards
    /// included); in a positional conversion, records of complete shards.
    public var recordCount: Int {
        partsLock.withLock { positionalParts?.values.reduce(0) { $0 + $1.records } } ?? writer.recordCount
    }
    /// Shard bytes written so far, as ``recordCount`` counts records.
    /// For compressed shards, bytes before compression.
    public var byteCount: Int {
        partsLock.withLock { positionalParts?.values.reduce(0) { $0 + ($1.uncompressedBytes ?? $1.bytes) } }
            ?? writer.byteCount
    }

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
    ///   - label: the label feature's classes for TFDS metadata (with ``ShardOutputOptions/tfds``);
    ///     `nil` when the records have no label.
    ///   - manifest: the manifest's content given the committed shards (TFDS metadata is made
    ///     from it too); `nil` with `writeManifest` off.
    /// - Returns: the shards, in order.
    public func commit(sideFiles: [(name: String, contents: [UInt8])] = [], label: TFDSLabel? = nil,
                       manifest: (_ shards: [ShardInfo]) throws(TFRecordError) -> Manifest?)
        throws(TFRecordError) -> [ShardInfo]
    {
        let positional = partsLock.withLock { positionalParts }
        if positional == nil { try writer.finish() }
        for file in sideFiles {
            try directory.writeAtomically(name: file.name, contents: file.contents)
        }
        // The earlier manifest goes first: from here on it would describe a mix of shards.
        if replaced.contains(Manifest.fileName) { try directory.remove(Manifest.fileName) }
        if replaced.contains(TFDSMetadata.datasetInfoFileName) { try directory.remove(TFDSMetadata.datasetInfoFileName) }
        let written = Set(sideFiles.map(\.name))
        let old = replaced.filter {
            !written.contains($0) && $0 != Manifest.fileName && $0 != TFDSMetadata.datasetInfoFileName
        }
        let shards: [ShardInfo]
        if let positional {
            let parts = (0..<positional.count).map { positional[$0] }
            precondition(parts.allSatisfy { $0 != nil }, "commit() before every shard was written")
            shards = try ShardWriter.commit(parts.map { $0! }, in: directory, template: options.nameTemplate, replacing: old)
        } else {
            shards = try writer.commit(replacing: old)
        }
        committed = true
        try directory.removeResumeState()
        let tfds = options.compression == .none ? options.tfds : nil
        if options.writeManifest || tfds != nil, var manifest = try manifest(shards) {
            manifest.compression = options.compression
            if options.writeManifest { try manifest.write(to: directory) }
            if let tfds {
                try TFDSMetadata(manifest: manifest, dataset: tfds, version: TFDSDataset.version(ofDirectory: directory.path),
                                 label: try label.map { (label) throws(TFRecordError) in
                                     (label.key, try classes(of: label, shards: shards, positional: positional != nil))
                                 }).write(to: directory)
            }
        }
        lock.unlock()
        return shards
    }

    /// The classes of `label`: its names, or those of the labels observed, those of shards
    /// kept from an interrupted run included (no encoder saw them: they are read back).
    private func classes(of label: TFDSLabel, shards: [ShardInfo], positional: Bool) throws(TFRecordError)
        -> TFDSLabelClasses?
    {
        switch label {
        case .names(_, let names):
            return .names(names)
        case .observed(let labels):
            let kept = positional ? keptParts.keys.sorted() : Array(0..<resumedShards)
            for index in kept { try labels.observe(recordFile: directory.file(shards[index].name)) }
            return TFDSLabelClasses(observed: labels.range)
        }
    }

    /// The lines of a `rejected.txt`: one error per line.
    public static func rejectedList(_ errors: [TFRecordError]) -> [UInt8] {
        Array(errors.map { "\($0)\n" }.joined().utf8)
    }
}

extension TFRecordError {
    /// The error of an interrupted conversion that kept `keptShards` complete shards for
    /// `--resume`.
    package static func interrupted(keptShards: Int) -> TFRecordError {
        TFRecordError(.interrupted, keptShards == 0
            ? "interrupted; no shard was written"
            : "interrupted; no shard was written under its final name; rerun with \(setting: .resume) to keep the \(keptShards) complete "
                + "shard\(keptShards == 1 ? "" : "s") (tfrec clean removes them)")
    }
}

extension OutputDirectory {
    /// Removes the resume journal and every part not in `keeping`.
    func removeResumeState(keeping: Set<String> = []) throws(TFRecordError) {
        for name in try fileNames() where name.hasPrefix(Self.partPrefix) && !keeping.contains(name) {
            try remove(name)
        }
        if keeping.isEmpty { try remove(ResumeJournal.fileName) }
    }
}
