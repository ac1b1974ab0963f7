import Synchronization
import TFRecord
import TFRecordShards

/// The conversion engine: takes the records of any ``RecordSource`` into a
/// ``ShardedOutput``, choosing how from the source and the sharding:
///
/// - **Positional** (the source can read any range of records, and shard boundaries
///   depend on record counts alone): the output is cut into ``ShardJob``s and
///   ``ShardJobRunner`` writes `threads` shards at once, each on its own thread, from reading
///   to hashing. Shards kept by `--resume` are skipped, whichever they are.
/// - **Sequential** (a pipe or gzip stream, skipped bad rows, or `--shard-size`, whose
///   boundaries depend on the encoded sizes of all records before them): the source
///   converts on its own pipeline and the records arrive in order at one ``ShardWriter``.
///
/// Either way record i of the output is the same and the bytes of every shard are the same:
/// they depend on the inputs, the options and the shard's index only.
struct ConversionRunner {
    /// What a run converted.
    struct Outcome {
        /// Records in the output, those of resumed shards included.
        var records: Int
        /// Input bytes converted by this run.
        var inputBytes: Int
        /// Bad rows left out under ``BadRowPolicy/skip``.
        var rejected: [TFRecordError]
        /// Whether shards were written as independent jobs.
        var positional: Bool
    }

    let output: ShardedOutput
    let threads: Int
    let cancellation: CancellationFlag
    let progress: (@Sendable (ConversionProgress) -> Void)?
    private let started = ContinuousClock.now

    init(output: ShardedOutput, threads: Int, cancellation: CancellationFlag,
         progress: (@Sendable (ConversionProgress) -> Void)?) {
        self.output = output
        self.threads = threads
        self.cancellation = cancellation
        self.progress = progress
    }

    /// Converts every record of `source` into shards (under part names until commit).
    ///
    /// - Throws: ``TFRecordError``: the first bad record in output order, a changed input,
    ///   `.io`, `.interrupted`.
    func run(_ source: any RecordSource) throws(TFRecordError) -> Outcome {
        let sharding = output.options.sharding
        if source.isPositional && ShardJobFeed.isCountBased(sharding) {
            let feed = source.shardJobs(sharding, cancellation: cancellation)
            defer { source.stop() }
            let kept = output.beginPositional()
            let runner = ShardJobRunner(feed: feed, kept: kept, source: source, output: output, cancellation: cancellation)
            try runner.run(threads: threads) {
                report(records: runner.recordsWritten.load(ordering: .relaxed),
                       inputBytes: runner.inputBytesRead.load(ordering: .relaxed), inputSize: source.inputSize)
            }
            source.stop()
            try source.finish()
            return Outcome(records: feed.recordCount ?? 0, inputBytes: runner.inputBytesRead.load(ordering: .relaxed),
                           rejected: [], positional: true)
        }
        // `--shards` cut by one writer needs the count first (a sequential source counts).
        try output.setRecordCount(source.recordCount)
        let sink = OrderedSink(output: output) { records, inputBytes in
            report(records: records, inputBytes: inputBytes, inputSize: source.inputSize)
        }
        let rejected = try source.encodeAll(threads: threads, cancellation: cancellation, into: sink)
        if cancellation.isCancelled { throw TFRecordError.interrupted(keptShards: output.completedShards) }
        try source.finish()
        return Outcome(records: output.recordCount, inputBytes: sink.inputBytes, rejected: rejected, positional: false)
    }

    private func report(records: Int, inputBytes: Int, inputSize: Int?) {
        progress?(ConversionProgress(rows: records, inputBytes: inputBytes, inputSize: inputSize,
                                     seconds: seconds(since: started)))
    }
}

/// The sink of a sequential conversion: every record, in order, into the output's
/// ``ShardWriter``; reports progress about ten times a second.
private final class OrderedSink: RecordSink {
    private let output: ShardedOutput
    private let tick: (Int, Int) -> Void
    private var lastTick = ContinuousClock.now
    private(set) var inputBytes = 0

    init(output: ShardedOutput, tick: @escaping (_ records: Int, _ inputBytes: Int) -> Void) {
        self.output = output
        self.tick = tick
    }

    func write(records: UnsafeRawBufferPointer, ends: ArraySlice<Int>, inputBytes: Int) throws(TFRecordError) {
        try output.append(records: records, ends: ends)
        self.inputBytes += inputBytes
        if ContinuousClock.now - lastTick > .milliseconds(100) {
            lastTick = ContinuousClock.now
            tick(output.recordCount, self.inputBytes)
        }
    }
}
