import Foundation
import TFRecord
import TFRecordTestSupport
import Testing

@testable import TFRecordSources

/// ``InputKind/detect(_:)``: by the first bytes, whatever the name; by the name only when
/// the bytes do not say.
@Suite struct InputKindTests {
    @Test func theFirstBytesDecide() throws {
        let scratch = ScratchDirectory()
        let npy = NPYTestFile.bytes(descr: "|u1", shape: [2, 2], data: [1, 2, 3, 4])
        let idx: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 2, 7, 9]
        let csv = Array("5,0,0,0\n".utf8)
        // A TFRecord frame: length 3, its masked CRC32C, the data and its CRC.
        var tfrecord: [UInt8] = [3, 0, 0, 0, 0, 0, 0, 0]
        let lengthCRC = tfrecord.withUnsafeBytes { CRC32C.maskedChecksum($0) }
        tfrecord += (0..<4).map { UInt8(truncatingIfNeeded: lengthCRC >> (8 * $0)) } + [1, 2, 3, 0, 0, 0, 0]
        try ZipTestArchive.write([.init("x_train.npy", npy, deflate: true)], to: scratch.file("data.csv"))
        try ZipTestArchive.write([.init("readme.txt", csv, deflate: false)], to: scratch.file("plain.zip"))
        let cases: [(String, [UInt8], InputKind)] = [
            // Names that mislead: the bytes win.
            ("array.csv", npy, .npy(compressed: false)),
            ("labels.csv", idx, .idx(compressed: false)),
            ("photo.csv", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16], .jpeg),
            ("picture.npy", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png),
            ("records.csv", tfrecord, .tfrecord),
            ("rows.gz", try gzipped(csv), .gzipText),
            ("x.gz", try gzipped(npy), .npy(compressed: true)),
            ("y.gz", try gzipped(idx), .idx(compressed: true)),
            ("table.txt", csv, .csv),
        ]
        for (name, bytes, kind) in cases {
            #expect(InputKind.detect(scratch.write(name, bytes)) == kind, "\(name)")
        }
        #expect(InputKind.detect(scratch.file("data.csv")) == .npz)
        #expect(InputKind.detect(scratch.file("data.csv") + ":x_train") == .npz)
        #expect(InputKind.detect(scratch.file("plain.zip")) == .zip)
        #expect(InputKind.detect(scratch.path) == .imageFolder)
        #expect(InputKind.detect("-") == .standardInput)
    }

    @Test func theNameDecidesWhenTheBytesDoNot() throws {
        let scratch = ScratchDirectory()
        let cases: [(String, [UInt8], InputKind)] = [
            ("empty.npy", [], .npy(compressed: false)),
            ("cut.npy", [0x93], .npy(compressed: false)),
            ("damaged.npz", Array("PK\u{3}\u{4}...".utf8), .npz),
            ("train-images-idx3-ubyte", [7], .idx(compressed: false)),
            ("train-images-idx3-ubyte.gz", [0x1F, 0x8B, 0], .idx(compressed: true)),
            ("x.npy.gz", [0x1F, 0x8B, 0], .npy(compressed: true)),
            ("data.csv", Array("1,2\n".utf8), .csv),
            ("empty.csv", [], .csv),
        ]
        for (name, bytes, kind) in cases {
            #expect(InputKind.detect(scratch.write(name, bytes)) == kind, "\(name)")
        }
        #expect(InputKind.detect(scratch.file("missing.csv")) == .csv)
        #expect(InputKind.detect(scratch.file("missing.npy")) == .npy(compressed: false))
        #expect(InputKind.npz.isArray && InputKind.idx(compressed: true).isArray && !InputKind.gzipText.isArray)
        #expect(InputKind.standardInput.isCSV && InputKind.csv.isCSV && !InputKind.jpeg.isCSV)
    }
}
