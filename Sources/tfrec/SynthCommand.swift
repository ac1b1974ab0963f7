import ArgumentParser
import TFRecord
import TFRecordSynth

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a deterministic MNIST-like CSV of synthetic handwritten digits.",
        discussion: """
            Rows are label,p0,…,p783 (28×28 pixels, 0-255, no header), drawn from stroke \
            templates with random jitter, thickness, slant and shift. The same seed gives the \
            same file on every machine.

            Example:
              tfrec synth -o sample.csv --rows 20000 --seed 1
            """
    )

    @Option(name: .shortAndLong, help: "The CSV file to write.")
    var output: String

    @Option(help: "Number of rows.")
    var rows = 20_000

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    func validate() throws {
        if rows < 0 { throw ValidationError("--rows must not be negative.") }
    }

    func run() throws {
        try reportingErrors {
            try SynthCSVWriter.write(rows: rows, seed: seed, to: output)
            printError("wrote \(counted(rows, "row")) to \(output)")
        }
    }
}
