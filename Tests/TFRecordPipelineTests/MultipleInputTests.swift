import Foundation
import TFRecord
import Testing

@testable import TFRecordConversion
@testable import TFRecordShards
@testable import TFRecordSources

/// Every shard file of a directory (manifest and side files left out) with its bytes.
func shardFiles(_ directory: String) -> [String: [UInt8]] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".tfrec") }
    return Dictionary(uniqueKeysWithValues: names.map { name in
        (name, [UInt8](FileManager.default.contents(atPath: directory + "/" + name) ?? Data()))
    })
}

/// Several CSV files as one input: the rows of each in turn, one layout, errors in the right file.
@Suite struct MultipleInputTests {
    @Test(arguments: [(1, 1 << 20), (2, 97), (3, 1000)])
    func severalInputsGiveTheBytesOfTheirConcatenation(threads: Int, chunkSize: Int) throws {
        let scratch = ScratchDirectory()
        let parts = [sampleCSV(rows: 37, pixels: 9, seed: 1), sampleCSV(rows: 1, pixels: 9, seed: 2),
                     sampleCSV(rows: 52, pixels: 9, seed: 3)]
        let inputs = parts.enumerated().map { scratch.write("part-\($0.offset).csv", $0.element) }
        let whole = scratch.write("whole.csv", parts.joined())
        let configure = { (options: inout CSVConversionOptions) in
            options.threads = threads
            options.chunkSize = chunkSize
            options.output.sharding = .recordsPerShard(25)
        }
        let summary = try convert(whole, into: scratch.file("whole"), configure).get()
        var options = CSVConversionOptions(inputs: inputs, outputDirectory: scratch.file("parts"))
        configure(&options)
        let several = try CSVConversion(options: options).run()
        #expect(several.rows == 90 && summary.rows == 90)
        #expect(several.shards == summary.shards)
        let expected = shardFiles(scratch.file("whole"))
        #expect(expected.count == 4)
        #expect(shardFiles(scratch.file("parts")) == expected)
    }

    @Test func headersByteOrderMarksAndLineEndsResolvePerFile() throws {
        let scratch = ScratchDirectory()
        let (a, b, c) = (sampleCSV(rows: 5, pixels: 4, seed: 1), sampleCSV(rows: 6, pixels: 4, seed: 2),
                         sampleCSV(rows: 7, pixels: 4, seed: 3))
        let inputs = [
            scratch.write("a.csv", "label,p0,p1,p2,p3\r\n" + a.replacingOccurrences(of: "\n", with: "\r\n")),
            scratch.write("b.csv", [0xEF, 0xBB, 0xBF] + Array(b.dropLast().utf8)),  // no final newline
            scratch.write("c.csv", c),
        ]
        let plain = scratch.write("plain.csv", a + b + c)
        _ = try convert(plain, into: scratch.file("plain")).get()
        var options = CSVConversionOptions(inputs: inputs, outputDirectory: scratch.file("parts"))
        options.threads = 2
        let summary = try CSVConversion(options: options).run()
        #expect(summary.rows == 18)
        #expect(try readRecords(directory: scratch.file("parts")) == (try readRecords(directory: scratch.file("plain"))))
    }

    @Test func differentFieldCountsNameBothFilesAndWriteNothing() {
        let scratch = ScratchDirectory()
        let a = scratch.write("a.csv", sampleCSV(rows: 3, pixels: 9))
        let b = scratch.write("b.csv", "label,x\n" + sampleCSV(rows: 3, pixels: 4))
        let error = Result { () throws(TFRecordError) in
            try CSVConversion(options: CSVConversionOptions(inputs: [a, b], outputDirectory: scratch.file("out"))).run()
        }.error
        #expect(error?.code == .badInput)
        #expect(error?.description == "\(b):2: rows have 5 fields, but those of \(a) have 10; every input needs the same layout")
        #expect(scratch.list("out").isEmpty)
    }

