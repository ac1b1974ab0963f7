/// Where a CSV row was in the inputs: which file and which line.
public struct CSVRowOrigin: Sendable, Equatable {
    /// The input's index in the list of inputs, from 0.
    public var input: Int
    /// The row's 1-based line number in that file (a header counts as a line).
    public var line: Int

    /// Creates an origin.
    public init(input: Int, line: Int) {
        self.input = input
        self.line = line
    }
}
