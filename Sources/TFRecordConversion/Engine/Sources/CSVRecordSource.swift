import Foundation
import Synchronization
import TFRecord
import TFRecordShards
import TFRecordSources
import TFRecordTransform

/// CSV files as a ``RecordSource``: row i of the inputs (or row `permutation[i]` when
/// shuffled) is record i.
///
/// Positional when every input is a regular file and bad rows fail the run: a newline scan
/// finds where rows start (``CSVRowCheckpoints``) on a thread of its own, publishing each
/// shard as soon as it has passed the shard's last row, and any worker reads the rows of
/// its shard with `pread` right behind it (from the page cache the scan just filled). A
/// shuffled order needs every row's offset first (``CSVRowIndex``), then gathers. Pipes and
/// ``BadRowPolicy/skip`` (which drops rows, so records no longer map to rows) make it
/// sequential: one reader thread cuts the input into chunks, workers parse them, and the
/// records go to the output in order.
final class CSVRecordSource: RecordSource, @unchecked Sendable {
    // Immutable after init; the encoders each worker makes hold the mutable scratch space.
    let inputs: CSVInputSet
    private let options: CSVConversionOptions
    private let makeChunkEncoder: @Sendable () throws(TFRecordError) -> ChunkEncoder
    private let chunkSize: Int
    /// Positional only: the open inputs, and where their rows are.
    private let opened: [CSVInput]
    private let files: [InputFile]
    private let checkpoints: CSVRowCheckpoints?
    /// Whether ``shardJobs(_:cancellation:)`` scans for rows (not when a plan gave them).
    private let scansRows: Bool
    /// The scan thread of ``shardJobs(_:cancellation:)``, and its stop flag.
    private let scanDone = DispatchGroup()
    private let stopScan = CancellationFlag()
    private let shuffled: (index: CSVRowIndex, order: RecordPermutation)?
    let recordCount: Int?
    /// Chunks read so far by all workers, to number them for ``CSVConversionOptions/afterEachChunk``.
    private let chunksRead = Atomic<Int>(0)

    /// Opens the inputs. For a shuffled order, indexes every row (the permutation needs the
    /// count); otherwise the newline scan waits for ``shardJobs(_:cancellation:)``. A source
    /// that can only be read in order counts its rows here when `needsCount`.
    ///
    /// - Parameters:
    ///   - makeChunkEncoder: a new parser + encoder for one worker thread.
    ///   - chunkSize: bytes of input per unit of work.
    ///   - needsCount: whether the sharding needs the record count (`--shards`) when the
    ///     source cannot be positional.
    ///   - planned: where the rows of each shard start, from a plan: no scan is needed.
    init(inputs: CSVInputSet, options: CSVConversionOptions, chunkSize: Int, needsCount: Bool,
         planned: PlannedCSVRows? = nil, cancellation: CancellationFlag,
         makeChunkEncoder: @escaping @Sendable () throws(TFRecordError) -> ChunkEncoder) throws(TFRecordError) {
        self.inputs = inputs
        self.options = options
        self.chunkSize = chunkSize
        self.makeChunkEncoder = makeChunkEncoder
        let regular = inputs.snapshots.allSatisfy(\.isRegularFile)
        if options.shuffleSeed != nil && !regular {
            let pipe = inputs.snapshots.firstIndex { !$0.isRegularFile }!
            throw TFRecordError(
                .usage, "\(setting: .shuffle) reads its input twice and needs regular files, not a pipe or device",
                at: SourceLocation(path: inputs.paths[pipe]))
        }
        if regular && (options.onBadRow == .fail || options.shuffleSeed != nil) {
            var opened: [CSVInput] = []
            for index in 0..<inputs.count { opened.append(try inputs.open(index)) }
            self.opened = opened
            files = opened.map(\.file)
            if let seed = options.shuffleSeed {
                var index = CSVRowIndex()
                for csv in opened { try index.append(csv, cancellation: cancellation) }
                shuffled = (index, RecordPermutation(count: index.rowCount, seed: seed))
                checkpoints = nil
                recordCount = index.rowCount
            } else if let planned {
                checkpoints = CSVRowCheckpoints(files: planned.files, positions: planned.starts)
                shuffled = nil
                recordCount = planned.rowCount
            } else {
                // Scanned by shardJobs(_:cancellation:), alongside the shards.
                checkpoints = CSVRowCheckpoints()
                shuffled = nil
                recordCount = nil
            }
        } else {
            (opened, files, checkpoints, shuffled) = ([], [], nil, nil)
            var total: Int?
            if needsCount {
                if let stream = inputs.paths.firstIndex(of: InputKind.standardInputName) {
                    throw TFRecordError(
                        .usage, "a fixed shard count needs the row count before the first shard, and standard input is "
                            + "read only once", at: SourceLocation(path: inputs.paths[stream]))
                }
                total = 0
                for (path, layout) in zip(inputs.paths, inputs.layouts) {
                    total! += try CSVInput.countRows(path: path, layout: layout)
                }
            }
            recordCount = total
        }
        scansRows = checkpoints != nil && planned == nil
    }

