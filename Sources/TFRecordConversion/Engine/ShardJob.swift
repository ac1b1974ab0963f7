import TFRecordShards

/// One shard of a conversion as a unit of work: shard ``index`` holds records ``records``
/// of the output, and its bytes depend on nothing else (the inputs and options being fixed).
///
/// Any worker thread — or, through a plan, any machine — can write a shard on its own:
/// read its records, encode, frame, write, sync and hash them.
public struct ShardJob: Sendable, Equatable, Codable {
    /// The shard's index, from 0.
    public var index: Int
    /// The output records it holds.
    public var records: Range<Int>

    /// Creates a job.
    public init(index: Int, records: Range<Int>) {
        self.index = index
        self.records = records
    }
}

extension ShardPlan {
    /// Shard `index` of `recordCount` records when shard boundaries depend on counts alone
    /// (``ShardingPolicy/recordsPerShard(_:)``, ``ShardingPolicy/shardCount(_:)``): `nil`
    /// past the last shard, or when they depend on encoded sizes
    /// (``ShardingPolicy/targetBytes(_:)``), which only an ordered pass over the records can
    /// decide. No shard is empty: zero records make zero shards.
    ///
    /// - Complexity: O(1).
    func job(_ index: Int, recordCount: Int) -> ShardJob? {
        guard let start = firstRecord(ofShard: index), let end = firstRecord(ofShard: index + 1),
              start < recordCount else { return nil }
        return ShardJob(index: index, records: start..<min(max(end, start + 1), recordCount))
    }
}
