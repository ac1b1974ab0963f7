import Foundation
import TFRecord
import TFRecordShards

/// Where the shards of a plan stand in its output directory: done (a receipt of this plan
/// confirms the file), being written (a temporary file of a process that may still run),
/// or missing; and, for a task count, which task owns each. What `tfrec status` prints and
/// what `tfrec finalize` checks.
public struct PlanProgress: Sendable {
    /// The state of one shard.
    public enum State: Sendable, Equatable {
        /// Written and confirmed by its receipt.
        case done(ShardInfo)
        /// A temporary file of it exists whose writer may still run (on `host`, as `pid`).
        case writing(host: String?, pid: Int32)
        /// A file has the shard's name but no receipt of this plan confirms it (a task killed
        /// between rename and receipt, or another plan's or run's file): written again by its task.
        case unconfirmed
        /// None of these.
        case missing
    }

    /// One shard of the plan.
    public struct Shard: Sendable {
        /// Its row in the plan.
        public var planned: PlannedShard
        /// Where it stands.
        public var state: State
        /// The task that owns it for ``taskCount`` tasks.
        public var task: Int
    }

    /// The plan.
    public var plan: ConversionPlan
    /// The task count the shards are grouped by: given, or as the receipts record it, or 1.
    public var taskCount: Int
    /// Every shard, by index.
    public var shards: [Shard]

    /// Reads the state of the plan in `directory`.
    ///
    /// - Parameter taskCount: the number of tasks, to tell which owns each shard; `nil`:
    ///   the count the receipts record (1 if there are none).
    /// - Throws: ``TFRecordError`` `.badInput` (no plan, a bad plan), `.usage` (a plan of
    ///   another tfrec version), `.io`.
    public init(directory path: String, taskCount requested: Int? = nil) throws(TFRecordError) {
        let directory = try OutputDirectory(existing: path)
        plan = try ConversionPlan.read(from: directory.file(ConversionPlan.fileName))
        let receipts = OutputDirectory.join(path, ShardReceipt.directoryName)
        let receiptsDirectory = try? OutputDirectory(existing: receipts)
        let found = plan.shards.map { shard in receiptsDirectory.flatMap { ShardReceipt.read(shard: shard.name, in: $0) } }
        let recorded = found.lazy.compactMap { $0?.taskCount }.first
        taskCount = max(1, min(requested ?? recorded ?? 1, max(1, plan.shards.count)))
        var writers: [Int: TemporaryFileName] = [:]
        for name in try directory.fileNames() {
            guard let temporary = TemporaryFileName(name), let shard = Int(temporary.suffix),
                  temporary.writerStatus.mayBeWriting else { continue }
            writers[shard] = temporary
        }
        let plan = self.plan
        let count = self.taskCount
        shards = plan.shards.map { planned in
            let state: State
            if let receipt = found[planned.index], receipt.confirms(plan: plan.id, shard: planned.index, in: directory) {
                state = .done(receipt.info)
            } else if let writer = writers[planned.index] {
                state = .writing(host: writer.writerHost, pid: writer.writer)
            } else if FileManager.default.fileExists(atPath: directory.file(planned.name)) {
                state = .unconfirmed
            } else {
                state = .missing
            }
            return Shard(planned: planned, state: state, task: plan.task(owning: planned.index, count: count))
        }
    }

    /// Whether every shard is done.
    public var isComplete: Bool { shards.allSatisfy { if case .done = $0.state { true } else { false } } }

    /// The shards not done, by index.
    public var unfinished: [Shard] { shards.filter { if case .done = $0.state { false } else { true } } }
}
