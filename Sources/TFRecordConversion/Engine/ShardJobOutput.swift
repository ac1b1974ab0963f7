import TFRecord
import TFRecordShards

/// Where a ``ShardJobRunner`` puts whole shards: a one-machine run's ``ShardedOutput``
/// (parts, committed together at the end) or a plan task's ``TaskShardOutput`` (final names
/// and receipts, shard by shard). Both are thread-safe.
protocol ShardJobOutput: AnyObject, Sendable {
    /// Creates the temporary file of shard `index`.
    func openShard(_ index: Int) throws(TFRecordError) -> ShardFile
    /// Finishes `file`, the complete shard `index` of `records` records.
    func closeShard(_ index: Int, file: ShardFile, records: Int) throws(TFRecordError)
    /// Shards complete so far, for the error of an interrupted run.
    var completedShards: Int { get }
}

extension ShardedOutput: ShardJobOutput {}
extension TaskShardOutput: ShardJobOutput {}
