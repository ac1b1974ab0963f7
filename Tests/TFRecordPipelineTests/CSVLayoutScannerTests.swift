import Foundation
import TFRecord
import Testing

@testable import TFRecordSources

/// The streaming layout scan (``CSVLayoutScanner``, which never holds the first line) against
/// the whole-prefix reading it replaced, kept here as the reference; and the byte helpers it
/// and the row readers use against byte loops.
@Suite struct CSVLayoutScannerTests {
    /// What a layout reading gives: the layout's numbers, or the error's code, text and place.
    enum Outcome: Equatable {
        case layout(bom: Int, header: Int, columns: Int)
        case failure(TFRecordError.Code, String, TFRecord.SourceLocation?)
    }

    /// The reference: the first lines found in the whole input held at once (what
    /// `CSVLayout.detect(prefix:)` did before the scan streamed).
    static func reference(_ prefix: [UInt8], header: CSVHeaderMode, labelColumn: Int?, path: String) -> Outcome {
        func line(from start: Int) -> (start: Int, contentEnd: Int, next: Int) {
            var end = start
            while end < prefix.count && prefix[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end < prefix.count ? end + 1 : end
            let contentEnd = end > start && prefix[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
            return (start, contentEnd, next)
        }
        func looksLikeHeader(_ line: ArraySlice<UInt8>) -> Bool {
            guard let first = line.first else { return false }
            let isLetter = { (b: UInt8) in (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
            return !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) && line.contains(where: isLetter)
        }
        let bom = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let first = line(from: bom)
        let hasHeader = switch header {
        case .yes: true
        case .no: false
        case .auto: looksLikeHeader(prefix[first.start..<first.contentEnd])
        }
        let headerLength = hasHeader ? first.next - first.start : 0
        let data = line(from: hasHeader ? first.next : bom)
        let dataLine = hasHeader ? 2 : 1
        guard data.start < prefix.count else {
            return .failure(.badInput, hasHeader ? "no rows after the header" : "empty input: no rows",
                            TFRecord.SourceLocation(path: path))
        }
        guard data.contentEnd > data.start else {
            return .failure(.badInput, "empty line", TFRecord.SourceLocation(path: path, line: dataLine))
        }
        let columns = 1 + prefix[data.start..<data.contentEnd].filter { $0 == UInt8(ascii: ",") }.count
        if let labelColumn, labelColumn >= columns {
            return .failure(.badInput, "label column \(labelColumn) does not exist: the first row has \(columns) fields",
                            TFRecord.SourceLocation(path: path, line: dataLine))
        }
        return .layout(bom: bom, header: headerLength, columns: columns)
    }

    /// The scan, fed `bytes` in blocks of the sizes `blocks` draws.
    static func scanned(_ bytes: [UInt8], header: CSVHeaderMode, labelColumn: Int?, path: String,
                        blocks: inout SeededGenerator) -> Outcome {
        var scanner = CSVLayoutScanner(header: header)
        var start = 0
        bytes.withUnsafeBytes { raw in
            while start < raw.count && !scanner.isComplete {
                let end = min(raw.count, start + 1 + blocks.next(upperBound: (blocks.next(upperBound: 1000) < 500) ? 4 : 64))
                scanner.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
        do {
            let layout = try scanner.layout(path: path, labelColumn: labelColumn)
            return .layout(bom: layout.byteOrderMarkLength, header: layout.headerLength, columns: layout.spec.columnCount)
        } catch {
            return .failure(error.code, error.message, error.location)
        }
    }

    /// Inputs at the edges: empty, byte-order mark alone or cut short, CR and CRLF, empty
    /// lines, headers with and without data, a first line without a newline.
    static let edges: [[UInt8]] = [
        [], [0xEF], [0xEF, 0xBB], [0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0x0A], [0xEF, 0xBB, 0xBF, 0x0D, 0x0A],
        [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8), [0xEF, 0xBB, 0xBF] + Array("1,2,3".utf8),
        Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8), Array("\n\n".utf8), Array("a".utf8), Array("1".utf8),
        Array("a,b".utf8), Array("a,b\n".utf8), Array("a,b\n\n".utf8), Array("a,b\r\n\r\n1".utf8),
        Array("a,b\n1,2,3,4".utf8), Array("1,2\n".utf8), Array(",,,\n".utf8), Array("x1,2\n3,4\n".utf8),
        Array("1a,2\n3\n".utf8), Array(" a,b\n1,2\n".utf8), Array("label,pixel\r\n7,8\r\n".utf8),
    ]

    @Test func scanMatchesTheReferenceOnEdgesAndRandomInputs() {
        var generator = SeededGenerator(seed: 41)
        var blocks = SeededGenerator(seed: 42)
        let alphabet = Array("0123456789,,,,\n\r aZ-".utf8) + [0xEF, 0xBB, 0xBF]
        var inputs = Self.edges
        for _ in 0..<3000 {
            var bytes: [UInt8] = (generator.next(upperBound: 1000) < 200) ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<generator.next(upperBound: (generator.next(upperBound: 1000) < 100) ? 3000 : 40) {
                bytes.append(alphabet[generator.next(upperBound: alphabet.count)])
            }
            inputs.append(bytes)
        }
        for bytes in inputs {
            for header in [CSVHeaderMode.auto, .yes, .no] {
                for labelColumn in [nil, 0, 2] {
                    let expected = Self.reference(bytes, header: header, labelColumn: labelColumn, path: "in.csv")
                    let got = Self.scanned(bytes, header: header, labelColumn: labelColumn, path: "in.csv", blocks: &blocks)
                    #expect(got == expected, "\(bytes) header \(header) label \(String(describing: labelColumn))")
                }
            }
        }
    }

    @Test func scanStopsAfterTheLinesThatDecide() {
        var scanner = CSVLayoutScanner(header: .auto)
        Array("1,2,3\n4,5\n".utf8).withUnsafeBytes { scanner.feed($0) }
        #expect(scanner.isComplete)
        var withHeader = CSVLayoutScanner(header: .auto)
        Array("a,b,c\n".utf8).withUnsafeBytes { withHeader.feed($0) }
        #expect(!withHeader.isComplete)
        Array("1,2,3\n".utf8).withUnsafeBytes { withHeader.feed($0) }
        #expect(withHeader.isComplete)
    }

    @Test func wideFirstLineInAFileIsNotHeld() throws {
        // 3 million fields on one line (about 6 MB): the layout is read without holding it,
        // and the rows after it still reach the row index from the data offset.
        let scratch = ScratchDirectory()
        let wide = "7," + Array(repeating: "255", count: 2_999_999).joined(separator: ",") + "\n"
        let path = scratch.write("wide.csv", "label,pixels\n" + wide + wide)
        let csv = try CSVInput(path: path, header: .auto, labelColumn: 0)
        #expect(csv.layout.spec.columnCount == 3_000_000)
        #expect(csv.layout.dataOffset == 13)
        #expect(csv.buffered.isEmpty)
        var index = CSVRowIndex()
        try index.append(csv)
        #expect(index.rowCount == 2)
        #expect(index.row(1).offset == 13 + wide.utf8.count)
    }

    @Test func commaCensusMatchesAByteLoop() {
        var generator = SeededGenerator(seed: 43)
        for length in [0, 1, 15, 16, 31, 32, 33, 255, 256, 8159, 8160, 8161, 70_000] {
            for density in [1, 2, 7, 300] {
                let bytes = (0..<length).map { _ in
                    generator.next(upperBound: density) == 0 ? UInt8(ascii: ",") : UInt8(truncatingIfNeeded: generator.next())
                }
                let expectedCommas = bytes.filter { $0 == UInt8(ascii: ",") }.count
                let expectedLetter = bytes.contains { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
                // Every start offset modulo a vector, so that unaligned heads and tails are covered.
                for skip in 0..<min(length, 33) {
                    let slice = Array(bytes[skip...])
                    let got = slice.withUnsafeBytes { CSVLayoutScanner.commasAndLetters(in: $0) }
                    if skip == 0 {
                        #expect(got.commas == expectedCommas && got.hasLetter == expectedLetter, "length \(length)")
                    } else {
                        #expect(got.commas == slice.filter { $0 == UInt8(ascii: ",") }.count)
                    }
                }
            }
        }
    }

    @Test func newlineSearchesMatchByteLoops() {
        var generator = SeededGenerator(seed: 44)
        for length in [0, 1, 2, 4095, 4096, 4097, 9000, 70_000] {
            for density in [1, 5, 5000, 1 << 30] {
                let bytes = (0..<length).map { _ in
                    generator.next(upperBound: density) == 0 ? UInt8(ascii: "\n") : UInt8(ascii: "7")
                }
                bytes.withUnsafeBytes { raw in
                    #expect(CSVRowIndex.firstNewline(in: raw) == bytes.firstIndex(of: UInt8(ascii: "\n")))
                    #expect(CSVRowIndex.lastNewline(in: raw) == bytes.lastIndex(of: UInt8(ascii: "\n")))
                }
            }
        }
    }
}

