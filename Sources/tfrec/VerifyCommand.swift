import ArgumentParser
import TFRecord
import TFRecordShards
import TFRecordTools

struct VerifyCommand: ThreadedCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record's CRCs, parse every Example, and match shard names and the manifest.",
        discussion: """
            Reads every file to its end: a damaged record does not stop the check. Each \
            problem is printed on stderr with its file, record index and byte offset — for \
            damaged records which check failed (length CRC, data CRC, or the file ending \
            inside the record) and how many bytes were skipped to the next record that \
            verifies. Prints a table of the shards and a total on stdout; exits 1 if anything \
            is wrong. `tfrec salvage` copies the records that still verify to a new file.

            Example:
              tfrec verify tfrecord/
              tfrec verify damaged.tfrec --max-errors 10
              tfrec verify tfrecord/ --threads 1
            """
    )

    @OptionGroup var input: RecordPathsArgument

    @Option(help: "How shard names encode their record counts.")
    var nameTemplate = ShardNameTemplate.reference

    @Option(help: "Stop after this many errors (default: no limit, every file is read to its end).")
    var maxErrors: Int?

    static let threadsHelp = "Files checked at a time (default: the number of cores). The report is the same for any number."
    @OptionGroup var threads: ThreadsOption<Self>

    @OptionGroup var compression: RecordCompressionOption

    @OptionGroup var progress: ProgressOption

    func validate() throws {
        if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be at least 1.") }
    }

    func run() throws {
        try reportingErrors {
            var verifier = ShardVerifier(template: nameTemplate)
            verifier.compression = compression.value
            let report = try progress.showing(unit: "record") { reporter in
                try verifier.verify(paths: input.paths, maxErrors: maxErrors, threads: threads.count,
                                    progress: reporter)
            }
            print(Self.table(report))
            for problem in report.problems { printError("error: \(problem)") }
            if report.stoppedAtErrorLimit, let maxErrors {
                let unchecked = report.uncheckedFiles.count
                printError("stopped after \(counted(maxErrors, "error")) (--max-errors)"
                           + (unchecked == 0 ? "" : "; \(counted(unchecked, "file")) not checked"))
            }
            if let problem = report.firstProblem { throw ExitCode(problem.code.exitCode) }
        }
    }

    static func table(_ report: VerificationReport) -> String {
        let total = "total (\(counted(report.shards.count, "file")))"
        let nameWidth = max(5, (report.shards.map(\.path) + report.uncheckedFiles + [total]).map(\.count).max() ?? 0)
        var lines = [pad("shard", nameWidth) + "  " + left("records", 9) + "  " + left("bytes", 13) + "  status"]
        for shard in report.shards {
            let status = switch shard.problems.count {
            case 0: "ok"
            case 1: "FAILED: \(shard.problems[0].message)"
            case let count: "FAILED: \(counted(count, "problem"))"
            }
            lines.append(pad(shard.path, nameWidth) + "  " + left(String(shard.records), 9) + "  "
                         + left(String(shard.bytes), 13) + "  " + status)
        }
        for file in report.uncheckedFiles {
            lines.append(pad(file, nameWidth) + "  " + left("-", 9) + "  " + left("-", 13) + "  not checked")
        }
        for problem in report.datasetProblems { lines.append("FAILED: \(problem)") }
        let bad = report.problemCount
        lines.append(pad(total, nameWidth) + "  " + left(String(report.records), 9)
                     + "  " + left(String(report.bytes), 13) + "  " + (bad == 0 ? "ok" : counted(bad, "problem")))
        return lines.joined(separator: "\n")
    }
}

func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
func left(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
