import TFRecord
import TFRecordShards

/// `tfrec finalize`: once every task of a plan is done, checks that every shard is there
/// with a receipt of this plan, then writes the side files and `manifest.json`, the same
/// as a one-machine run of the same command writes (apart from `command`, which records
/// the command that made the plan), and removes the receipts.
public enum PlanFinalizer {
    /// Finalizes the plan in `directory`.
    ///
    /// - Parameter taskCount: the number of tasks, to name the owners of missing shards
    ///   (default: as the receipts record it).
    /// - Returns: the shards, in order, as the manifest lists them.
    /// - Throws: ``PlanIncompleteError`` when shards are missing or not confirmed (nothing is
    ///   written then); ``TFRecordError`` `.badInput` (no plan, a bad plan), `.usage`, `.io`.
    public static func finalize(directory path: String, taskCount: Int? = nil) throws -> [ShardInfo] {
        let progress = try PlanProgress(directory: path, taskCount: taskCount)
        guard progress.isComplete else { throw PlanIncompleteError(progress: progress) }
        let directory = try OutputDirectory(existing: path)
        let plan = progress.plan
        for file in plan.sideFiles {
            try directory.writeAtomically(name: file.name, contents: Array(file.contents.utf8))
        }
        var manifest = plan.manifest
        manifest.shards = progress.shards.map { shard in
            guard case .done(let info) = shard.state else { preconditionFailure("checked by isComplete") }
            return info
        }
        try manifest.write(to: directory)
        try directory.sync()
        try ShardReceipt.remove(shards: plan.shards.map(\.name), in: directory)
        return manifest.shards
    }
}

/// Shards of a plan that are not done: `finalize` lists them with the tasks that own them.
public struct PlanIncompleteError: Error, Sendable {
    /// Where every shard stands.
    public var progress: PlanProgress

    /// The unfinished shards, grouped by the task that owns them.
    public var missingByTask: [(task: Int, shards: [Int])] {
        Dictionary(grouping: progress.unfinished, by: \.task)
            .map { (task: $0.key, shards: $0.value.map(\.planned.index)) }
            .sorted { $0.task < $1.task }
    }
}
