/// Turns "line `i` of chunk `c`" into a file and a 1-based line number, for the errors of
/// bad rows: counts the lines of consecutive chunks per input, and reads the origins that
/// gathered (shuffled) chunks carry.
///
/// The writer calls it with the chunks in order: ``locate(_:in:)`` for the chunk's bad rows,
/// then ``advance(past:lines:)``.
package struct CSVLineLocator {
    private let paths: [String]
    private let firstDataLines: [Int]
    /// The input of the last consecutive chunk, and its lines in earlier chunks.
    private var input = 0
    private var linesBefore = 0

    /// A locator for inputs `paths` whose data starts at the given 1-based lines.
    package init(paths: [String], firstDataLines: [Int]) {
        precondition(paths.count == firstDataLines.count)
        self.paths = paths
        self.firstDataLines = firstDataLines
    }

    /// The file and 1-based line of line `line` (0-based) of a chunk from `origin`.
    package func locate(_ line: Int, in origin: CSVChunk.Origin) -> (path: String, line: Int) {
        switch origin {
        case .consecutive(let input, _):
            // A chunk of the next input starts that input's count from zero.
            let before = input == self.input ? linesBefore : 0
            return (paths[input], firstDataLines[input] + before + line)
        case .gathered(let rows):
            return (paths[rows[line].input], rows[line].line)
        }
    }

    /// Counts the `lines` of a chunk from `origin` as read.
    package mutating func advance(past origin: CSVChunk.Origin, lines: Int) {
        guard case .consecutive(let input, _) = origin else { return }
        if input != self.input {
            self.input = input
            linesBefore = 0
        }
        linesBefore += lines
    }
}
