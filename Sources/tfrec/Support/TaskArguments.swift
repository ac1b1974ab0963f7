import ArgumentParser
import Foundation
import TFRecord
import TFRecordConversion

/// `convert`'s options for running one task of a plan (`--plan`, `--task-index`,
/// `--task-count`, `--shard`).
struct TaskArguments: ParsableArguments {
    @Option(help: "Write shards of this plan (OUT/plan.json from tfrec plan) into its directory.")
    var plan: String?

    @Option(help: ArgumentHelp(
        "This task's index from 0, or auto: read it from the scheduler's environment.",
        discussion: "auto reads SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT, "
            + "JOB_COMPLETION_INDEX (Kubernetes; give --task-count), AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ARRAY_SIZE, "
            + "BATCH_TASK_INDEX and BATCH_TASK_COUNT (Google Batch), or PARALLEL_SEQ (GNU parallel, from 1; give --task-count)."))
    var taskIndex: String?

    @Option(help: "The number of tasks; task I writes shards ⌊I·S/N⌋ to ⌊(I+1)·S/N⌋−1 of the plan's S.")
    var taskCount: Int?

    @Option(help: "Write only this shard of the plan.")
    var shard: Int?

    /// Whether any option of a task was given.
    var isGiven: Bool { taskIndex != nil || taskCount != nil || shard != nil }

    func validate() throws {
        if shard != nil && (taskIndex != nil || taskCount != nil) {
            throw ValidationError("--shard and --task-index/--task-count exclude each other.")
        }
        if let shard, shard < 0 { throw ValidationError("--shard must be at least 0.") }
        if let taskCount, taskCount < 1 { throw ValidationError("--task-count must be at least 1.") }
        if let taskIndex, taskIndex != "auto" {
            guard let index = Int(taskIndex), index >= 0 else {
                throw ValidationError("--task-index must be a number from 0, or auto.")
            }
            guard let taskCount else { throw ValidationError("--task-index \(index) needs --task-count.") }
            if index >= taskCount { throw ValidationError("--task-index \(index) is outside 0...\(taskCount - 1).") }
        }
        if taskIndex == nil && taskCount != nil { throw ValidationError("--task-count goes with --task-index.") }
    }

    /// The shards of `plan` this task writes, and the task as receipts record it.
    func selection(in plan: ConversionPlan) throws -> (shards: Range<Int>, task: TaskAssignment?) {
        if let shard {
            guard shard < plan.shards.count else {
                throw ValidationError("--shard \(shard) is outside the plan's \(plan.shards.count) shards (0...\(plan.shards.count - 1)).")
            }
            return (shard..<(shard + 1), nil)
        }
        let assignment: TaskAssignment
        switch taskIndex {
        case nil: assignment = try TaskAssignment(index: 0, count: 1)
        case "auto":
            do throws(TFRecordError) {
                assignment = try TaskAssignment(environment: ProcessInfo.processInfo.environment, count: taskCount)
            } catch {
                throw ValidationError("--task-index auto: \(error.cliMessage).")
            }
        default: assignment = try TaskAssignment(index: Int(taskIndex!)!, count: taskCount!)
        }
        return (plan.shards(ofTask: assignment.index, count: assignment.count), assignment)
    }
}
