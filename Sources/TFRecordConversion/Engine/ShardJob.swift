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
    /// The shards of `recordCount` records when their boundaries depend on counts alone
    /// (``ShardingPolicy/recordsPerShard(_:)``, ``ShardingPolicy/shardCount(_:)``); `nil`
    /// when they depend on encoded sizes (``ShardingPolicy/targetBytes(_:)``), which only an
    /// ordered pass over the records can decide.
    ///
    /// No shard is empty: zero records make zero shards.
    ///
    /// - Complexity: O(shards).
    func jobs(recordCount: Int) -> [ShardJob]? {
        var jobs: [ShardJob] = []
        var start = 0
        while start < recordCount {
            guard let room = room(shard: jobs.count, records: 0) else { return nil }
            let end = min(recordCount, start + max(1, room))
            jobs.append(ShardJob(index: jobs.count, records: start..<end))
            start = end
        }
        return recordCount == 0 && room(shard: 0, records: 0) == nil ? nil : jobs
    }
}
