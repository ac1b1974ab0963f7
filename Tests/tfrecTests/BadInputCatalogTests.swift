import Foundation
import Testing

/// The bad-input catalog: every kind of broken input a user can hand `tfrec`, with the
/// exact first line of the message and the exit code (README: "Exit codes").
///
/// Each case builds its files in a scratch directory (`$DIR` in messages), runs one command
/// there and checks the status, the message and that no file appeared under a final shard
/// name. Inputs are built in code, from bytes, so that each one shows what is wrong with it.
@Suite struct BadInputCatalogTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Files to create, by path relative to the scratch directory.
        var files: [String: [UInt8]]
        var arguments: [String]
        var status: Int32
        /// The first line of stderr, `$DIR` standing for the scratch directory.
        var message: String
        /// Runs in the scratch directory after the files are written (e.g. to convert and
        /// then damage a shard).
        var prepare: (@Sendable (String) throws -> Void)?
        var testDescription: String { name }

        init(_ name: String, files: [String: [UInt8]] = [:], prepare: (@Sendable (String) throws -> Void)? = nil,
             _ arguments: [String], status: Int32, _ message: String) {
            self.name = name
            self.files = files
            self.prepare = prepare
            self.arguments = arguments
            self.status = status
            self.message = message
        }
    }

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    static func row(_ label: Int, pixels: Int = 784, value: String = "0") -> String {
        "\(label)" + String(repeating: ",\(value)", count: pixels) + "\n"
    }

    /// A valid 4×4 gray PNG and 8×8 gray JPEG (written by Pillow), and a 5×3 PNG.
    static let png4x4 = [UInt8](Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAAAAACMmsGiAAAAEElEQVR4nGNsYGBgYGJAIQAJ5ACIUhZOXwAAAABJRU5ErkJggg==")!)
    static let png5x3 = [UInt8](Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAUAAAADCAAAAAB+XZokAAAAEUlEQVR4nGNsYGBgYGBiQJAACMgAhnUCxkYAAAAASUVORK5CYII=")!)
    static let jpeg8x8 = [UInt8](Data(base64Encoded:
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAAIAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q==")!)

    static let csvCases: [Case] = [
        Case("CSV: letter in a pixel", files: ["d.csv": text(row(1) + "2,0,x" + String(repeating: ",0", count: 782) + "\n")],
             ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: d.csv:2:5: expected a digit, found 'x'"),
        Case("CSV: pixel above 255", files: ["d.csv": text(row(1) + row(2, value: "256"))],
             ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: d.csv:2:3: value 256 out of range 0...255 (field 2)"),
        Case("CSV: row with too few values", files: ["d.csv": text(row(1) + row(2, pixels: 783))],
             ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: d.csv:2: 785 values expected, found 784"),
        Case("CSV: empty line between rows", files: ["d.csv": text(row(1) + "\n" + row(2))],
             ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: d.csv:2: empty line, 785 values expected"),
        Case("CSV: negative label", files: ["d.csv": text("-1" + String(repeating: ",0", count: 784) + "\n")],
             ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: d.csv:1:1: expected a digit, found '-' (negative values are not allowed)"),
        Case("CSV: missing file", ["convert", "missing.csv", "-o", "out"], status: 1, "tfrec: error: missing.csv: cannot open: No such file or directory"),
        Case("CSV: empty file", files: ["d.csv": []], ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: d.csv: empty input: no rows"),
        Case("CSV: header only", files: ["d.csv": text("label,p1,p2\n")], ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: d.csv: no rows after the header"),
        Case("CSV: --shape that does not match the rows", files: ["d.csv": text(row(1))],
             ["convert", "d.csv", "-o", "out", "--shape", "20x20x1"], status: 2, "tfrec: error: d.csv: --shape 20x20x1 holds 400 values, but rows have 784 pixels"),
        Case("CSV: label column beyond the row", files: ["d.csv": text("1,2,3\n")],
             ["convert", "d.csv", "-o", "out", "--label-column", "7"], status: 1, "tfrec: error: d.csv:1: label column 7 does not exist: the first row has 3 fields"),
        Case("CSV: output path is a file", files: ["d.csv": text(row(1)), "out": text("not a directory\n")],
             ["convert", "d.csv", "-o", "out"], status: 1, "tfrec: error: out: output path exists and is not a directory"),
        Case("CSV: output holds an earlier run", files: ["d.csv": text(row(1)), "out/file_00-1.tfrec": []],
             ["convert", "d.csv", "-o", "out"], status: 2, "tfrec: error: out: already holds the output of an earlier run (file_00-1.tfrec); pass --overwrite to replace it"),
        Case("CSV: --shards with --records-per-shard", files: ["d.csv": text(row(1))],
             ["convert", "d.csv", "-o", "out", "--shards", "2", "--records-per-shard", "5"], status: 2, "Error: Give one of --records-per-shard, --shards and --shard-size."),
    ]

    static let imageCases: [Case] = [
        Case("images: truncated JPEG", files: ["img/a_1.jpg": Array(jpeg8x8.prefix(200))],
             ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img/a_1.jpg: corrupt JPEG header: Invalid JPEG file structure: missing SOS marker"),
        Case("images: text file named .png", files: ["img/a_1.png": text("hello\n")],
             ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img/a_1.png: not an image (6 bytes starting 68 65 6C 6C 6F 0A)"),
        Case("images: PNG with a damaged chunk", files: ["img/a_1.png": Array(png4x4.prefix(40)) + [0xFF] + Array(png4x4.dropFirst(41))],
             ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img/a_1.png: corrupt PNG header: IDA[FF]: invalid chunk type"),
        Case("images: file name without a label", files: ["img/picture.png": png4x4],
             ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img/picture.png: no label in the file name: expected <name>_<label>.<ext>, e.g. 123456789012_7.jpeg (or labels from class directories: --label-from dir)"),
        Case("images: empty folder", files: ["img/.keep": []], ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img: no files in the folder"),
        Case("images: sizes differ where one shape is needed", files: ["img/a_1.png": png4x4, "img/b_2.png": png5x3],
             ["convert", "img", "-o", "out", "--encoding", "uint8"], status: 1, "tfrec: error: img/b_2.png: image is 3x5x1, expected 4x4x1 like the others (or --shape)"),
    ]

    // MARK: TFRecord files

    /// CRC-32C (Castagnoli), bit by bit: the test's own reference, independent of the library.
    static func crc32c(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0x82F6_3B78 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func masked(_ crc: UInt32) -> [UInt8] {
        let value = ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
        return (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// One framed TFRecord record holding `payload`.
    static func record(_ payload: [UInt8]) -> [UInt8] {
        let length = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * $0)) }
        return length + masked(crc32c(length)) + payload + masked(crc32c(payload))
    }

    /// A tf.train.Example with `label` (int64) and `image` (bytes).
    static func example(label: UInt8, image: [UInt8]) -> [UInt8] {
        let labelFeature: [UInt8] = [0x1A, 0x03, 0x0A, 0x01, label]  // Feature{int64_list{value: label}}
        let imageFeature: [UInt8] = [0x0A, UInt8(image.count + 2), 0x0A, UInt8(image.count)] + image
        func entry(_ key: String, _ feature: [UInt8]) -> [UInt8] {
            let body = [0x0A, UInt8(key.utf8.count)] + Array(key.utf8) + [0x12, UInt8(feature.count)] + feature
            return [0x0A, UInt8(body.count)] + body
        }
        let features = entry("image", imageFeature) + entry("label", labelFeature)
        return [0x0A, UInt8(features.count)] + features
    }

    /// Three records of 4-pixel images.
    static let shard: [UInt8] = (0..<3).flatMap { record(example(label: UInt8($0), image: [0, 64, 128, 255])) }
    static let recordSize = record(example(label: 0, image: [0, 64, 128, 255])).count

    static func damaged(_ bytes: [UInt8], at offset: Int) -> [UInt8] {
        var copy = bytes
        copy[offset] ^= 0x40
        return copy
    }

    static let tfrecordCases: [Case] = [
        Case("TFRecord: data CRC mismatch", files: ["s.tfrec": damaged(shard, at: recordSize + 20)],
             ["verify", "s.tfrec"], status: 1, "tfrec: error: s.tfrec: record 1 at byte offset 53: data CRC mismatch (stored 0xd764634d, computed 0x93fe1457); skipped 53 bytes to the next valid record at byte offset 106"),
        Case("TFRecord: length CRC mismatch", files: ["s.tfrec": damaged(shard, at: recordSize + 9)],
             ["verify", "s.tfrec"], status: 1, "tfrec: error: s.tfrec: record 1 at byte offset 53: length CRC mismatch: the record header is corrupt; skipped 53 bytes to the next valid record at byte offset 106"),
        Case("TFRecord: file cut inside a record", files: ["s.tfrec": Array(shard.dropLast(7))],
             ["verify", "s.tfrec"], status: 1, "tfrec: error: s.tfrec: record 2 at byte offset 106: truncated record: 37 data bytes + 4 CRC bytes announced, 34 bytes left; skipped 46 bytes to the end of the file"),
        Case("TFRecord: not a record file", files: ["s.tfrec": text("label,image\n1,2\n")],
             ["verify", "s.tfrec"], status: 1, "tfrec: error: s.tfrec: record 0 at byte offset 0: length CRC mismatch: the record header is corrupt; skipped 16 bytes to the end of the file"),
        Case("TFRecord: record that is no protobuf message", files: ["s.tfrec": record([0xFF, 0xFF, 0xFF])],
             ["inspect", "s.tfrec"], status: 1, "tfrec: error: s.tfrec: record 0 at byte offset 0: record is neither a tf.train.Example nor a tf.train.SequenceExample"),
        Case("TFRecord: SequenceExamples dumped as CSV", files: ["s.tfrec": record([0x12, 0x00])],
             ["dump", "s.tfrec", "-o", "out.csv"], status: 2, "tfrec: error: s.tfrec: holds tf.train.SequenceExample records, whose feature lists --format csv cannot hold: use --format jsonl"),
        Case("TFRecord: image feature missing", files: ["s.tfrec": record(example(label: 1, image: [1, 2, 3, 4]))],
             ["dump", "s.tfrec", "--image-key", "pixels", "-o", "out.csv"], status: 1, "tfrec: error: s.tfrec: record 0 at byte offset 0: no feature 'pixels'; use --image-key"),
        Case("TFRecord: missing file", ["verify", "nothing.tfrec"], status: 1, "tfrec: error: nothing.tfrec: no such file or directory"),
        Case("TFRecord: manifest that does not parse",
             files: ["out/file_00-3.tfrec": shard, "out/manifest.json": text("{\"format\": ")],
             ["verify", "out"], status: 1, "tfrec: error: out/manifest.json: not a valid manifest: the file is not JSON"),
        Case("TFRecord: manifest digest differs", files: ["d.csv": text(row(1) + row(2))],
             prepare: { dir in
                 _ = try TFRecCLITests.tfrec("convert", "d.csv", "-o", "out", in: dir)
                 let path = dir + "/out/manifest.json"
                 let manifest = try String(contentsOfFile: path, encoding: .utf8)
                 let digest = try #require(manifest.firstRange(of: /"sha256" : "[0-9a-f]{64}"/))
                 try manifest.replacingCharacters(in: digest, with: "\"sha256\" : \"" + String(repeating: "0", count: 64) + "\"")
                     .write(toFile: path, atomically: true, encoding: .utf8)
             }, ["verify", "out"], status: 1, "tfrec: error: out/file_00-2.tfrec: SHA-256 69ba4f0db42ce0fd9bf4dd20b50f30c638067990bb4fddd3168133c6209481fa differs from the manifest's 0000000000000000000000000000000000000000000000000000000000000000"),
        Case("TFRecord: index of a gzip file", files: ["d.csv": text(row(1))],
             prepare: { dir in _ = try TFRecCLITests.tfrec("convert", "d.csv", "-o", "gz", "--compression", "gzip", in: dir) },
             ["index", "gz/file_00-1.tfrec"], status: 2, "tfrec: error: gz/file_00-1.tfrec: is gzip-compressed; .idx files index the byte offsets of uncompressed record files (decompress it first, or convert without --compression)"),
        Case("TFRecord: gzip shard cut short", files: ["d.csv": text(row(1) + row(2))],
             prepare: { dir in
                 _ = try TFRecCLITests.tfrec("convert", "d.csv", "-o", "gz", "--compression", "gzip", "--no-manifest", in: dir)
                 let path = dir + "/gz/file_00-2.tfrec"
                 let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                 try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
             }, ["verify", "gz"], status: 1, "tfrec: error: gz/file_00-2.tfrec: record 0 at byte offset 0: truncated gzip stream: the file ends after 64 bytes, before the end of the compressed data"),
        Case("TFRecord: salvage onto an existing file", files: ["s.tfrec": shard, "good.tfrec": []],
             ["salvage", "s.tfrec", "-o", "good.tfrec"], status: 2, "tfrec: error: good.tfrec: already exists; pass --overwrite to replace it"),
    ]

    // MARK: .npy and IDX arrays

    /// A `.npy` file (format 1.0) with `header` as its dictionary and `data` after it.
    static func npy(_ header: String, _ data: [UInt8]) -> [UInt8] {
        var dict = Array(header.utf8)
        let total = 10 + dict.count + 1
        dict += Array(repeating: UInt8(ascii: " "), count: (64 - total % 64) % 64) + [UInt8(ascii: "\n")]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.count & 0xFF), UInt8(dict.count >> 8)] + dict + data
    }

    static func images(_ count: Int) -> [UInt8] {
        npy("{'descr': '|u1', 'fortran_order': False, 'shape': (\(count), 2, 2), }", Array(repeating: 7, count: count * 4))
    }

    static func labels(_ count: Int) -> [UInt8] {
        npy("{'descr': '<i8', 'fortran_order': False, 'shape': (\(count),), }", Array(repeating: 0, count: count * 8))
    }

    static func idx(_ magic: [UInt8], dims: [UInt32], _ data: [UInt8]) -> [UInt8] {
        magic + dims.flatMap { d in (0..<4).reversed().map { UInt8(truncatingIfNeeded: d >> (8 * $0)) } } + data
    }

    static let arrayCases: [Case] = [
        Case("npy: bad magic", files: ["x.npy": text("PK\u{3}\u{4} not numpy"), "y.npy": labels(1)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: x.npy: not a .npy file: bad magic 50 4b 03 04 20 6e (a .npy file starts with 93 4e 55 4d 50 59, \\x93NUMPY)"),
        Case("npy: header cut short", files: ["x.npy": Array(images(2).prefix(30)), "y.npy": labels(2)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: x.npy: truncated .npy header: 128 bytes of header expected, the file ends after 30"),
        Case("npy: unsupported version", files: ["x.npy": [0x93] + Array("NUMPY".utf8) + [9, 0] + Array(images(1).dropFirst(8)),
                                                 "y.npy": labels(1)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: x.npy: unsupported .npy format version 9.0 (1.0, 2.0 and 3.0 are read)"),
        Case("npy: header without shape", files: ["x.npy": npy("{'descr': '|u1', 'fortran_order': False, }", [1]),
                                                  "y.npy": labels(1)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: x.npy: malformed .npy header: no 'shape': {'descr': '|u1', 'fortran_order': False, }"),
        Case("npy: complex dtype", files: ["x.npy": npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }",
                                                        Array(repeating: 0, count: 16)), "y.npy": labels(1)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: x.npy: unsupported dtype '<c16' (complex128); supported: uint8 (|u1), int32 (<i4, >i4), int64 (<i8, >i8), float32 (<f4, >f4)"),
        Case("npy: data shorter than the shape", files: ["x.npy": Array(images(3).dropLast(5)), "y.npy": labels(3)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: x.npy: data truncated: shape (3, 2, 2) of uint8 needs 12 bytes after the 128-byte header, the file has only 7"),
        Case("npy: fewer labels than images", files: ["x.npy": images(3), "y.npy": labels(2)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: y.npy: 2 labels for the 3 images of x.npy; every image needs one label"),
        Case("npy: int64 pixel above 255",
             files: ["x.npy": npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }",
                                  [5, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), "y.npy": labels(1)],
             ["convert", "--images", "x.npy", "--labels", "y.npy", "-o", "out"], status: 1, "tfrec: error: x.npy: record 0 at byte offset 136: value 256 at [0, 1] out of range 0...255 (pixels are bytes; use a float32 array for other values)"),
        Case("IDX: wrong magic", files: ["x-idx3-ubyte": idx([0, 0, 0x0F, 3], dims: [1, 2, 2], [1, 2, 3, 4]),
                                         "y-idx1-ubyte": idx([0, 0, 8, 1], dims: [1], [3])],
             ["convert", "x-idx3-ubyte", "--labels", "y-idx1-ubyte", "-o", "out"], status: 1, "tfrec: error: x-idx3-ubyte: not an IDX file: bad type code 0xf in magic 00 00 0f 03"),
        Case("IDX: data cut short", files: ["x-idx3-ubyte": idx([0, 0, 8, 3], dims: [2, 2, 2], [1, 2, 3, 4, 5]),
                                            "y-idx1-ubyte": idx([0, 0, 8, 1], dims: [2], [3, 4])],
             ["convert", "x-idx3-ubyte", "--labels", "y-idx1-ubyte", "-o", "out"], status: 1, "tfrec: error: x-idx3-ubyte: data truncated: shape (2, 2, 2) of uint8 needs 8 bytes after the 16-byte header, the file has only 5"),
        Case("IDX: corrupt gzip", files: ["x-idx3-ubyte.gz": [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + Array(repeating: 0xFF, count: 40),
                                          "y-idx1-ubyte": idx([0, 0, 8, 1], dims: [1], [3])],
             ["convert", "x-idx3-ubyte.gz", "--labels", "y-idx1-ubyte", "-o", "out"], status: 1, "tfrec: error: x-idx3-ubyte.gz: corrupt gzip data: invalid block type"),
    ]

    // MARK: Options that do not fit the input or each other

    static let optionCases: [Case] = [
        Case("options: --shuffle on an image folder", files: ["img/a_1.png": png4x4],
             ["convert", "img", "-o", "out", "--shuffle"], status: 2, "tfrec: error: --shuffle works with CSV input, not with an image folder"),
        Case("options: --index with --compression", files: ["d.csv": text(row(1))],
             ["convert", "d.csv", "-o", "out", "--index", "--compression", "gzip"], status: 2, "Error: --index cannot go with --compression gzip: .idx offsets count bytes of uncompressed shards."),
        Case("options: --resume of a run with other options", files: ["d.csv": text(row(1) + row(2) + row(3))],
             prepare: { dir in
                 // The journal of an interrupted run of another input or other options.
                 try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
                 try Data(#"{"fingerprint":"0","format":"swift-tfrecord resume journal","parts":[],"version":1}"#.utf8)
                     .write(to: URL(fileURLWithPath: dir + "/out/.tfrec-resume.json"))
             }, ["convert", "d.csv", "-o", "out", "--resume"], status: 2, "tfrec: error: out: cannot resume: the interrupted run had other input or options; rerun without --resume to start over"),
    ]

    static let cases = csvCases + imageCases + tfrecordCases + arrayCases + optionCases

    @Test(arguments: cases)
    func badInputGetsItsMessageAndExitCode(_ testCase: Case) throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, bytes) in testCase.files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        }
        try testCase.prepare?(dir)
        let before = Set(FileManager.default.subpaths(atPath: dir) ?? [])
        let run = try TFRecCLITests.tfrec(arguments: testCase.arguments, in: dir)
        let firstLine = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(run.status == testCase.status, "\(run.stderr)")
        #expect(firstLine.replacingOccurrences(of: dir, with: "$DIR") == testCase.message)
        // Nothing new but (perhaps) the empty output directory.
        let created = Set(FileManager.default.subpaths(atPath: dir) ?? []).subtracting(before)
        #expect(created.isSubset(of: ["out"]), "created \(created.sorted())")
    }

    @Test func theCatalogIsComplete() {
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "case names must be unique")
        #expect(Self.cases.count >= 30)
    }
}
