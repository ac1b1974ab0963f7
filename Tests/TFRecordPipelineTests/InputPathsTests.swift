import Foundation
import TFRecord
import Testing

@testable import TFRecordConversion
@testable import TFRecordSources

/// One pattern expander for every kind of input: CSV files and arrays come out in the same
/// order, that of the names' UTF-8 bytes.
@Suite struct InputPathsTests {
    /// Names that `String` comparison and byte order sort differently. `String` compares the
    /// normalized forms (`é` then `a` against `é` then `b`: the precomposed one first); by
    /// bytes the decomposed `e` (0x65) comes before the precomposed `é` (0xC3).
    static let precomposed = "part-\u{E9}a"
    static let decomposed = "part-e\u{301}b"
    /// Byte order: `Z` (0x5A) before `a` (0x61) before `e` (0x65) before `é` (0xC3).
    static let byteOrder = ["part-Z", "part-a", decomposed, precomposed]

    /// The paths' bytes: `String` equality would take the two spellings of `é` as equal.
    static func bytes(_ paths: [String]) -> [[UInt8]] { paths.map { Array($0.utf8) } }

    @Test func csvAndArrayPatternsExpandInByteOrder() throws {
        let scratch = ScratchDirectory()
        for (seed, name) in Self.byteOrder.enumerated() {
            _ = scratch.write(name + ".csv", sampleCSV(rows: 2, pixels: 4, seed: UInt64(seed + 1)))
            _ = scratch.write(name + ".npy",
                              TestArray.pixels(rows: 2, rowShape: [2, 2], seed: UInt64(seed + 1)).npy(ArrayElementType(.uint8)))
        }
        let csv = Self.byteOrder.map { scratch.file($0 + ".csv") }
        let arrays = Self.byteOrder.map { scratch.file($0 + ".npy") }
        // The two old orders differ on these names, so the test tells them apart.
        #expect(Self.bytes(Self.byteOrder.sorted()) != Self.bytes(Self.byteOrder))

        #expect(Self.bytes(try InputPaths.expand([scratch.file("part-*.csv")])) == Self.bytes(csv))
        let resolved = try ArrayInputPaths.resolve(images: [scratch.file("part-*.npy")], labels: [])
        #expect(Self.bytes(resolved.images) == Self.bytes(arrays))
        #expect(resolved.labels.isEmpty)

        // A conversion of the pattern reads the files in that order (array conversions take
        // the paths resolved, as the CLI passes them).
        _ = try CSVConversion(options: CSVConversionOptions(
            inputs: [scratch.file("part-*.csv")], outputDirectory: scratch.file("csv-pattern"))).run()
        _ = try CSVConversion(options: CSVConversionOptions(inputs: csv, outputDirectory: scratch.file("csv-listed"))).run()
        #expect(!shardFiles(scratch.file("csv-listed")).isEmpty)
        #expect(shardFiles(scratch.file("csv-pattern")) == shardFiles(scratch.file("csv-listed")))
        _ = try convertArrays(resolved.images, into: scratch.file("npy-pattern")) { $0.labelColumn = nil }.get()
        _ = try convertArrays(arrays, into: scratch.file("npy-listed")) { $0.labelColumn = nil }.get()
        #expect(!shardBytes(scratch.file("npy-listed")).isEmpty)
        #expect(shardBytes(scratch.file("npy-pattern")) == shardBytes(scratch.file("npy-listed")))
    }

    @Test func unmatchedPatternsGiveOneErrorForEveryInput() throws {
        let scratch = ScratchDirectory()
        let pattern = scratch.file("nothing-*")
        let expected = TFRecordError(.badInput, "no file matches this pattern", at: SourceLocation(path: pattern))
        #expect(Result { () throws(TFRecordError) in try InputPaths.expand([pattern]) }.error == expected)
        #expect(Result { () throws(TFRecordError) in try ArrayInputPaths.resolve(images: [pattern], labels: []) }.error
            == expected)
        #expect(Result { () throws(TFRecordError) in
            try ArrayInputPaths.resolve(images: [scratch.write("x.npy", [UInt8]())], labels: [pattern])
        }.error == expected)
    }
}
