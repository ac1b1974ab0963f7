import Foundation
import Synchronization
import TFRecord
import TFRecordShards

/// Writes the shards of a positional conversion on several threads at once: each thread
/// takes the next ``ShardJob``, converts its records with its own ``RecordRangeEncoder``
/// into the shard's own temporary file, syncs, hashes and closes it as a part.
///
/// ```
/// jobs 0, 1, 2, … ──► thread 1: shard 0: read → parse → encode → frame → write + SHA-256 → part
///                 └─► thread 2: shard 1: …                                               → part
/// ```
///
/// Jobs come from a ``ShardJobFeed`` (for CSV, as the newline scan finds them); shards
/// kept from an interrupted run are skipped.
///
/// Invariants:
/// - Jobs are taken in index order, so when shard k fails every shard before it has
///   started; the run waits for them and reports the failure of the lowest shard: the first
///   bad record in output order, as an ordered run would.
/// - A failed or stopped job's temporary file is removed; complete shards stay parts (kept
///   for `--resume` after an interruption, removed by ``ShardedOutput`` otherwise).
/// - Memory: each thread holds one chunk of input and its encoded records, whatever the
///   shard size.
final class ShardJobRunner: @unchecked Sendable {
    // Immutable after init, except the atomics and the lock-guarded failure.
    private let feed: ShardJobFeed
    private let kept: Set<Int>
    private let source: any RecordSource
    private let output: any ShardJobOutput
    private let cancellation: CancellationFlag
    private let nextJob: Atomic<Int>
    /// The shards to write: all, or one task's share of a plan.
    private let shards: Range<Int>
    /// Records and input bytes written by all threads, for progress.
    let recordsWritten = Atomic<Int>(0)
    let inputBytesRead = Atomic<Int>(0)
    /// The lowest shard index that failed (`Int.max`: none); shards after it stop.
    private let firstFailedShard = Atomic<Int>(.max)
    private let failures = Mutex<[(shard: Int, error: TFRecordError)]>([])

    /// - Parameters:
    ///   - feed: the shards to write, in index order.
    ///   - kept: shards that need no writing (kept by `--resume`); their records count as written.
    ///   - shards: the shards to write, all by default.
    init(feed: ShardJobFeed, kept: Set<Int>, source: any RecordSource, output: any ShardJobOutput,
         shards: Range<Int> = 0..<Int.max, cancellation: CancellationFlag) {
        self.feed = feed
        self.shards = shards
        nextJob = Atomic(shards.lowerBound)
        self.kept = kept
        self.source = source
        self.output = output
        self.cancellation = cancellation
    }

    /// Runs every job on `threads` threads and waits for them, calling `tick` on the
    /// caller's thread about ten times a second.
    ///
    /// - Throws: ``TFRecordError``: the failure of the lowest failed shard; `.interrupted`
    ///   if `cancellation` was set.
    func run(threads: Int, tick: () -> Void) throws(TFRecordError) {
        let group = DispatchGroup()
        for number in 0..<threads {
            // Unowned: `run` outlives every thread (it waits for them), and a strong capture
            // would keep the output alive, uncommitted, until the thread object goes away.
            WorkerThread.start(named: "tfrec-shard-\(number)", in: group) { [unowned self] in work() }
        }
        while group.wait(timeout: .now() + .milliseconds(100)) == .timedOut { tick() }
        if cancellation.isCancelled { throw TFRecordError.interrupted(keptShards: output.completedShards) }
        let failed = failures.withLock { $0.min { $0.shard < $1.shard } }
        if let failed { throw failed.error }
    }

    private func work() {
        var encoder: (any RecordRangeEncoder)?
        while true {
            let next = nextJob.add(1, ordering: .relaxed).oldValue
            guard !cancellation.isCancelled, next < shards.upperBound, next < firstFailedShard.load(ordering: .relaxed)
            else { return }
            do throws(TFRecordError) {
                guard let job = try feed.job(next) else { return }
                if kept.contains(job.index) {
                    recordsWritten.add(job.records.count, ordering: .relaxed)
                    continue
                }
                // Made on first use: a thread that finds no job needs no codecs.
                if encoder == nil { encoder = try source.makeRangeEncoder() }
                try write(job, with: encoder!)
            } catch where error.code == Self.stopped.code && error.message == Self.stopped.message {
                return
            } catch {
                fail(shard: next, error)
                return
            }
        }
    }

    private func write(_ job: ShardJob, with encoder: any RecordRangeEncoder) throws(TFRecordError) {
        let file = try output.openShard(job.index)
        let sink = ShardFileSink(file: file, job: job, runner: self)
        do {
            try encoder.encode(job.records, cancellation: cancellation, into: sink)
        } catch {
            file.discard()
            throw error
        }
        guard sink.records == job.records.count else {
            file.discard()
            throw TFRecordError(.io, "shard \(job.index): \(counted(sink.records, "record")) written, \(job.records.count) planned")
        }
        try output.closeShard(job.index, file: file, records: sink.records)
    }

    private func fail(shard: Int, _ error: TFRecordError) {
        failures.withLock { $0.append((shard, error)) }
        // Threads waiting for later jobs (and the scan finding them) stop.
        feed.fail(Self.stopped)
        var current = firstFailedShard.load(ordering: .relaxed)
        while shard < current {
            let (exchanged, original) = firstFailedShard.compareExchange(
                expected: current, desired: shard, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    /// Thrown into a job whose records are no longer wanted (a shard before it failed, or
    /// the run was cancelled); not an error of the run.
    fileprivate static let stopped = TFRecordError(.interrupted, "shard job stopped")

    /// Whether the job writing shard `index` should stop.
    fileprivate func shouldStop(shard index: Int) -> Bool {
        cancellation.isCancelled || firstFailedShard.load(ordering: .relaxed) < index
    }
}

/// The sink of one shard job: its records go to the shard's file.
private final class ShardFileSink: RecordSink {
    let file: ShardFile
    let job: ShardJob
    unowned let runner: ShardJobRunner
    private(set) var records = 0

    init(file: ShardFile, job: ShardJob, runner: ShardJobRunner) {
        self.file = file
        self.job = job
        self.runner = runner
    }

    func write(records bytes: UnsafeRawBufferPointer, ends: ArraySlice<Int>, inputBytes: Int) throws(TFRecordError) {
        if runner.shouldStop(shard: job.index) { throw ShardJobRunner.stopped }
        try file.append(records: bytes, ends: ends, start: 0)
        records += ends.count
        runner.recordsWritten.add(ends.count, ordering: .relaxed)
        runner.inputBytesRead.add(inputBytes, ordering: .relaxed)
    }
}
