/// A record file with damage applied, that remembers which bytes are still the original
/// ones at their original place: the oracle of the salvage property test.
///
/// The file is a list of segments, each a range of the original file or foreign bytes
/// (garbage, flipped bytes, copies of other parts of the file). An original record is
/// untouched when one original segment holds all of its framed bytes.
struct DamagedFile {
    enum Segment: Equatable {
        case original(Range<Int>)
        case foreign([UInt8])

        var count: Int {
            switch self {
            case .original(let range): range.count
            case .foreign(let bytes): bytes.count
            }
        }
    }

    let original: [UInt8]
    private(set) var segments: [Segment]

    init(_ original: [UInt8]) {
        self.original = original
        self.segments = original.isEmpty ? [] : [.original(0..<original.count)]
    }

    var count: Int { segments.reduce(0) { $0 + $1.count } }

    var bytes: [UInt8] {
        segments.flatMap { segment -> [UInt8] in
            switch segment {
            case .original(let range): Array(original[range])
            case .foreign(let bytes): bytes
            }
        }
    }

    /// Replaces the bytes at `range` (positions in the damaged file) with foreign `bytes`.
    mutating func replace(_ range: Range<Int>, with bytes: [UInt8]) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        let start = split(at: range.lowerBound)
        let end = split(at: range.upperBound)
        segments.replaceSubrange(start..<end, with: bytes.isEmpty ? [] : [.foreign(bytes)])
        merge()
    }

    /// Whether the original bytes `range` are all still in place, in one original segment.
    func isUntouched(_ range: Range<Int>) -> Bool {
        segments.contains { segment in
            guard case .original(let kept) = segment else { return false }
            return kept.lowerBound <= range.lowerBound && range.upperBound <= kept.upperBound
        }
    }

    /// Ensures a segment boundary at `position`; returns the index of the segment starting there.
    private mutating func split(at position: Int) -> Int {
        var start = 0
        for (index, segment) in segments.enumerated() {
            if position == start { return index }
            let end = start + segment.count
            if position < end {
                let cut = position - start
                let (head, tail): (Segment, Segment) = switch segment {
                case .original(let range):
                    (.original(range.lowerBound..<(range.lowerBound + cut)),
                     .original((range.lowerBound + cut)..<range.upperBound))
                case .foreign(let bytes): (.foreign(Array(bytes[..<cut])), .foreign(Array(bytes[cut...])))
                }
                segments.replaceSubrange(index...index, with: [head, tail])
                return index + 1
            }
            start = end
        }
        return segments.count
    }

    /// Joins neighbours that continue each other, so that untouched records are never
    /// split across two segments.
    private mutating func merge() {
        var merged: [Segment] = []
        for segment in segments where segment.count > 0 {
            switch (merged.last, segment) {
            case (.original(let a)?, .original(let b)) where a.upperBound == b.lowerBound:
                merged[merged.count - 1] = .original(a.lowerBound..<b.upperBound)
            case (.foreign(let a)?, .foreign(let b)):
                merged[merged.count - 1] = .foreign(a + b)
            default:
                merged.append(segment)
            }
        }
        segments = merged
    }
}
