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
        var testDescription: String { name }

        init(_ name: String, files: [String: [UInt8]] = [:], _ arguments: [String], status: Int32, _ message: String) {
            self.name = name
            self.files = files
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
             ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img/a_1.png: not a JPEG or PNG image: 6 bytes starting 68 65 6C 6C 6F 0A"),
        Case("images: PNG with a damaged chunk", files: ["img/a_1.png": Array(png4x4.prefix(40)) + [0xFF] + Array(png4x4.dropFirst(41))],
             ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img/a_1.png: corrupt PNG header: IDA[FF]: invalid chunk type"),
        Case("images: file name without a label", files: ["img/picture.png": png4x4],
             ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img/picture.png: no label in the file name: expected <name>_<label>.<ext>, e.g. 123456789012_7.jpeg"),
        Case("images: empty folder", files: ["img/.keep": []], ["convert", "img", "-o", "out"], status: 1, "tfrec: error: img: no JPEG or PNG images in the folder"),
        Case("images: sizes differ where one shape is needed", files: ["img/a_1.png": png4x4, "img/b_2.png": png5x3],
             ["convert", "img", "-o", "out", "--encoding", "uint8"], status: 1, "tfrec: error: img/b_2.png: image is 3x5x1, expected 4x4x1 like the others (or --shape)"),
    ]

    static let cases = csvCases + imageCases

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
