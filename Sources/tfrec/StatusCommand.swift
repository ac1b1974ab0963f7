import ArgumentParser
import Foundation
import TFRecord
import TFRecordConversion

/// `tfrec status`: where the tasks of a plan stand.
struct StatusCommand: PlanDirectoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the shards of a plan that are done, being written and missing, per task.",
        discussion: """
            A shard is done when its file has a receipt of the plan; being written when a \
            temporary file of it belongs to a process that may still run (on this host and \
            alive, or on another host); without a receipt when a file has its name but no \
            receipt of this plan (its task writes it again); missing otherwise. Exit 0 \
            whatever the state.
            """
    )

    static let taskCountHelp = "The number of tasks to group the shards by (default: as the receipts record it)."
    @OptionGroup var planOutput: PlanDirectoryArguments<Self>

    func run() throws {
        try reportingErrors {
            let progress = try PlanProgress(directory: planOutput.directory, taskCount: planOutput.taskCount)
            let plan = progress.plan
            print("plan \(plan.id.prefix(12)): \(counted(plan.records, "record")) in \(counted(plan.shards.count, "shard")), "
                  + "\(counted(progress.taskCount, "task"))")
            for task in 0..<progress.taskCount {
                let range = plan.shards(ofTask: task, count: progress.taskCount)
                let shards = progress.shards[range]
                var done = 0
                var writing: [String] = []
                var missing: [Int] = []
                var unconfirmed: [Int] = []
                for shard in shards {
                    switch shard.state {
                    case .done: done += 1
                    case .writing(let host, let pid): writing.append("\(shard.planned.index) (pid \(pid) on \(host ?? "?"))")
                    case .missing: missing.append(shard.planned.index)
                    case .unconfirmed: unconfirmed.append(shard.planned.index)
                    }
                }
                let span = range.isEmpty ? "no shards" : range.count == 1 ? "shard \(range.lowerBound)"
                    : "shards \(range.lowerBound)-\(range.upperBound - 1)"
                var line = "task \(task): \(span): \(done) done"
                if !writing.isEmpty { line += "; being written: " + writing.joined(separator: ", ") }
                if !missing.isEmpty { line += "; missing: " + missing.map(String.init).joined(separator: ", ") }
                if !unconfirmed.isEmpty {
                    line += "; without a receipt of this plan: " + unconfirmed.map(String.init).joined(separator: ", ")
                }
                print(line)
            }
            let done = progress.shards.count - progress.unfinished.count
            print(progress.isComplete
                  ? "all \(counted(plan.shards.count, "shard")) done: run tfrec finalize \(planOutput.directory)"
                  : "\(done) of \(counted(plan.shards.count, "shard")) done")
        }
    }
}
