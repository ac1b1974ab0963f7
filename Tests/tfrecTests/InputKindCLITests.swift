import Foundation
import TFRecordTestSupport
import Testing

/// A binary file given where a CSV is read is named for what it is, with the way to read
/// it, and exits 2 (usage) before anything is written.
@Suite struct InputKindCLITests {
    /// Files of every kind, written in `dir`.
    static func writeFiles(in dir: String) throws {
        let npy = NPYTestFile.bytes(descr: "|u1", shape: [2, 2, 2], data: Array(repeating: 9, count: 8))
        func write(_ name: String, _ bytes: [UInt8]) {
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
        }
        write("x.npy", npy)
        write("train-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4])
        write("photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8))
        write("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        try ZipTestArchive.write([.init("x_train.npy", npy, deflate: true)], to: dir + "/data.npz")
        try ZipTestArchive.write([.init("notes.txt", Array("hello".utf8), deflate: false)], to: dir + "/notes.zip")
        #expect(try TFRecCLITests.tfrec("synth", "-o", "s.csv", "--rows", "3", in: dir).status == 0)
        #expect(try TFRecCLITests.tfrec("convert", "s.csv", "-o", "shards", in: dir).status == 0)
        try FileManager.default.copyItem(atPath: dir + "/shards/file_00-3.tfrec", toPath: dir + "/records.tfrec")
        try gzip(dir + "/s.csv", to: dir + "/s.csv.gz")
        try gzip(dir + "/x.npy", to: dir + "/x.npy.gz")
    }

    /// `gzip -c source > destination`, with the system's gzip.
    static func gzip(_ source: String, to destination: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c \"$0\" > \"$1\"", source, destination]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func convertNamesWhatItCannotReadAsCSV() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeFiles(in: dir)
        let cases: [(String, String)] = [
            ("photo.jpg", "photo.jpg is a JPEG image, not a CSV; tfrec convert reads images from a folder: "
                + "tfrec convert FOLDER -o DIR"),
            ("picture.png", "picture.png is a PNG image, not a CSV; tfrec convert reads images from a folder: "
                + "tfrec convert FOLDER -o DIR"),
            ("records.tfrec", "records.tfrec is a TFRecord file, not a CSV; it is converted already: read it with "
                + "tfrec inspect, tfrec verify or tfrec dump"),
            ("notes.zip", "notes.zip is a zip archive without .npy arrays, not a CSV; unzip it and convert the CSV files "
                + "or the folder of images it holds"),
            ("s.csv.gz", "s.csv.gz is gzip-compressed text; tfrec convert reads a compressed CSV from standard input: "
                + "tfrec convert - -o DIR < s.csv.gz"),
        ]
        for (input, message) in cases {
            let run = try TFRecCLITests.tfrec("convert", input, "-o", "out", in: dir)
            #expect(run.status == 2, "\(input): \(run.stderr)")
            #expect(run.stderr == "tfrec: error: \(message)\n")
        }
        // An array among CSV files: named, not read as a CSV.
        let mixed = try TFRecCLITests.tfrec("convert", "s.csv", "x.npy", "-o", "out", in: dir)
        #expect(mixed.status == 2)
        #expect(mixed.stderr == "tfrec: error: s.csv is a CSV file and x.npy a NumPy .npy array; convert arrays and other "
                + "inputs in separate runs\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func imagesNamesArraysItCannotReadAsCSV() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeFiles(in: dir)
        let cases: [(String, String)] = [
            ("x.npy", "x.npy is a NumPy .npy array, not a CSV; tfrec convert reads it: pass it as the input of convert "
                + "or with --images x.npy"),
            ("x.npy.gz", "x.npy.gz is a gzip-compressed NumPy .npy array, not a CSV; tfrec convert reads it: pass it as "
                + "the input of convert or with --images x.npy.gz"),
            ("train-images-idx3-ubyte", "train-images-idx3-ubyte is an IDX array (MNIST format), not a CSV; tfrec "
                + "convert reads it: pass it as the input of convert or with --images train-images-idx3-ubyte"),
            ("data.npz", "data.npz is a zip archive of NumPy arrays (.npz), not a CSV; tfrec convert reads it: pass it "
                + "as the input of convert (x_train and y_train, or its only images and labels) or pick its arrays "
                + "with --images data.npz:NAME --labels data.npz:NAME"),
            ("photo.jpg", "photo.jpg is a JPEG image, not a CSV; tfrec convert reads images from a folder: "
                + "tfrec convert FOLDER -o DIR"),
            ("records.tfrec", "records.tfrec is a TFRecord file, not a CSV; it is converted already: read it with "
                + "tfrec inspect, tfrec verify or tfrec dump"),
        ]
        for (input, message) in cases {
            let run = try TFRecCLITests.tfrec("images", input, "-o", "out", in: dir)
            #expect(run.status == 2, "\(input): \(run.stderr)")
            #expect(run.stderr == "tfrec: error: \(message)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }
}
