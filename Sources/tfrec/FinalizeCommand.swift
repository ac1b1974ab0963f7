import ArgumentParser
import Foundation
import TFRecord
import TFRecordConversion

/// `tfrec finalize`: the last step of a planned conversion.
struct FinalizeCommand: PlanDirectoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "Check that every shard of a plan is written and write its manifest.json.",
        discussion: """
            Every shard of OUT/plan.json must be in OUT with a receipt of this plan. Then the \
            side files (labels.txt) and manifest.json are written as tfrec convert on one \
            machine writes them; only the manifest's "command" differs (it records the \
            command that made the plan). Missing shards: exit 1, listing them with the tasks \
            that own them, and nothing is written.
            """
    )

    static let taskCountHelp = "The number of tasks, to name the owner of a missing shard (default: as the receipts record it)."
    @OptionGroup var planOutput: PlanDirectoryArguments<Self>

    func run() throws {
        try reportingErrors {
            do {
                let shards = try PlanFinalizer.finalize(
                    directory: planOutput.directory, taskCount: planOutput.taskCount)
                let records = shards.reduce(0) { $0 + $1.records }
                print("finalized \(counted(shards.count, "shard")) of \(counted(records, "record")): "
                      + (planOutput.directory as NSString).appendingPathComponent("manifest.json"))
            } catch let incomplete as PlanIncompleteError {
                let progress = incomplete.progress
                printError("error: \(progress.unfinished.count) of \(counted(progress.shards.count, "shard")) of the plan "
                           + "are not written; nothing was finalized")
                for (task, shards) in incomplete.missingByTask {
                    printError("  task \(task) of \(progress.taskCount): \(shards.count == 1 ? "shard" : "shards") "
                               + shards.map(String.init).joined(separator: ", "))
                }
                throw ExitCode(1)
            }
        }
    }
}
