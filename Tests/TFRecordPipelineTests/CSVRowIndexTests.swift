import Foundation
import TFRecord
import Testing

@testable import TFRecordSources

/// The row index of a shuffled conversion against a plain Swift reference: split the file's
/// data on newlines.
@Suite struct CSVRowIndexTests {
    /// Files of every shape the index must get right.
    static let files: [[UInt8]] = [
        Array("1,2,3\n4,5,6\n7,8,9\n".utf8),
        Array("1,2,3\n4,5,6\n7,8,9".utf8),  // no final newline
        Array("label,a,b\r\n1,2,3\r\n\r\n4,5,6\r\n".utf8),  // header, CRLF, an empty line
        [0xEF, 0xBB, 0xBF] + Array("1,2\n3,4\n".utf8),  // byte-order mark
        Array("1\n".utf8),
        Array("1\n\n\n2\n".utf8),  // empty lines are rows (the parser rejects them)
        Array(sampleCSV(rows: 300, pixels: 20).utf8),
    ]

    /// The reference: each line of the data region with its offset, length and 1-based line.
    static func referenceRows(_ bytes: [UInt8], layout: CSVLayout, input: Int) -> [CSVRowIndex.Row] {
        var rows: [CSVRowIndex.Row] = []
        var start = layout.dataOffset
        var line = layout.firstDataLine
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let hasNewline = end < bytes.count
            rows.append(CSVRowIndex.Row(input: input, offset: start, length: end - start + (hasNewline ? 1 : 0),
                                        lacksNewline: !hasNewline, line: line))
            start = end + 1
            line += 1
        }
        return rows
    }

    @Test(arguments: [1, 2, 7, 4096, 1 << 20])
    func indexMatchesTheReference(blockSize: Int) throws {
        let scratch = ScratchDirectory()
        var index = CSVRowIndex()
        var expected: [CSVRowIndex.Row] = []
        // All files into one index, so rows of later files are numbered after earlier ones.
        for (number, bytes) in Self.files.enumerated() {
            let path = scratch.write("\(number).csv", bytes)
            let csv = try CSVInput(path: path, header: .auto, labelColumn: 0)
            try index.append(csv, blockSize: blockSize)
            expected += Self.referenceRows(bytes, layout: csv.layout, input: number)
        }
        #expect(index.rowCount == expected.count)
        #expect((0..<index.rowCount).map(index.row) == expected)
    }

    @Test func newlineScanMatchesAByteLoop() {
        var generator = SeededGenerator(seed: 11)
        for length in [0, 1, 15, 16, 31, 32, 33, 64, 1000, 4099] {
            for density in [1, 3, 50, 1000] {
                let bytes = (0..<length).map { _ in
                    generator.next(upperBound: density) == 0 ? UInt8(ascii: "\n") : UInt8(truncatingIfNeeded: generator.next())
                }
                var found: [Int] = []
                bytes.withUnsafeBytes { raw in CSVRowIndex.forEachNewline(in: raw) { found.append($0) } }
                #expect(found == bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }, "length \(length), density \(density)")
            }
        }
    }
}

extension CSVRowIndexTests {
    @Test func cancellingStopsTheScan() throws {
        let scratch = ScratchDirectory()
        // Larger than the 64 KiB read that finds the layout, so blocks follow.
        let path = scratch.write("big.csv", sampleCSV(rows: 1000, pixels: 60))
        let cancelled = CancellationFlag()
        cancelled.cancel()
        var index = CSVRowIndex()
        let error = Result { () throws(TFRecordError) in
            try index.append(try CSVInput(path: path, header: .auto, labelColumn: 0), blockSize: 4096, cancellation: cancelled)
        }.error
        #expect(error?.code == .interrupted)
    }
}
