import Foundation
import SwiftProtobuf
import TFRecord
import TFRecordImages
import Testing

/// `tfrec convert FOLDER` for training sets: `--schema imagenet`, `--splits`, `--on-error
/// skip` (exit 4) and the options that go with folders only.
@Suite struct ImageFolderCLITests {
    static func jpeg(width: Int, height: Int) throws -> Data {
        let pixels = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        return Data(try JPEGEncoder().encode(pixels: pixels.withUnsafeBufferPointer { $0 }, width: width, height: height,
                                             channels: 3, quality: 90))
    }

    /// train/n01, train/n02 with two images each; val/ flat with its labels file.
    static func dataset() throws -> String {
        let dir = TFRecCLITests.scratch()
        for (index, path) in ["train/n01/a.JPEG", "train/n01/b.JPEG", "train/n02/c.JPEG", "train/n02/d.JPEG",
                              "val/v1.JPEG", "val/v2.JPEG"].enumerated() {
            let file = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: file, contents: try jpeg(width: 24 + index * 8, height: 16))
        }
        _ = FileManager.default.createFile(atPath: dir + "/val.txt", contents: Data("v1.JPEG n02\nv2.JPEG n01\n".utf8))
        _ = FileManager.default.createFile(atPath: dir + "/synsets.txt", contents: Data("n01 one\nn02 two\n".utf8))
        return dir
    }

    static func manifest(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/manifest.json"))) as! [String: Any]
    }

    @Test func imagenetSplitsInOneRun() throws {
        let dir = try Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try TFRecCLITests.tfrec("convert", "--splits", "train=train,validation=val", "--val-labels", "val.txt",
                                          "--schema", "imagenet", "--labels-file", "synsets.txt", "--shards", "2",
                                          "-o", "out", in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted()
        #expect(names == ["labels.txt", "manifest.json", "train-00000-of-00002", "train-00001-of-00002",
                          "validation-00000-of-00002", "validation-00001-of-00002"])
        let manifest = try Self.manifest(dir + "/out")
        #expect(manifest["records"] as? Int == 6)
        #expect(manifest["schema"] as? String == "imagenet")
        #expect(manifest["classCounts"] as? [String: Int] == ["n01": 3, "n02": 3])
        let splits = manifest["splits"] as? [String: [String: Any]]
        #expect(splits?["validation"]?["records"] as? Int == 2)
        #expect(try String(contentsOfFile: dir + "/out/labels.txt", encoding: .utf8) == "1\tn01\tone\n2\tn02\ttwo\n")
        let verify = try TFRecCLITests.tfrec("verify", "out", in: dir)
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func skippedFilesExitFourAndAreListed() throws {
        let dir = try Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/train/n01/empty.JPEG", contents: Data())
        _ = FileManager.default.createFile(atPath: dir + "/train/n02/notes.JPEG", contents: Data("hello".utf8))
        let failed = try TFRecCLITests.tfrec("convert", "train", "--schema", "imagenet", "-o", "out", in: dir)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("train/n01/empty.JPEG: "), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/manifest.json"))
        let run = try TFRecCLITests.tfrec("convert", "train", "--schema", "imagenet", "--on-error", "skip", "-o", "out2", in: dir)
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("2 files skipped, listed in errors.tsv"), "\(run.stderr)")
        let errors = try String(contentsOfFile: dir + "/out2/errors.tsv", encoding: .utf8).split(separator: "\n")
        #expect(errors.map { $0.split(separator: "\t")[0] } == ["train/n01/empty.JPEG", "train/n02/notes.JPEG"])
        #expect(try Self.manifest(dir + "/out2")["records"] as? Int == 4)
    }

    @Test func folderOptionsAreCheckedAndNamedAsFlags() throws {
        let dir = try Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/d.csv", contents: Data("1,2,3\n".utf8))
        let cases: [([String], Int32, String)] = [
            (["convert", "d.csv", "-o", "o", "--schema", "imagenet"], 2, "go with an image folder"),
            (["convert", "train", "-o", "o", "--max-side", "8", "--short-side", "8"], 2, "Give one of --max-side and --short-side"),
            (["convert", "train", "-o", "o", "--max-side", "0"], 2, "must be at least 1"),
            (["convert", "train", "-o", "o", "--bboxes", "b"], 2, "--bboxes goes with --schema imagenet"),
            (["convert", "train", "-o", "o", "--schema", "imagenet", "--encoding", "uint8"], 2, "--encoding stores pixels"),
            (["convert", "--splits", "train", "-o", "o"], 2, "--splits takes NAME=FOLDER"),
            (["convert", "val", "-o", "o", "--schema", "imagenet"], 1, "a flat folder needs --val-labels"),
            (["plan", "--splits", "train=train", "-o", "o"], 2, "plan each split on its own"),
        ]
        for (arguments, status, message) in cases {
            let run = try TFRecCLITests.tfrec(arguments: arguments, in: dir)
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
    }

    @Test func maxSideShrinksAndKeepsSmallImages() throws {
        let dir = try Self.dataset()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try TFRecCLITests.tfrec("convert", "train", "--schema", "imagenet", "--max-side", "30", "-o", "out", in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let reader = try RecordReader(path: dir + "/out/train-00000-of-00001")
        var widths: [Int64] = []
        while let record = try reader.next() {
            let example = try Tensorflow_Example(serializedBytes: record)
            widths += example.features.feature["image/width"]?.int64List.value ?? []
        }
        // 24 and 32 wide → 24 and 30; 40, 48 → 30.
        #expect(widths == [24, 30, 30, 30])
    }
}
