import Foundation
import SwiftProtobuf
import TFRecord
import Testing

@testable import TFRecordSources

/// Each bad input gets a clear error with file, line and column, code `.badInput`, and
/// leaves nothing in the output directory: no shard under a final name, no temporary.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var message: String
        var header = CSVHeaderMode.auto
        var testDescription: String { name }
    }

    static let good = "1,2,3\n"

    static let cases: [Case] = [
        Case(name: "non-digit", bytes: Array("1,2,3\n4,x,6\n".utf8), message: "data.csv:2:3: expected a digit, found 'x'"),
        Case(name: "non-digit inside a value", bytes: Array("1,2,3\n4,5y,6\n".utf8),
             message: "data.csv:2:4: expected a digit, ',' or end of line, found 'y'"),
        Case(name: "negative", bytes: Array("1,2,3\n4,-5,6\n".utf8),
             message: "data.csv:2:3: expected a digit, found '-' (negative values are not allowed)"),
        Case(name: "value > 255", bytes: Array("1,2,3\n4,5,300\n".utf8),
             message: "data.csv:2:5: value 300 out of range 0...255 (field 3)"),
        Case(name: "label > Int64.max", bytes: Array("1,2,3\n9223372036854775808,5,6\n".utf8),
             message: "data.csv:2:1: label 9223372036854775808 out of range 0...9223372036854775807 (field 1)"),
        Case(name: "too few columns", bytes: Array("1,2,3\n4,5\n".utf8), message: "data.csv:2: 3 values expected, found 2"),
        Case(name: "too many columns", bytes: Array("1,2,3\n4,5,6,7,8\n".utf8), message: "data.csv:2: 3 values expected, found 5"),
        Case(name: "empty file", bytes: [], message: "data.csv: empty input: no rows"),
        Case(name: "only a BOM", bytes: [0xEF, 0xBB, 0xBF], message: "data.csv: empty input: no rows"),
        Case(name: "empty line", bytes: Array("1,2,3\n\n4,5,6\n".utf8), message: "data.csv:2: empty line, 3 values expected"),
        Case(name: "empty first line", bytes: Array("\n1,2,3\n".utf8), message: "data.csv:1: empty line"),
        Case(name: "empty CRLF line", bytes: Array("1,2,3\r\n\r\n".utf8), message: "data.csv:2: empty line, 3 values expected"),
        Case(name: "header with --header no", bytes: Array("label,a,b\n1,2,3\n".utf8),
             message: "data.csv:1:1: expected a digit, found 'l'", header: .no),
        Case(name: "header only", bytes: Array("label,a,b\n".utf8), message: "data.csv: no rows after the header"),
        Case(name: "empty field", bytes: Array("1,,3\n".utf8), message: "data.csv:1:3: expected a digit, found ','"),
        Case(name: "trailing comma", bytes: Array("1,2,3\n4,5,6,\n".utf8), message: "data.csv:2: 3 values expected, found 4"),
        Case(name: "trailing comma in the first row", bytes: Array("1,2,3,\n".utf8),
             message: "data.csv:1:7: expected a digit, found end of line"),
        Case(name: "space", bytes: Array("1,2, 3\n".utf8), message: "data.csv:1:5: expected a digit, found ' '"),
        Case(name: "lone CR", bytes: Array("1,2,3\r4,5,6\n".utf8),
             message: "data.csv:1:6: expected a digit, ',' or end of line, found '\\r'"),
        Case(name: "NUL byte", bytes: Array("1,2,3\n4,5,".utf8) + [0] + Array("\n".utf8),
             message: "data.csv:2:5: expected a digit, found byte 0x00"),
        Case(name: "decimal point", bytes: Array("1,2.5,3\n".utf8),
             message: "data.csv:1:4: expected a digit, ',' or end of line, found '.'"),
        Case(name: "error after the BOM", bytes: [0xEF, 0xBB, 0xBF] + Array("1,x,3\n".utf8),
             message: "data.csv:1:3: expected a digit, found 'x'"),
        Case(name: "comma at end of file", bytes: Array("1,2,".utf8), message: "data.csv:1:5: expected a digit, found end of file"),
    ]

    @Test(arguments: cases)
    func badInputIsReportedWithLocationAndLeavesNothing(_ testCase: Case) throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", testCase.bytes)
        // Streamed: every row is longer than a chunk and its record streams, so each is
        // parsed as it streams, a byte at a time, and a bad one then parsed whole.
        for engine in CSVEngine.allCases where engine.isAvailable {
            for streamed in [false, true] {
                let output = scratch.file("out-\(engine)-\(streamed)")
                let error = convert(input, into: output) {
                    $0.header = testCase.header
                    $0.engine = engine
                    if streamed { ($0.chunkSize, $0.streamedRecordSize) = (1, 1) }
                }.error
                let message = error?.description.replacingOccurrences(of: scratch.path + "/", with: "")
                #expect(message == testCase.message, "engine \(engine), streamed \(streamed)")
                #expect(error?.code == .badInput)
                #expect(scratch.list("out-\(engine)-\(streamed)").isEmpty, "engine \(engine) left files behind")
            }
        }
    }

    @Test func errorLineIsRightAcrossChunksAndShards() throws {
        let scratch = ScratchDirectory()
        var text = sampleCSV(rows: 500, pixels: 20)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[437] = lines[437].replacingOccurrences(of: ",0,", with: ",0x,")
        text = lines.joined(separator: "\n")
        let input = scratch.write("data.csv", text)
        let column = lines[437].utf8.split(separator: UInt8(ascii: "x"), omittingEmptySubsequences: false)[0].count + 1
        for threads in [1, 2, 4] {
            let error = convert(input, into: scratch.file("out")) {
                $0.threads = threads
                $0.chunkSize = 700
                $0.output.sharding = .recordsPerShard(50)
            }.error
            #expect(error?.location.line == 438)
            #expect(error?.location.column == column)
            #expect(scratch.list("out").isEmpty)
        }
    }

    @Test func missingInputIsBadInput() {
        let scratch = ScratchDirectory()
        let error = convert(scratch.file("nope.csv"), into: scratch.file("out")).error
        #expect(error?.code == .badInput)
        #expect(error?.description.hasSuffix("nope.csv: cannot open: No such file or directory") == true)
    }

    @Test func directoryAsInputIsBadInput() {
        // Root reads any file regardless of its mode bits, so "unreadable" is tested with
        // an input that cannot be read as a file.
        let scratch = ScratchDirectory()
        let error = convert(scratch.path, into: scratch.file("out")).error
        #expect(error?.code == .badInput)
        #expect(error?.message == "is a directory, expected a file")
    }

    @Test func outputPathThatIsAFileIsBadInput() {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", Self.good)
        let output = scratch.write("out", "I am a file")
        let error = convert(input, into: output).error
        #expect(error?.code == .badInput)
        #expect(error?.message == "output path exists and is not a directory")
        #expect((try? String(contentsOfFile: output, encoding: .utf8)) == "I am a file")
    }

    @Test func labelColumnBeyondTheRow() {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", Self.good)
        let error = convert(input, into: scratch.file("out")) { $0.labelColumn = 3 }.error
        #expect(error?.description.hasSuffix("data.csv:1: label column 3 does not exist: the first row has 3 fields") == true)
    }
}

