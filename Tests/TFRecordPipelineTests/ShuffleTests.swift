import Foundation
import TFRecord
import Testing

@testable import TFRecordConversion
@testable import TFRecordShards
@testable import TFRecordSources

/// `--shuffle --seed S`: output record i is input row RecordPermutation(count:seed:)[i],
/// the same bytes on every run, errors at the rows' original places.
@Suite struct ShuffleTests {
    /// Three inputs with a header, CRLF line ends, a byte-order mark and a missing final newline.
    static func inputs(_ scratch: ScratchDirectory) -> [String] {
        let (a, b, c) = (sampleCSV(rows: 41, pixels: 9, seed: 1), sampleCSV(rows: 1, pixels: 9, seed: 2),
                         sampleCSV(rows: 58, pixels: 9, seed: 3))
        return [
            scratch.write("a.csv", "label," + (0..<9).map { "p\($0)" }.joined(separator: ",") + "\n" + a),
            scratch.write("b.csv", [0xEF, 0xBB, 0xBF] + Array(b.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            scratch.write("c.csv", String(c.dropLast())),
        ]
    }

    static func run(_ inputs: [String], into output: String, _ configure: (inout CSVConversionOptions) -> Void = { _ in })
        -> Result<ConversionSummary, TFRecordError>
    {
        var options = CSVConversionOptions(inputs: inputs, outputDirectory: output)
        options.threads = 2
        options.output.sharding = .recordsPerShard(13)
        configure(&options)
        return Result { () throws(TFRecordError) in try CSVConversion(options: options).run() }
    }

    @Test func recordIIsUnshuffledRecordPermutationI() throws {
        let scratch = ScratchDirectory()
        let inputs = Self.inputs(scratch)
        _ = try Self.run(inputs, into: scratch.file("plain")).get()
        let summary = try Self.run(inputs, into: scratch.file("shuffled")) { $0.shuffleSeed = 9 }.get()
        let plain = try readRecords(directory: scratch.file("plain"))
        let shuffled = try readRecords(directory: scratch.file("shuffled"))
        #expect(summary.rows == 100 && plain.count == 100 && shuffled.count == 100)
        let order = RecordPermutation(count: 100, seed: 9)
        #expect(shuffled == order.map { plain[$0] })
        #expect(shuffled != plain)
        #expect(shuffled.sorted { $0.lexicographicallyPrecedes($1) } == plain.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(summary.notes.contains("records shuffled with seed 9"))
    }

    @Test(arguments: [(1, 1 << 20), (3, 50), (2, 1)])
    func sameSeedGivesTheSameBytes(threads: Int, chunkSize: Int) throws {
        let scratch = ScratchDirectory()
        let inputs = Self.inputs(scratch)
        _ = try Self.run(inputs, into: scratch.file("first")) { $0.shuffleSeed = 4 }.get()
        _ = try Self.run(inputs, into: scratch.file("again")) {
            $0.shuffleSeed = 4
            $0.threads = threads
            $0.chunkSize = chunkSize
        }.get()
        let first = shardFiles(scratch.file("first"))
        #expect(first.count == 8)
        #expect(shardFiles(scratch.file("again")) == first)
    }

    @Test func differentSeedsGiveDifferentOrdersOfTheSameRecords() throws {
        let scratch = ScratchDirectory()
        let inputs = Self.inputs(scratch)
        _ = try Self.run(inputs, into: scratch.file("one")) { $0.shuffleSeed = 1 }.get()
        _ = try Self.run(inputs, into: scratch.file("two")) { $0.shuffleSeed = 2 }.get()
        let one = try readRecords(directory: scratch.file("one"))
        let two = try readRecords(directory: scratch.file("two"))
        #expect(one != two)
        #expect(one.sorted { $0.lexicographicallyPrecedes($1) } == two.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func badRowsKeepTheirOriginalPlaces() throws {
        let scratch = ScratchDirectory()
        // Rows (input order): a:2 a:3(bad) a:4 b:1 b:2 c:1 c:2 c:3(bad) c:4 c:5(empty) c:6.
        let a = scratch.write("a.csv", "label,p0,p1\n1,2,3\n4,x,6\n7,8,9\n")
        let b = scratch.write("b.csv", "2,2,2\r\n3,3,3\r\n")
        let c = scratch.write("c.csv", "5,5,5\n6,6,6\n9,9,300\n8,8,8\n\n0,1,2")
        let bad = [1: "\(a):3:3: expected a digit, found 'x'", 7: "\(c):3:5: value 300 out of range 0...255 (field 3)",
                   9: "\(c):5: empty line, 3 values expected"]
        let order = RecordPermutation(count: 11, seed: 3)

        let failure = Self.run([a, b, c], into: scratch.file("fail")) { $0.shuffleSeed = 3 }.error
        #expect(failure?.description == bad[order.first { bad[$0] != nil }!])
        #expect(scratch.list("fail").isEmpty)

        for chunkSize in [1, 1 << 20] {
            let output = scratch.file("skip-\(chunkSize)")
            let summary = try Self.run([a, b, c], into: output) {
                $0.shuffleSeed = 3
                $0.onBadRow = .skip
                $0.chunkSize = chunkSize
                $0.encoding = .uint8
            }.get()
            #expect(summary.rows == 8 && summary.rejectedRows == 3)
            let rejected = try String(contentsOfFile: output + "/rejected.txt", encoding: .utf8)
            #expect(rejected == order.compactMap { bad[$0] }.map { $0 + "\n" }.joined())
            // The good rows in shuffled order, as the unshuffled run writes them.
            _ = try Self.run([a, b, c], into: scratch.file("plain-\(chunkSize)")) {
                $0.onBadRow = .skip
                $0.encoding = .uint8
            }.get()
            let plain = try readRecords(directory: scratch.file("plain-\(chunkSize)"))
            let goodRows = (0..<11).filter { bad[$0] == nil }
            let recordOfRow = Dictionary(uniqueKeysWithValues: zip(goodRows, plain))
            #expect(try readRecords(directory: output) == order.compactMap { recordOfRow[$0] })
        }
    }

    @Test func manifestRecordsTheSeed() throws {
        let scratch = ScratchDirectory()
        let inputs = Self.inputs(scratch)
        _ = try Self.run(inputs, into: scratch.file("out")) { $0.shuffleSeed = 0 }.get()
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("out")))
        #expect(manifest.shuffleSeed == 0)
        #expect(manifest.sources == inputs)
    }

    @Test func aPipeCannotBeShuffled() throws {
        let scratch = ScratchDirectory()
        let fifo = scratch.file("in.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Held open for writing so that opening it for reading does not block.
        let writer = open(fifo, O_RDWR)
        #expect(writer >= 0)
        defer { close(writer) }
        let rows = Array("1,2,3\n4,5,6\n".utf8)
        #expect(rows.withUnsafeBytes { write(writer, $0.baseAddress!, $0.count) } == rows.count)
        let error = Self.run([fifo], into: scratch.file("out")) { $0.shuffleSeed = 1 }.error
        #expect(error == TFRecordError(.usage, "shuffle reads its input twice and needs regular files, not a pipe or device",
                                       at: SourceLocation(path: fifo)))
    }
}
