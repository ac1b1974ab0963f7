import ArgumentParser
import TFRecord
import TFRecordTools

struct SalvageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salvage",
        abstract: "Copy the records of a damaged record file that still verify into a new file.",
        discussion: """
            Copies every record whose length CRC and data CRC both match, unchanged and in \
            order. After damage (changed, missing or inserted bytes, a cut-off end) it \
            resumes at the next offset where a record starts whose header and data verify. \
            The output is written under a temporary name, synced and renamed: it appears \
            complete or not at all. Each damaged region is printed on stderr with its \
            offset, what was wrong and how many bytes were skipped, then a summary.

            Salvage has no --threads: it reads its one file once, in order, on one thread. \
            Where a record starts after damage depends on where the previous one ended, the \
            output keeps the input's order, and the CRC checks run faster than a disk reads.

            Exit codes: 0 the input had no damage (the output is a copy), 1 damage was found \
            and skipped (records were lost), 2 usage (the output exists without \
            --overwrite, or is the input), 3 I/O failure, 130 interrupted.

            Example:
              tfrec salvage damaged.tfrec -o repaired.tfrec
            """
    )

    @Argument(help: "The damaged record file.")
    var input: String

    @Option(name: .shortAndLong, help: "The record file to write; never the input.")
    var output: String

    @Flag(help: "Replace the output file if it exists.")
    var overwrite = false

    @OptionGroup var progress: ProgressOption

    func run() throws {
        try reportingErrors {
            let cancellation = CancellationFlag()
            let signals = ConvertCommand.cancelOnSignals(cancellation)
            defer { signals.forEach { $0.cancel() } }
            var salvager = RecordSalvager()
            salvager.progress = progress.reporter(unit: "record")
            // A damage line must not land in the middle of the progress line.
            let clearLine = progress.isShown ? "\r\u{1B}[K" : ""
            let summary = try progress.showing(unit: "record") { _ in
                try salvager.salvage(input: input, output: output, overwrite: overwrite, cancellation: cancellation) {
                    damage in
                    writeStandardError(clearLine)
                    printError("\(damage.error(path: input))")
                }
            }
            printError(Self.summary(summary))
            if !summary.isClean { throw ExitCode(TFRecordError.Code.badInput.exitCode) }
        }
    }

    /// `kept 96 records (607296 bytes) in good.tfrec; skipped 4 damaged regions (25174 bytes) of bad.tfrec`.
    static func summary(_ summary: SalvageSummary) -> String {
        let kept = "kept \(counted(summary.records, "record")) (\(counted(summary.outputBytes, "byte"))) in \(summary.output)"
        if summary.isClean { return kept + "; \(summary.input) had no damage" }
        let skipped = "\(counted(summary.damagedRegions, "damaged region")) (\(counted(summary.skippedBytes, "byte")))"
        return kept + "; skipped \(skipped) of \(summary.input)"
    }
}
