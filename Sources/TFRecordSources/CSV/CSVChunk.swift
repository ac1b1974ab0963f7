/// A run of complete CSV lines: the unit of parallel work.
public struct CSVChunk: Sendable {
    /// Where the lines of a chunk come from, for error locations.
    public enum Origin: Sendable, Equatable {
        /// Consecutive lines of input `input`, from byte `offset` of that file; they follow
        /// the lines of the input's previous chunk, so their line numbers are counted.
        case consecutive(input: Int, offset: Int)
        /// Rows gathered from anywhere (a shuffled order): line `i` of the chunk is row
        /// `rows[i]` of the inputs.
        case gathered(rows: [CSVRowOrigin])
    }

    /// Position of the chunk in the stream, from 0.
    public var index: Int
    /// The lines; every one ends in a newline except possibly the last line of an input.
    public var bytes: [UInt8]
    /// Where the lines come from.
    public var origin: Origin

    /// Creates a chunk.
    public init(index: Int, bytes: [UInt8], origin: Origin) {
        self.index = index
        self.bytes = bytes
        self.origin = origin
    }
}
