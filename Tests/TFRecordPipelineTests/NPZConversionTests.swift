import Foundation
import TFRecord
import TFRecordTestSupport
import Testing

@testable import TFRecordConversion
@testable import TFRecordSources

/// Members of a NumPy `.npz` convert to exactly the records of the CSV of the same values:
/// stored and deflated, in every dtype, byte order and element order, in order and shuffled;
/// whole archives resolve to the members a user means, or say why they cannot.
@Suite struct NPZConversionTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var type: ArrayElementType
        var fortran = false
        var deflate: Bool
        var testDescription: String { "\(type.npyDescriptor)\(fortran ? " fortran" : "")\(deflate ? " deflated" : " stored")" }
    }

    static let variants: [Variant] = [false, true].flatMap { deflate in
        [
            Variant(type: ArrayElementType(.uint8), deflate: deflate),
            Variant(type: ArrayElementType(.uint8), fortran: true, deflate: deflate),
            Variant(type: ArrayElementType(.int64, bigEndian: true), deflate: deflate),
            Variant(type: ArrayElementType(.int32, bigEndian: true), fortran: true, deflate: deflate),
        ]
    }

    @Test(arguments: variants)
    func membersGiveTheCSVPathsShards(_ variant: Variant) throws {
        let scratch = ScratchDirectory()
        let expected = try ArrayConversionTests.csvShards(scratch)
        let path = scratch.file("data.npz")
        try ZipTestArchive.write([
            .init("x_train.npy", ArrayConversionTests.images.npy(variant.type, fortran: variant.fortran), deflate: variant.deflate),
            .init("y_train.npy", ArrayConversionTests.labels.npy(ArrayElementType(.int64, bigEndian: true)), deflate: variant.deflate),
        ], to: path)
        let (images, labels) = try ArrayInputPaths.resolve(images: [path], labels: [])
        #expect(images == [path + ":x_train"] && labels == [path + ":y_train"])
        _ = try convertArrays(images, labels: labels, into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(30) }.get()
        #expect(shardBytes(scratch.file("out")) == expected)
        // Shuffled: the same records as the shuffled CSV, the members staged first.
        let shuffled = try ArrayConversionTests.csvShards(ScratchDirectory()) { $0.shuffleSeed = 9 }
        _ = try convertArrays(images, labels: labels, into: scratch.file("shuffled")) {
            $0.output.sharding = .recordsPerShard(30)
            $0.shuffleSeed = 9
        }.get()
        #expect(shardBytes(scratch.file("shuffled")) == shuffled)
        #expect(scratch.list("shuffled").allSatisfy { !$0.contains("staged") })
    }

    @Test func wholeArchivesResolveToTheirImagesAndLabels() throws {
        let scratch = ScratchDirectory()
        let x = ArrayConversionTests.images.npy(ArrayElementType(.uint8))
        let y = ArrayConversionTests.labels.npy(ArrayElementType(.uint8))
        let pair = scratch.file("pair.npz")
        try ZipTestArchive.write([.init("images.npy", x, deflate: true), .init("targets.npy", y, deflate: true)], to: pair)
        #expect(try ArrayInputPaths.resolve(images: [pair], labels: []) == ([pair + ":images"], [pair + ":targets"]))
        // Named labels: the archive as images is its image member, as labels its label member.
        #expect(try ArrayInputPaths.resolve(images: [pair], labels: [pair]) == ([pair + ":images"], [pair + ":targets"]))
        let only = scratch.file("only.npz")
        try ZipTestArchive.write([.init("data.npy", x, deflate: false)], to: only)
        #expect(try ArrayInputPaths.resolve(images: [only], labels: []) == ([only + ":data"], []))

        let ambiguous = scratch.file("two.npz")
        try ZipTestArchive.write([.init("a.npy", x, deflate: false), .init("b.npy", x, deflate: false),
                                  .init("c.npy", y, deflate: false)], to: ambiguous)
        #expect(throws: TFRecordError(.usage, "which arrays to convert is not clear: 2 members hold images; name them as "
                                      + "\(ambiguous):NAME. Members: a (70, 4, 4) uint8, b (70, 4, 4) uint8, c (70,) uint8",
                                      at: SourceLocation(path: ambiguous))) {
            _ = try ArrayInputPaths.resolve(images: [ambiguous], labels: [])
        }
        // Members named outright need no choice.
        #expect(try ArrayInputPaths.resolve(images: [ambiguous + ":b"], labels: [ambiguous + ":c"])
                == ([ambiguous + ":b"], [ambiguous + ":c"]))
        let missing = convertArrays([ambiguous + ":x_test"], into: scratch.file("m")).error
        #expect(missing == TFRecordError(.badInput, "no array x_test in this archive; its arrays: a (70, 4, 4) uint8, "
                                         + "b (70, 4, 4) uint8, c (70,) uint8", at: SourceLocation(path: ambiguous)))
        let whole = convertArrays([ambiguous], into: scratch.file("w")).error
        #expect(whole?.message == "a zip archive (NumPy .npz): name the array in it as \(ambiguous):NAME (its arrays: a, b, c)")
    }

    @Test func aMemberShorterOrLongerThanItsHeaderIsBadInput() throws {
        let scratch = ScratchDirectory()
        let x = ArrayConversionTests.images.npy(ArrayElementType(.uint8))
        let path = scratch.file("cut.npz")
        try ZipTestArchive.write([.init("short.npy", Array(x.dropLast(3)), deflate: true),
                                  .init("long.npy", x + [0], deflate: false)], to: path)
        let short = convertArrays([path + ":short"], into: scratch.file("s")).error
        #expect(short?.code == .badInput)
        #expect(short?.message.hasPrefix("data truncated: shape (70, 4, 4) of uint8 needs 1120 bytes") == true)
        let long = convertArrays([path + ":long"], into: scratch.file("l")).error
        #expect(long?.message.hasPrefix("1 bytes after the 1120 bytes that shape (70, 4, 4) of uint8 describes") == true)
        #expect(scratch.list("s").isEmpty && scratch.list("l").isEmpty)
    }
}