    @Test func badRowsAreLocatedInTheirOwnFile() throws {
        let scratch = ScratchDirectory()
        let a = scratch.write("a.csv", "label,p0,p1\n1,2,3\n4,x,6\n7,8,9\n")
        let b = scratch.write("b.csv", "1,2,3\n")
        let c = scratch.write("c.csv", "1,2,3\n4,5,6\n7,8,9\n9,9,300\n5,5,5")
        for chunkSize in [5, 1 << 20] {
            let failing = Result { () throws(TFRecordError) in
                var options = CSVConversionOptions(inputs: [b, c, a], outputDirectory: scratch.file("fail-\(chunkSize)"))
                options.chunkSize = chunkSize
                options.threads = 2
                return try CSVConversion(options: options).run()
            }.error
            #expect(failing?.description == "\(c):4:5: value 300 out of range 0...255 (field 3)")

            var options = CSVConversionOptions(inputs: [a, b, c, a], outputDirectory: scratch.file("skip-\(chunkSize)"))
            options.chunkSize = chunkSize
            options.onBadRow = .skip
            let summary = try CSVConversion(options: options).run()
            #expect(summary.rows == 2 + 1 + 4 + 2)
            let rejected = String(decoding: FileManager.default.contents(atPath: scratch.file("skip-\(chunkSize)/rejected.txt"))!,
                                  as: UTF8.self)
            #expect(rejected == """
                \(a):3:3: expected a digit, found 'x'
                \(c):4:5: value 300 out of range 0...255 (field 3)
                \(a):3:3: expected a digit, found 'x'

                """)
        }
    }

    @Test func patternsExpandInSortedOrder() throws {
        let scratch = ScratchDirectory()
        let rows = (0..<4).map { sampleCSV(rows: 3, pixels: 4, seed: UInt64($0 + 1)) }
        let names = ["part-10.csv", "part-2.csv", "part-1.csv", "odd[1].csv"]
        let paths = zip(names, rows).map { scratch.write($0, $1) }
        #expect(try InputPaths.expand([scratch.file("part-*.csv")])
            == [scratch.file("part-1.csv"), scratch.file("part-10.csv"), scratch.file("part-2.csv")])
        // Order of the arguments kept; an existing file with wildcard characters taken as it is.
        #expect(try InputPaths.expand([paths[3], scratch.file("part-1?.csv"), paths[0]]) == [paths[3], paths[0], paths[0]])
        #expect(try InputPaths.expand([scratch.file("missing.csv")]) == [scratch.file("missing.csv")])
        let none = Result { () throws(TFRecordError) in try InputPaths.expand([scratch.file("nothing-*.csv")]) }.error
        #expect(none == TFRecordError(.badInput, "no file matches this pattern",
                                       at: SourceLocation(path: scratch.file("nothing-*.csv"))))

        _ = try CSVConversion(options: CSVConversionOptions(
            inputs: [scratch.file("part-*.csv")], outputDirectory: scratch.file("pattern"))).run()
        _ = try CSVConversion(options: CSVConversionOptions(
            inputs: [paths[2], paths[0], paths[1]], outputDirectory: scratch.file("listed"))).run()
        #expect(shardFiles(scratch.file("pattern")) == shardFiles(scratch.file("listed")))
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("pattern")))
        #expect(manifest.sources == [paths[2], paths[0], paths[1]])
    }

    @Test func manifestNamesTheSources() throws {
        let scratch = ScratchDirectory()
        let a = scratch.write("a.csv", sampleCSV(rows: 3, pixels: 4))
        let b = scratch.write("b.csv", sampleCSV(rows: 2, pixels: 4))
        _ = try convert(a, into: scratch.file("one")).get()
        let one = try #require(try Manifest.read(fromDirectory: scratch.file("one")))
        #expect(one.source == a && one.sources == nil && one.shuffleSeed == nil)
        let json = String(decoding: FileManager.default.contents(atPath: scratch.file("one/manifest.json"))!, as: UTF8.self)
        #expect(!json.contains("\"sources\"") && !json.contains("\"shuffleSeed\""))

        _ = try CSVConversion(options: CSVConversionOptions(inputs: [a, b], outputDirectory: scratch.file("two"))).run()
        let two = try #require(try Manifest.read(fromDirectory: scratch.file("two")))
        #expect(two.source == a && two.sources == [a, b] && two.records == 5)
    }
}
