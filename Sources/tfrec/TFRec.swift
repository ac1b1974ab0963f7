import ArgumentParser
import Foundation
import TFRecord

/// `tfrec`: converts image datasets into TFRecord shards, and reads, verifies and
/// inspects them.
@main
struct TFRec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tfrec",
        abstract: "Convert image datasets into TFRecord shards, and verify, repair and inspect them.",
        discussion: """
            Exit codes: 0 success, 1 bad input (malformed CSV, corrupt records; for salvage: \
            records were lost), 2 usage (bad options, output directory already holding \
            shards), 3 I/O failure (disk full, unwritable output), 4 done but image \
            files were left out (--on-error skip, listed in errors.tsv), 130 interrupted.
            """,
        version: TFRecordVersion.current,
        // Grouped by task in `tfrec --help`.
        groupedSubcommands: [
            CommandGroup(name: "Convert", subcommands: [ConvertCommand.self, ImagesCommand.self, SynthCommand.self]),
            CommandGroup(name: "Scale out", subcommands: [PlanCommand.self, FinalizeCommand.self]),
            CommandGroup(name: "Check & repair",
                         subcommands: [VerifyCommand.self, StatusCommand.self, SalvageCommand.self, CleanCommand.self]),
            CommandGroup(name: "Inspect",
                         subcommands: [InspectCommand.self, DumpCommand.self, PreviewCommand.self, IndexCommand.self]),
            CommandGroup(name: "Machine", subcommands: [DevicesCommand.self, BenchCommand.self]),
        ]
    )

    /// Runs the command line; usage errors exit 2 (the documented code) rather than
    /// ArgumentParser's EX_USAGE (64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                writeStandardError(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
