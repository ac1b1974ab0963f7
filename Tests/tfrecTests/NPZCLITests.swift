import Foundation
import TFRecordTestSupport
import Testing

/// `tfrec convert data.npz`: the members a user means, the same shards as the CSV of the
/// same values, and clear errors when the choice is not clear.
@Suite struct NPZCLITests {
    static let rows = 40
    /// Pixels of 4×4 gray images and labels 0...9, deterministic.
    static let pixels: [UInt8] = { var g = SplitMix64(seed: 11); return g.bytes(rows * 16) }()
    static let labels: [Int64] = (0..<rows).map { Int64(($0 * 7) % 10) }

    /// The CSV of rows `range`: label, then pixels.
    static func csv(_ range: Range<Int>) -> String {
        range.map { r in ([String(labels[r])] + pixels[(r * 16)..<((r + 1) * 16)].map { String($0) }).joined(separator: ",") + "\n" }
            .joined()
    }

    static func images(_ range: Range<Int>, fortran: Bool = false) -> [UInt8] {
        let values = Array(pixels[(range.lowerBound * 16)..<(range.upperBound * 16)])
        let shape = [range.count, 4, 4]
        return NPYTestFile.bytes(descr: "|u1", shape: shape, fortranOrder: fortran,
                                 data: fortran ? NPYTestFile.fortranOrder(values, shape: shape) : values)
    }

    static func labelArray(_ range: Range<Int>, bigEndian: Bool = false) -> [UInt8] {
        NPYTestFile.bytes(descr: bigEndian ? ">i8" : "<i8", shape: [range.count],
                          data: NPYTestFile.int64(Array(labels[range]), bigEndian: bigEndian))
    }

    @Test func keepsTrainByDefaultAndPicksMembersByName() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let train = 0..<30
        let test = 30..<40
        _ = FileManager.default.createFile(atPath: dir + "/train.csv", contents: Data(Self.csv(train).utf8))
        _ = FileManager.default.createFile(atPath: dir + "/test.csv", contents: Data(Self.csv(test).utf8))
        for deflate in [false, true] {
            try ZipTestArchive.write([
                .init("x_train.npy", Self.images(train, fortran: true), deflate: deflate),
                .init("y_train.npy", Self.labelArray(train, bigEndian: true), deflate: deflate),
                .init("x_test.npy", Self.images(test), deflate: deflate),
                .init("y_test.npy", Self.labelArray(test), deflate: deflate),
            ], to: dir + "/mnist.npz")
            let name = deflate ? "deflated" : "stored"
            #expect(try TFRecCLITests.tfrec("convert", "train.csv", "-o", "csv-train", "--records-per-shard", "8", "--overwrite", in: dir).status == 0)
            #expect(try TFRecCLITests.tfrec("convert", "test.csv", "-o", "csv-test", "--records-per-shard", "8", "--overwrite", in: dir).status == 0)
            let run = try TFRecCLITests.tfrec("convert", "mnist.npz", "-o", name, "--records-per-shard", "8", in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(ArrayCLITests.shards(dir + "/" + name) == ArrayCLITests.shards(dir + "/csv-train"))
            #expect(ArrayCLITests.shards(dir + "/" + name).count == 4)
            let picked = try TFRecCLITests.tfrec("convert", "--images", "mnist.npz:x_test", "--labels", "mnist.npz:y_test",
                                                 "-o", name + "-test", "--records-per-shard", "8", in: dir)
            #expect(picked.status == 0, "\(picked.stderr)")
            #expect(ArrayCLITests.shards(dir + "/" + name + "-test") == ArrayCLITests.shards(dir + "/csv-test"))
        }
    }

    @Test func choosesTheOnlyImagesAndLabelsOrSaysWhyNot() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = 0..<Self.rows
        _ = FileManager.default.createFile(atPath: dir + "/all.csv", contents: Data(Self.csv(all).utf8))
        #expect(try TFRecCLITests.tfrec("convert", "all.csv", "-o", "csv", in: dir).status == 0)
        try ZipTestArchive.write([.init("pixels.npy", Self.images(all), deflate: true),
                                  .init("digits.npy", Self.labelArray(all), deflate: true)], to: dir + "/pair.npz")
        let run = try TFRecCLITests.tfrec("convert", "pair.npz", "-o", "pair", in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(ArrayCLITests.shards(dir + "/pair") == ArrayCLITests.shards(dir + "/csv"))

        try ZipTestArchive.write([.init("a.npy", Self.images(all), deflate: false), .init("b.npy", Self.images(all), deflate: false),
                                  .init("c.npy", Self.labelArray(all), deflate: false)], to: dir + "/two.npz")
        let members = "a (40, 4, 4) uint8, b (40, 4, 4) uint8, c (40,) int64"
        let cases: [([String], Int32, String)] = [
            (["two.npz"], 2, "two.npz: which arrays to convert is not clear: 2 members hold images; name them as "
                + "two.npz:NAME. Members: \(members)"),
            (["--images", "two.npz:a", "--labels", "two.npz:y"], 1,
             "two.npz: no array y in this archive; its arrays: \(members)"),
            (["--images", "two.npz", "--labels", "two.npz:c"], 2,
             "two.npz: which array holds the images is not clear: 2 members have 2 or more dimensions; name one as "
                + "two.npz:NAME. Members: \(members)"),
        ]
        for (arguments, status, message) in cases {
            let run = try TFRecCLITests.tfrec(arguments: ["convert"] + arguments + ["-o", "out"], in: dir)
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.stderr == "tfrec: error: \(message)\n")
        }
        let named = try TFRecCLITests.tfrec("convert", "--images", "two.npz:b", "--labels", "two.npz:c.npy", "-o", "named", in: dir)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(ArrayCLITests.shards(dir + "/named") == ArrayCLITests.shards(dir + "/csv"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }
}
