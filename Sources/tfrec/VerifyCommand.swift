import ArgumentParser
import TFRecord
import TFRecordPipeline

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record's CRCs, parse every Example, and match shard names and the manifest.",
        discussion: """
            Prints a table of the shards and a total; exits 1 naming the file and byte offset \
            of the first bad record if anything is wrong.

            Example:
              tfrec verify tfrecord/
            """
    )

    @Argument(help: "Record files, or directories of shards.")
    var paths: [String]

    @Option(help: "How shard names encode their record counts.")
    var nameTemplate = ShardNameTemplate.reference

    @OptionGroup var compression: RecordCompressionOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one file or directory.") }
    }

    func run() throws {
        try reportingErrors {
            var verifier = ShardVerifier(template: nameTemplate)
            verifier.compression = compression.value
            let report = try verifier.verify(paths: paths)
            print(Self.table(report))
            if let problem = report.firstProblem {
                printError("error: \(problem)")
                throw ExitCode(problem.code.exitCode)
            }
        }
    }

    static func table(_ report: VerificationReport) -> String {
        let nameWidth = max(5, report.shards.map { $0.path.count }.max() ?? 0)
        var lines = [pad("shard", nameWidth) + "  " + left("records", 9) + "  " + left("bytes", 13) + "  status"]
        for shard in report.shards {
            let status = shard.problem.map { "FAILED: \($0.message)" } ?? "ok"
            lines.append(pad(shard.path, nameWidth) + "  " + left(String(shard.records), 9) + "  "
                         + left(String(shard.bytes), 13) + "  " + status)
        }
        for problem in report.datasetProblems { lines.append("FAILED: \(problem)") }
        let bad = report.shards.filter { $0.problem != nil }.count + report.datasetProblems.count
        lines.append(pad("total (\(report.shards.count) files)", nameWidth) + "  " + left(String(report.records), 9)
                     + "  " + left(String(report.bytes), 13) + "  " + (bad == 0 ? "ok" : "\(bad) problem(s)"))
        return lines.joined(separator: "\n")
    }
}

func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
func left(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