    /// Positional when every input is a regular file and bad rows fail the run: a skipped row
    /// would move every record after it, so only an ordered pass knows where shards start.
    var isPositional: Bool { !files.isEmpty && options.onBadRow == .fail }

    var inputSize: Int? { inputs.totalSize }

    func shardJobs(_ sharding: ShardingPolicy, cancellation: CancellationFlag) -> ShardJobFeed {
        guard let checkpoints, scansRows else { return ShardJobFeed(sharding: sharding, recordCount: recordCount ?? 0) }
        let feed = ShardJobFeed(sharding: sharding)
        WorkerThread.start(named: "tfrec-scan", in: scanDone) { [self, stopScan] in
            do throws(TFRecordError) {
                for csv in self.opened {
                    try checkpoints.append(
                        csv, shouldStop: { stopScan.isCancelled || cancellation.isCancelled || feed.hasFailed }
                    ) { feed.publish(rows: $0) }
                }
                feed.finish(rows: checkpoints.rowCount)
            } catch {
                feed.fail(error)
            }
        }
        return feed
    }

    func countForPlan(cancellation: CancellationFlag) throws(TFRecordError) -> Int {
        guard let checkpoints, scansRows else { return recordCount ?? 0 }
        for csv in opened {
            try checkpoints.append(csv, shouldStop: { cancellation.isCancelled })
        }
        if cancellation.isCancelled { throw TFRecordError(.interrupted, "interrupted while scanning the input") }
        return checkpoints.rowCount
    }

    func plannedRows(startingAt records: [Int]) throws(TFRecordError) -> PlannedCSVRows? {
        guard let checkpoints, shuffled == nil else { return nil }
        return PlannedCSVRows(
            files: checkpoints.scannedFiles,
            starts: try checkpoints.positions(ofRows: records, in: files, snapshots: inputs.snapshots))
    }

    func stop() {
        stopScan.cancel()
        scanDone.wait()
    }

    func makeRangeEncoder() throws(TFRecordError) -> any RecordRangeEncoder {
        let encoder = try makeChunkEncoder()
        // The worker's read buffer, reused for every chunk it reads.
        var scratch: [UInt8] = []
        return ChunkRangeEncoder { [self] (range, buffer, write) throws(TFRecordError) in
            // A row longer than a chunk, parsed as its record streams: never whole in memory.
            func streamRow(input: Int, offset: Int, stop: Int) throws(TFRecordError) -> Int? {
                buffer.removeAll()
                return try encoder.streamRow(
                    from: offset, before: stop, blockSize: chunkSize, origin: .consecutive(input: input, offset: offset),
                    through: buffer, write: write
                ) { [self] (bytes, at) throws(TFRecordError) in try readExactly(bytes, from: input, at: at) }
            }
            try forEachChunk(of: range, reading: &scratch, streamingLongRows: encoder.parsesRowsAsTheyStream,
                             through: streamRow) { (chunk, firstLine) throws(TFRecordError) in
                buffer.removeAll()
                // A wide row goes to the shard in pieces, never whole in memory.
                if try encoder.streamSingleRow(chunk, through: buffer, write: write) { return 1 }
                let encoded = encoder.encode(chunk, into: buffer)
                if let fatal = encoded.fatal { throw fatal }
                if let (line, failure) = encoded.failures.first {
                    let place = locate(line, in: chunk, firstLine: firstLine)
                    throw failure.error(path: place.path, line: place.line, spec: inputs.spec)
                }
                try write(encoded)
                return encoded.lines
            }
        }
    }

    func finish() throws(TFRecordError) {
        for (file, openedAs) in zip(files, inputs.snapshots) {
            if let change = openedAs.changes(to: try file.snapshot()) { throw .inputChanged(change, path: file.path) }
            // Another file renamed over the input's name leaves the open one unchanged; the
            // name must still mean what was read.
            if let now = try? InputFile(path: file.path).snapshot(), let change = openedAs.changes(to: now) {
                throw .inputChanged(change, path: file.path)
            }
        }
    }

