import ArgumentParser

/// `tfrec convert --shuffle [--seed S]`: a reproducible global shuffle of the records.
/// Maps onto the library's ``CSVConversionOptions/shuffleSeed``.
struct ShuffleArguments: ParsableArguments {
    /// The seed when `--shuffle` comes without `--seed`, so that a plain `--shuffle` is
    /// reproducible too.
    static let defaultSeed: UInt64 = 0

    @Flag(help: "Write the records in a random order across all shards, the same for the same input and seed.")
    var shuffle = false

    @Option(help: "The seed of --shuffle's order (default 0).")
    var seed: UInt64?

    func validate() throws {
        if seed != nil && !shuffle { throw ValidationError("--seed goes with --shuffle.") }
    }

    /// The library's option: `nil` keeps the input order.
    var shuffleSeed: UInt64? { shuffle ? seed ?? Self.defaultSeed : nil }
}
