import ArgumentParser

/// A command that reads where the tasks of a plan stand (`status`, `finalize`).
protocol PlanDirectoryCommand: ParsableCommand {
    /// The help of its `--task-count`: what the number of tasks is for.
    static var taskCountHelp: String { get }
}

/// The output directory of a plan and `--task-count`, of the commands that read its
/// receipts. The help of `--task-count` comes from `Command`.
struct PlanDirectoryArguments<Command: PlanDirectoryCommand>: ParsableArguments {
    @Argument(help: "The output directory of the plan.")
    var directory: String

    @Option(help: ArgumentHelp(Command.taskCountHelp))
    var taskCount: Int?

    func validate() throws {
        if let taskCount, taskCount < 1 { throw ValidationError("--task-count must be at least 1.") }
    }
}
