/// What ``RecordSalvager`` kept and what it had to leave out.
public struct SalvageSummary: Sendable, Equatable {
    /// The damaged file.
    public var input: String
    /// The file written.
    public var output: String
    /// Size of the input in bytes.
    public var inputBytes: Int
    /// Records copied to the output.
    public var records: Int
    /// Size of the output in bytes.
    public var outputBytes: Int
    /// Damaged regions left out.
    public var damagedRegions: Int
    /// Bytes of the input in damaged regions.
    public var skippedBytes: Int

    /// Creates a summary.
    public init(input: String, output: String, inputBytes: Int, records: Int, outputBytes: Int, damagedRegions: Int,
                skippedBytes: Int) {
        self.input = input
        self.output = output
        self.inputBytes = inputBytes
        self.records = records
        self.outputBytes = outputBytes
        self.damagedRegions = damagedRegions
        self.skippedBytes = skippedBytes
    }

    /// Whether the input had no damage, so the output is a copy of it.
    public var isClean: Bool { damagedRegions == 0 }
}
