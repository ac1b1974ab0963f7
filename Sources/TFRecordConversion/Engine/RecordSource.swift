import TFRecord
import TFRecordShards

/// An input of the conversion engine: CSV files, arrays or an image folder, seen as records
/// 0, 1, 2, … of the output. Conforming: ``CSVRecordSource``, ``ArrayRecordSource``,
/// ``ImageFolderRecordSource``.
///
/// A source is *positional* when any range of records can be read and encoded on its own
/// (regular files read with `pread`, rows found through an index): the engine then cuts the
/// output into ``ShardJob``s and writes several shards at once, each on its own thread. A
/// source that can only be read in order (a pipe, a gzip stream) or whose records do not
/// map to input rows one to one (`skip` drops bad rows) is *sequential*: the engine reads
/// it once, in order, and one ``ShardWriter`` cuts the stream into shards.
protocol RecordSource: AnyObject, Sendable {
    /// The number of records, when known before converting (a sequential source needs it
    /// for `--shards`).
    var recordCount: Int? { get }
    /// Whether ranges of records can be converted independently (see the type's discussion).
    var isPositional: Bool { get }
    /// The input's size in bytes, when known, for progress.
    var inputSize: Int? { get }

    /// The shards of a positional conversion cut by `sharding` (count-based), as the
    /// source learns where they are; the source may go on finding them on a thread of its
    /// own until ``stop()``.
    func shardJobs(_ sharding: ShardingPolicy, cancellation: CancellationFlag) -> ShardJobFeed

    /// Ends any work the source runs on its own (a scan ahead of the shard jobs) and waits
    /// for it. Called after every positional run, failed or not.
    func stop()

    /// For a plan: the number of records, reading what it must to know it (a CSV source
    /// scans every row once; the rows' positions stay for ``plannedRows(startingAt:)``).
    ///
    /// - Throws: ``TFRecordError``: `.badInput`, `.io`, `.interrupted`.
    func countForPlan(cancellation: CancellationFlag) throws(TFRecordError) -> Int

    /// For a plan: where records `records` (each shard's first) start in the inputs, when
    /// a task needs that to find them without reading what comes before (CSV in input
    /// order); `nil` for sources that find any record directly.
    ///
    /// - Throws: ``TFRecordError``: `.badInput` (an input changed), `.io`.
    func plannedRows(startingAt records: [Int]) throws(TFRecordError) -> PlannedCSVRows?

    /// Per-thread state that converts ranges of records (scratch buffers, codecs); the
    /// engine makes one per worker thread of a positional conversion.
    ///
    /// - Throws: ``TFRecordError`` for options that do not fit the input.
    func makeRangeEncoder() throws(TFRecordError) -> any RecordRangeEncoder

    /// Converts every record in order into `sink`, on up to `threads` threads of the
    /// source's own (an ordered pipeline).
    ///
    /// - Returns: the bad rows left out under ``BadRowPolicy/skip``, located.
    /// - Throws: ``TFRecordError``: the first bad record in output order, `.io`, `.interrupted`.
    func encodeAll(threads: Int, cancellation: CancellationFlag, into sink: any RecordSink)
        throws(TFRecordError) -> [TFRecordError]

    /// Called once every record was converted: checks that no input changed since it was
    /// opened (size, modification time, identity).
    ///
    /// - Throws: ``TFRecordError`` `.badInput`.
    func finish() throws(TFRecordError)
}

/// Converts ranges of records of a positional ``RecordSource``; one per worker thread.
protocol RecordRangeEncoder: AnyObject {
    /// Reads, encodes and frames records `range`, in order, into `sink`.
    ///
    /// - Throws: ``TFRecordError``: the first bad record of the range (located in the
    ///   input), `.io`, or what `sink` throws.
    func encode(_ range: Range<Int>, cancellation: CancellationFlag, into sink: any RecordSink) throws(TFRecordError)
}

extension RecordSource {
    /// Every shard at once, from the record count known before converting.
    func shardJobs(_ sharding: ShardingPolicy, cancellation: CancellationFlag) -> ShardJobFeed {
        ShardJobFeed(sharding: sharding, recordCount: recordCount ?? 0)
    }

    func stop() {}

    func countForPlan(cancellation: CancellationFlag) throws(TFRecordError) -> Int { recordCount ?? 0 }

    func plannedRows(startingAt records: [Int]) throws(TFRecordError) -> PlannedCSVRows? { nil }
}