    /// Calls the test hook with the chunk, numbered in the order chunks were read.
    private func readHook(_ chunk: inout CSVChunk) {
        guard let hook = options.afterEachChunk else { return }
        chunk.index = chunksRead.add(1, ordering: .relaxed).oldValue
        hook(chunk)
    }

    // MARK: Positional

    /// Chunks of the rows of records `range`, in order, each handed to `body` with the line
    /// number of its first row (consecutive rows; 0 for gathered ones); `body` returns the
    /// lines it consumed. Consecutive rows are read into `scratch`, whose storage the next
    /// chunk reuses once `body` has let go of the chunk.
    ///
    /// When `streamsLongRows`, a consecutive row longer than a chunk goes to `streamRow`
    /// instead, with its input, offset and the end of the range's bytes: it returns the row's
    /// bytes, or `nil` for a bad row, which then goes to `body` whole for its located error.
    private func forEachChunk(
        of range: Range<Int>, reading scratch: inout [UInt8],
        streamingLongRows streamsLongRows: Bool = false,
        through streamRow: (_ input: Int, _ offset: Int, _ stop: Int) throws(TFRecordError) -> Int? = { _, _, _ in nil },
        _ body: (CSVChunk, Int) throws(TFRecordError) -> Int
    ) throws(TFRecordError) {
        if let shuffled {
            let gatherer = CSVShuffledChunks(files: files, snapshots: inputs.snapshots, index: shuffled.index,
                                             order: shuffled.order, chunkSize: chunkSize, positions: range)
            while var chunk = try gatherer.nextChunk() {
                readHook(&chunk)
                _ = try body(chunk, 0)
            }
            return
        }
        guard let checkpoints, !range.isEmpty else { return }
        let start = try checkpoints.position(ofRow: range.lowerBound, in: files, snapshots: inputs.snapshots)
        let end = try checkpoints.position(ofRow: range.upperBound, in: files, snapshots: inputs.snapshots)
        var line = start.line
        for input in start.input...end.input {
            // Files before the end one are scanned whole; the end one may still be scanning.
            var offset = input == start.input ? start.offset : inputs.layouts[input].dataOffset
            let stop = input == end.input ? end.offset : checkpoints.file(input).dataEnd
            if input != start.input { line = inputs.layouts[input].firstDataLine }
            while offset < stop {
                let read = try readLines(of: input, from: offset, before: stop, into: &scratch,
                                         holdingLongLines: !streamsLongRows)
                if !read {
                    if let bytes = try streamRow(input, offset, stop) {
                        offset += bytes
                        line += 1
                        continue
                    }
                    try readLines(of: input, from: offset, before: stop, into: &scratch, holdingLongLines: true)
                }
                let count = scratch.count
                do {
                    var chunk = CSVChunk(index: 0, bytes: scratch, origin: .consecutive(input: input, offset: offset))
                    readHook(&chunk)
                    line += try body(chunk, line)
                }
                if !read {
                    // Pieces of its record went out before the streamed parse declined the row.
                    throw TFRecordError(.io, "internal error: a row that streaming declined parsed whole, at byte "
                        + "\(offset)", at: SourceLocation(path: inputs.paths[input]))
                }
                offset += count
            }
        }
    }

    /// Reads whole lines of input `input` from `offset` into `bytes` (reusing its storage),
    /// about ``chunkSize`` bytes, none past `stop` (a row start or the end of the data); a
    /// line longer than a chunk is read whole when `holdingLongLines`, else not at all.
    ///
    /// - Returns: whether it read lines: `false` for a line longer than a chunk that it does
    ///   not hold.
    /// - Throws: ``TFRecordError`` `.badInput` when the file now ends sooner (it changed).
    @discardableResult
    private func readLines(of input: Int, from offset: Int, before stop: Int, into bytes: inout [UInt8],
                           holdingLongLines: Bool) throws(TFRecordError) -> Bool
    {
        var kept = 0
        var size = min(chunkSize, stop - offset)
        while true {
            // A line longer than the chunk: keep what was read, read only the rest, and look
            // for a newline only in the new bytes.
            try bytes.refill(count: size, keeping: kept) { (rest) throws(TFRecordError) in
                try readExactly(rest, from: input, at: offset + kept)
                return rest.count
            }
            if offset + size == stop { return true }
            if let newline = Self.lastNewline(in: bytes, after: kept) {
                bytes.removeLast(bytes.count - newline - 1)
                return true
            }
            if !holdingLongLines { return false }
            kept = size
            size = try lineEnd(of: input, from: offset + size, before: stop) - offset
        }
    }

