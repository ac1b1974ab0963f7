import Foundation
import TFRecord
import TFRecordTestSupport
import Testing

@testable import TFRecordSources

/// The streamed row parser against the whole-row parser, its reference: on random rows and
/// on rows broken in every way the grammar names, read in blocks of every size, it accepts
/// exactly the rows the whole-row parser accepts, with the same label, pixels and length.
@Suite struct CSVStreamedRowParserTests {
    /// What a parse of the first row of some bytes gave.
    struct Parsed: Equatable {
        var label: Int64?
        var pixels: [UInt8]
        var rowBytes: Int
    }

    /// The first row of `bytes` parsed whole, or `nil` when the whole-row parser rejects it.
    static func parseWhole(_ bytes: [UInt8], spec: CSVRowSpec, engine: CSVEngine) -> Parsed? {
        var pixels = [UInt8](repeating: 0, count: spec.pixelCount)
        var labels: [Int64] = [0]
        let outcome = bytes.withUnsafeBytes {
            CSVRowParser(spec: spec, engine: engine).parse($0, maxRows: 1, into: &pixels, labels: &labels)
        }
        guard outcome.rows == 1 else { return nil }
        return Parsed(label: spec.labelColumn == nil ? nil : labels[0], pixels: pixels, rowBytes: outcome.consumed)
    }

    /// The first row of `bytes` parsed as it streams, `blockSize` bytes read at a time, or
    /// `nil` when the streamed parser declines it.
    static func parseStreamed(_ bytes: [UInt8], spec: CSVRowSpec, engine: CSVEngine, blockSize: Int) throws -> Parsed? {
        let row = CSVStreamedRowParser(
            parser: CSVRowParser(spec: spec, engine: engine), from: 0, before: bytes.count, blockSize: blockSize
        ) { (buffer, offset) throws(TFRecordError) in
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + buffer.count)])) }
        }
        var pixels: [UInt8] = []
        while true {
            let progress = try row.parseNextRun()
            if progress == .invalid { return nil }
            try row.withRunPixels { pixels += $0 }
            if case .end(let rowBytes) = progress { return Parsed(label: row.label, pixels: pixels, rowBytes: rowBytes) }
        }
    }

    /// A valid row of `spec`: fields of 1 to 3 digits, now and then one with many leading
    /// zeros (a field longer than a block), and a label of up to 19 digits.
    static func validFields(_ spec: CSVRowSpec, _ random: inout SplitMix64) -> [String] {
        (0..<spec.columnCount).map { column in
            if column == spec.labelColumn {
                return random.chance(100) ? String(Int64.max) : String(random.below(1_000_000))
            }
            let value = String(random.below(256))
            return random.chance(20) ? String(repeating: "0", count: 1 + random.below(90)) + value : value
        }
    }

    /// `fields` as a line, broken in one of the ways the grammar rejects (or not at all).
    static func line(_ fields: [String], breaking how: Int, _ random: inout SplitMix64) -> String {
        var fields = fields
        let at = random.below(fields.count)
        switch how {
        case 1: fields.remove(at: at)  // too few fields
        case 2: fields.insert(String(random.below(256)), at: at)  // too many
        case 3: fields[at] = ""  // an empty field (a trailing comma when last)
        case 4: fields[at] = "256"
        case 5: fields[at] += ["\r", " ", "a", "-", "\t", "\u{1}", ".5"][random.below(7)]
        case 6: fields[at] = "-" + fields[at]
        case 7: fields[at] = String(repeating: "9", count: 20)  // a label past Int64.max, a pixel past 255
        case 8: fields = [""]  // an empty line
        default: break
        }
        return fields.joined(separator: ",")
    }

    @Test(arguments: [CSVEngine.scalar, .simd])
    func acceptsExactlyWhatTheWholeRowParserAccepts(engine: CSVEngine) throws {
        var random = SplitMix64(seed: 71)
        var accepted = 0
        for trial in 0..<1_500 {
            let columns = 1 + random.below(trial % 10 == 0 ? 5000 : 300)
            let spec = CSVRowSpec(columnCount: columns, labelColumn: random.chance(500) ? 0 : nil)
            let fields = Self.validFields(spec, &random)
            let lineEnd = ["\n", "\r\n", ""][random.below(3)]
            // The bytes after the row: the rows that follow it, or nothing.
            let after = lineEnd.isEmpty ? "" : ["", "1,2,3\n", "\n", ",,x\n"][random.below(4)]
            let text = Self.line(fields, breaking: random.chance(500) ? 0 : 1 + random.below(8), &random) + lineEnd + after
            let bytes = Array(text.utf8)
            guard !bytes.isEmpty else { continue }
            let whole = Self.parseWhole(bytes, spec: spec, engine: engine)
            for blockSize in [1, 2, 3, 7, 64, 1 + random.below(5000), 1 << 17] {
                let streamed = try Self.parseStreamed(bytes, spec: spec, engine: engine, blockSize: blockSize)
                #expect(streamed == whole, "trial \(trial), block \(blockSize): \(text.prefix(120).debugDescription)")
            }
            if whole != nil { accepted += 1 }
        }
        // Both kinds of row were tried, and plenty of each.
        #expect(accepted > 400 && accepted < 1_100)
    }

    @Test func rowsWhoseLabelIsNotFirstAreNotStreamed() {
        #expect(CSVStreamedRowParser.canParse(CSVRowSpec(columnCount: 5, labelColumn: nil)))
        #expect(CSVStreamedRowParser.canParse(CSVRowSpec(columnCount: 5, labelColumn: 0)))
        #expect(!CSVStreamedRowParser.canParse(CSVRowSpec(columnCount: 5, labelColumn: 4)))
    }

    @Test func readsTheRowOnceInBlocksAndStopsAtItsEnd() throws {
        let row = "7," + (0..<10_000).map { String($0 % 256) }.joined(separator: ",") + "\n"
        let bytes = Array((row + "1,2\n").utf8)
        var reads: [Range<Int>] = []
        let parser = CSVStreamedRowParser(
            parser: CSVRowParser(spec: CSVRowSpec(columnCount: 10_001, labelColumn: 0), engine: .auto), from: 0,
            before: bytes.count, blockSize: 4096
        ) { (buffer, offset) throws(TFRecordError) in
            reads.append(offset..<(offset + buffer.count))
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + buffer.count)])) }
        }
        var runs = 0
        var progress = CSVStreamedRowParser.Progress.more
        while progress == .more {
            progress = try parser.parseNextRun()
            runs += 1
        }
        #expect(progress == .end(rowBytes: row.utf8.count))
        #expect(parser.label == 7)
        // Consecutive blocks, each byte read once, none past the block holding the row's end.
        #expect(reads.first?.lowerBound == 0)
        #expect(zip(reads, reads.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(reads.count == (row.utf8.count + 4095) / 4096 && runs == reads.count)
    }
}
