import ArgumentParser
import TFRecord
import TFRecordShards

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove the temporary files and resumable parts that killed or interrupted runs left in output directories.",
        discussion: """
            Runs write under hidden names (.tfrec-tmp-<pid>.<start>-<k>) and rename when \
            complete; a run that was killed (SIGKILL, out of memory, power loss) leaves them \
            behind. The next conversion into the directory removes them too. A file whose \
            process is still running, and started when the name says, belongs to a run in \
            progress and is kept. The complete shards an interrupted run kept for --resume \
            (.tfrec-part-<k> and .tfrec-resume.json) are removed too, unless a run is \
            writing into the directory. Lists each file on stdout, a summary on stderr.

            Example:
              tfrec clean tfrecord/ --dry-run
              tfrec clean tfrecord/
            """
    )

    @Argument(help: "Output directories.")
    var directories: [String]

    @Flag(help: "List what would be removed; remove nothing.")
    var dryRun = false

    func validate() throws {
        if directories.isEmpty { throw ValidationError("Name at least one directory.") }
    }

    func run() throws {
        try reportingErrors {
            for path in directories {
                let cleanup = try OutputDirectory(existing: path).clean(dryRun: dryRun, includingResumeState: true)
                let verb = dryRun ? "would remove" : "removed"
                for entry in cleanup.removed { print("\(verb) \(entry.path) (\(counted(entry.bytes, "byte"))): \(entry.reason)") }
                for entry in cleanup.kept { print("kept \(entry.path) (\(counted(entry.bytes, "byte"))): \(entry.reason)") }
                printError(Self.summary(cleanup))
            }
        }
    }

    /// `out: removed 2 temporary files (1265200 bytes); kept 1 of a run in progress`.
    static func summary(_ cleanup: DirectoryCleanup) -> String {
        if cleanup.removed.isEmpty && cleanup.kept.isEmpty { return "\(cleanup.directory): no temporary files" }
        let verb = cleanup.dryRun ? "would remove" : "removed"
        let count = cleanup.removed.count
        var text = "\(cleanup.directory): \(verb) \(counted(count, "temporary file")) (\(counted(cleanup.removedBytes, "byte")))"
        if !cleanup.kept.isEmpty { text += "; kept \(cleanup.kept.count) of a run in progress" }
        return text
    }
}