@Suite struct SkipBadRowsTests {
    @Test func skipListsEveryBadRowAndKeepsTheRest() throws {
        let scratch = ScratchDirectory()
        let text = "1,2,3\n4,x,6\n7,8,9\n\n10,11,300\n12,13\n14,15,16"
        let input = scratch.write("data.csv", text)
        for threads in [1, 3] {
            for chunkSize in [4, 1 << 20] {
                let output = scratch.file("out-\(threads)-\(chunkSize)")
                let summary = try convert(input, into: output) {
                    $0.onBadRow = .skip
                    $0.encoding = .uint8
                    $0.threads = threads
                    $0.chunkSize = chunkSize
                }.get()
                #expect(summary.rows == 3)
                #expect(summary.rejectedRows == 4)
                let rejected = try String(contentsOfFile: output + "/rejected.txt", encoding: .utf8)
                    .replacingOccurrences(of: scratch.path + "/", with: "")
                #expect(rejected == """
                    data.csv:2:3: expected a digit, found 'x'
                    data.csv:4: empty line, 3 values expected
                    data.csv:5:7: value 300 out of range 0...255 (field 3)
                    data.csv:6: 3 values expected, found 2

                    """)
                let labels = try readRecords(directory: output).map {
                    try Tensorflow_Example(serializedBytes: $0).features.feature["label"]!.int64List.value
                }
                #expect(labels == [[1], [7], [14]])
            }
        }
    }
}
