import ArgumentParser

/// A command that runs its work on `--threads` threads.
protocol ThreadedCommand: ParsableCommand {
    /// The help of its `--threads`: what one thread does, and whether the output depends on
    /// the number.
    static var threadsHelp: String { get }
}

/// `--threads N`: how many threads a command runs on, one per core unless given. The help
/// comes from `Command`, since what a thread does differs between commands.
struct ThreadsOption<Command: ThreadedCommand>: ParsableArguments {
    @Option(help: ArgumentHelp(Command.threadsHelp))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    /// The number of threads to run on: as given, else the number of cores.
    var count: Int { threads ?? ConvertCommand.cores }
}