    /// Reads exactly `bytes.count` bytes of input `input` at `offset`.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` when the file now ends sooner (it changed).
    private func readExactly(_ bytes: UnsafeMutableRawBufferPointer, from input: Int, at offset: Int)
        throws(TFRecordError)
    {
        let read = try files[input].read(into: bytes, at: offset)
        if read < bytes.count {
            throw .inputChanged(files[input], openedAs: inputs.snapshots[input],
                                or: "the file now ends at byte \(offset + read), before byte \(offset + bytes.count)")
        }
    }

    /// The offset just after the next newline at or after `offset` in input `input`, or
    /// `stop`: where a line longer than a chunk ends. Found before the line is read, so
    /// that its buffer grows once to its size rather than doubling (each doubling maps and
    /// clears fresh pages: a 40 MB row used to cost 110 MB of them).
    private func lineEnd(of input: Int, from offset: Int, before stop: Int) throws(TFRecordError) -> Int {
        var probe = [UInt8](repeating: 0, count: min(1 << 20, stop - offset))
        var position = offset
        while position < stop {
            let count = min(probe.count, stop - position)
            let read = try rethrowingTFRecordError {
                try probe.withUnsafeMutableBytes { raw in
                    try files[input].read(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<count]), at: position)
                }
            }
            if read == 0 { return stop }
            let first = probe.withUnsafeBytes { raw in
                CSVRowIndex.firstNewline(in: UnsafeRawBufferPointer(rebasing: raw[..<read]))
            }
            if let first { return position + first + 1 }
            position += read
        }
        return stop
    }

    /// The index of the last newline in `bytes` at or after `start`.
    private static func lastNewline(in bytes: [UInt8], after start: Int) -> Int? {
        bytes.withUnsafeBytes { raw in CSVRowIndex.lastNewline(in: UnsafeRawBufferPointer(rebasing: raw[start...])).map { start + $0 } }
    }

    /// Where line `line` of a chunk is in the input, for errors.
    private func locate(_ line: Int, in chunk: CSVChunk, firstLine: Int) -> (path: String, line: Int) {
        switch chunk.origin {
        case .consecutive(let input, _): (inputs.paths[input], firstLine + line)
        case .gathered(let rows): (inputs.paths[rows[line].input], rows[line].line)
        }
    }

    // MARK: Sequential

    func encodeAll(threads: Int, cancellation: CancellationFlag, into sink: any RecordSink)
        throws(TFRecordError) -> [TFRecordError]
    {
        let reader: CSVChunkReader
        if let shuffled {
            reader = CSVChunkReader(source: CSVShuffledChunks(
                files: files, snapshots: inputs.snapshots, index: shuffled.index, order: shuffled.order,
                chunkSize: chunkSize, positions: 0..<shuffled.order.count))
        } else {
            reader = inputs.chunks(size: chunkSize)
        }
        reader.afterEachChunk = options.afterEachChunk
        let buffers = BufferPool()
        let stages = ChunkPipelineStages<CSVChunk, EncodedChunk>(
            next: reader.next, threads: threads, maxInFlight: options.maxChunksInFlight, buffers: buffers,
            cancellation: cancellation
        ) { [makeChunkEncoder] () throws(TFRecordError) in try makeChunkEncoder().encode(_:into:) }
        stages.start()
        defer { stages.stop() }

        var locator = CSVLineLocator(paths: inputs.paths, firstDataLines: inputs.layouts.map(\.firstDataLine))
        var rejected: [TFRecordError] = []
        try stages.forEachInOrder(cancellation: cancellation) { (chunk) throws(TFRecordError) in
            try sink.write(chunk)
            if let fatal = chunk.fatal { throw fatal }
            for (line, failure) in chunk.failures {
                let place = locator.locate(line, in: chunk.origin)
                let error = failure.error(path: place.path, line: place.line, spec: inputs.spec)
                guard options.onBadRow == .skip else { throw error }
                rejected.append(error)
            }
            buffers.give(chunk.records)
            locator.advance(past: chunk.origin, lines: chunk.lines)
            return true
        }
        return rejected
    }
}
