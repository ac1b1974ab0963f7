import Foundation
import TFRecord
import TFRecordShards

extension PreparedConversion {
    /// Plans the conversion into `output`: counts the records (for CSV one newline scan,
    /// which also finds where every shard's first row starts), cuts them into shards and
    /// names them, and writes `plan.json` into the output directory. No shard is written.
    ///
    /// - Parameters:
    ///   - command: what tasks need to rebuild the options (the CLI: the arguments of
    ///     `tfrec convert`); recorded as is, and in the manifest.
    ///   - workingDirectory: where `command`'s relative paths start.
    /// - Throws: ``TFRecordError`` `.usage` for what cannot be planned: shards cut by size,
    ///   input that can only be read in order (a pipe, a gzip stream), skipped bad rows; an
    ///   earlier plan or run's output in the directory without `overwrite`; `.badInput`, `.io`.
    func plan(output options: ShardOutputOptions, command: [String], workingDirectory: String,
              cancellation: CancellationFlag) throws(TFRecordError) -> ConversionPlan
    {
        guard ShardJobFeed.isCountBased(options.sharding) else {
            throw TFRecordError(.usage, "a plan needs shards cut by record count (records per shard or a shard count): "
                                + "where a size-bounded shard ends depends on every record before it")
        }
        let directory = try OutputDirectory(path: options.directory)
        try checkNoEarlierOutput(in: directory, options: options)
        let source = try makeSource(directory, nil)
        defer { source.stop() }
        guard source.isPositional else {
            throw TFRecordError(.usage, "a plan needs inputs that can be read at any record: regular files (not a pipe or a "
                                + "gzip stream; decompress first) and bad rows that fail the run (not skipped)")
        }
        let records = try source.countForPlan(cancellation: cancellation)
        let cut = ShardPlan(options.sharding, totalRecords: records)
        var jobs: [ShardJob] = []
        while let job = cut.job(jobs.count, recordCount: records) { jobs.append(job) }
        let starts = try source.plannedRows(startingAt: jobs.map(\.records.lowerBound))
        try source.finish()
        let identities = try inputs.map { (path) throws(TFRecordError) in try InputIdentity(path: absolute(path)) }
        let pathIndex = Dictionary(identities.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        let shards = jobs.map { job in
            PlannedShard(
                index: job.index,
                name: options.nameTemplate.name(shard: job.index, count: job.records.count, shards: jobs.count),
                firstRecord: job.records.lowerBound, records: job.records.count,
                start: starts.map { rows in
                    let position = rows.starts[job.index]
                    return .init(file: pathIndex[absolute(inputs[position.input])] ?? position.input,
                                 offset: position.offset, line: position.line)
                })
        }
        var manifest = try manifest(records, [], [])
        manifest.compression = options.compression
        var plan = ConversionPlan(
            tfrec: TFRecordVersion.current, command: command, workingDirectory: workingDirectory,
            fingerprint: planFingerprint(options),
            inputs: Array(identities.prefix(ConversionPlan.listedInputs)), inputCount: identities.count,
            inputsDigest: InputIdentity.digest(identities),
            csvFiles: starts?.files,
            records: records, shards: shards, manifest: manifest,
            sideFiles: sideFiles([]).map { .init(name: $0.name, contents: String(decoding: $0.contents, as: UTF8.self)) })
        plan.inputBytes = identities.reduce(0) { $0 + $1.size }
        plan.id = plan.computedID
        try plan.write(to: directory)
        return plan
    }

    /// Writes shards `shards` of `plan` into `output` (the plan's directory), keeping those
    /// a receipt of this plan already confirms (a retried task).
    ///
    /// - Parameter task: the task's index and count, recorded in receipts.
    /// - Throws: ``TFRecordError`` `.usage` (options or version other than the plan's,
    ///   shards outside the plan), `.badInput` (an input changed since planning; nothing is
    ///   written then), what the source and the runner throw.
    func runTask(_ plan: ConversionPlan, shards: Range<Int>, task: (index: Int, count: Int)?,
                 output options: ShardOutputOptions, threads: Int, cancellation: CancellationFlag,
                 progress: (@Sendable (ConversionProgress) -> Void)?) throws(TFRecordError) -> ConversionSummary
    {
        let started = ContinuousClock.now
        guard plan.fingerprint == planFingerprint(options) else {
            throw TFRecordError(.usage, "the options differ from the plan's: run the task with the plan's own command")
        }
        guard shards.lowerBound >= 0 && shards.upperBound <= plan.shards.count else {
            throw TFRecordError(.usage, "shards \(shards.lowerBound)...\(shards.upperBound - 1) are outside the plan, "
                                + "which has \(plan.shards.count) (0...\(plan.shards.count - 1))")
        }
        try checkInputs(against: plan)
        let output = try TaskShardOutput(options: options, planID: plan.id, names: plan.shards.map(\.name),
                                         task: task)
        let kept = output.confirmedShards(shards)
        let source = try makeSource(output.directory, plan.csvRows)
        defer { source.stop() }
        guard source.isPositional else {
            throw TFRecordError(.usage, "the inputs can no longer be read at any record")
        }
        let feed = source.shardJobs(options.sharding, cancellation: cancellation)
        for shard in shards {
            guard let job = try feed.job(shard), job.records == plan.shards[shard].recordRange else {
                throw TFRecordError(.badInput, "shard \(shard) of the plan does not match the input's records: plan again")
            }
        }
        let runner = ShardJobRunner(feed: feed, kept: kept, source: source, output: output, shards: shards,
                                    cancellation: cancellation)
        let inputSize = source.inputSize
        try runner.run(threads: threads) {
            progress?(ConversionProgress(rows: runner.recordsWritten.load(ordering: .relaxed),
                                         inputBytes: runner.inputBytesRead.load(ordering: .relaxed),
                                         inputSize: inputSize, seconds: seconds(since: started)))
        }
        source.stop()
        try source.finish()
        let written = plan.shards[shards].map { planned in
            ShardInfo(name: planned.name, records: planned.records, bytes: 0, sha256: nil, uncompressedBytes: nil, index: nil)
        }
        var summary = ConversionSummary(
            rows: plan.shards[shards].reduce(0) { $0 + $1.records }, shards: written,
            inputBytes: runner.inputBytesRead.load(ordering: .relaxed), outputBytes: output.bytesWritten,
            seconds: seconds(since: started), engine: engine, threads: threads,
            notes: kept.isEmpty ? [] : ["kept \(kept.count) shard\(kept.count == 1 ? "" : "s") an earlier attempt completed"])
        summary.inputName = inputName
        summary.recordUnit = recordUnit
        return summary
    }

    /// The fingerprint of the output-shaping options a plan records: the conversion's own
    /// and the shard settings, without the directory (tasks may see it under another path).
    private func planFingerprint(_ options: ShardOutputOptions) -> String {
        var shaping = options
        (shaping.directory, shaping.overwrite, shaping.resume, shaping.commandLine) = ("", false, false, [])
        shaping.compressionThreads = nil  // the bytes do not depend on it
        let digest = SHA256Digest()
        Array("\(shaping)\n\(fingerprint)".utf8).withUnsafeBytes { digest.update($0) }
        return digest.finalizeHex()
    }

    /// Checks that every input is what the plan saw.
    private func checkInputs(against plan: ConversionPlan) throws(TFRecordError) {
        let now = try inputs.map { (path) throws(TFRecordError) in try InputIdentity(path: absolute(path)) }
        for (planned, current) in zip(plan.inputs, now) {
            if planned.path != current.path {
                throw TFRecordError(.badInput, "the plan's input \(planned.path) is now \(current.path): plan again",
                                    at: SourceLocation(path: current.path))
            }
            if let change = planned.change(to: current) {
                throw TFRecordError(.badInput, "\(change): plan again", at: SourceLocation(path: current.path))
            }
        }
        guard now.count == plan.inputCount, InputIdentity.digest(now) == plan.inputsDigest else {
            throw TFRecordError(.badInput, "the plan's \(plan.inputCount) input files are now \(now.count), or some "
                                + "changed size or modification time since planning: plan again")
        }
    }

    /// Refuses a directory that holds another plan, or the shards or manifest of an
    /// earlier run, unless `overwrite`.
    private func checkNoEarlierOutput(in directory: OutputDirectory, options: ShardOutputOptions) throws(TFRecordError) {
        guard !options.overwrite else { return }
        let names = Set(try directory.fileNames())
        let shards = try directory.shards(matching: options.nameTemplate)
        let earlier = [ConversionPlan.fileName, Manifest.fileName].filter(names.contains) + shards
        guard earlier.isEmpty else {
            throw TFRecordError(
                .usage, "already holds the output of an earlier plan or run (\(earlier.prefix(3).joined(separator: ", "))"
                    + "\(earlier.count > 3 ? ", …" : "")); pass \(setting: .overwrite) to plan again",
                at: SourceLocation(path: options.directory))
        }
    }
}

/// `path` made absolute against the current directory.
func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : OutputDirectory.join(FileManager.default.currentDirectoryPath, path)
}
