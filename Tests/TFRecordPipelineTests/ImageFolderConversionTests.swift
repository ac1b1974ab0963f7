import Foundation
import SwiftProtobuf
import TFRecord
import TFRecordImages
import Testing

@testable import TFRecordConversion

@Suite struct ImageFolderConversionTests {
    /// Writes a gray `side`×`side` PNG whose pixels are `value`.
    static func png(_ scratch: ScratchDirectory, _ name: String, value: UInt8, side: Int = 4) throws {
        let pixels = [UInt8](repeating: value, count: side * side)
        let bytes = try PNGEncoder().encode(pixels: pixels.withUnsafeBufferPointer { $0 }, width: side, height: side, channels: 1)
        let directory = (scratch.file(name) as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = scratch.write(name, bytes)
    }

    static func convert(_ folder: String, _ output: String, _ configure: (inout ImageFolderConversion.Options) -> Void = { _ in })
        -> Result<ConversionSummary, TFRecordError>
    {
        var options = ImageFolderConversion.Options(folder: folder, outputDirectory: output)
        options.threads = 2
        configure(&options)
        return Result { () throws(TFRecordError) in try ImageFolderConversion(options: options).run() }
    }

    @Test func labelsFromNamesInSortedOrderWithOriginalBytes() throws {
        let scratch = ScratchDirectory()
        for (name, value) in [("b_7.png", 70), ("a_3.png", 30), ("c_12.png", 120)] {
            try Self.png(scratch, "in/" + name, value: UInt8(value))
        }
        let summary = try Self.convert(scratch.file("in"), scratch.file("out")).get()
        #expect(summary.rows == 3)
        let examples = try readRecords(directory: scratch.file("out")).map { try Tensorflow_Example(serializedBytes: $0) }
        #expect(examples.map { $0.features.feature["label"]!.int64List.value } == [[3], [7], [12]])
        let stored = [UInt8](examples[0].features.feature["image"]!.bytesList.value[0])
        #expect(stored == [UInt8](FileManager.default.contents(atPath: scratch.file("in/a_3.png"))!))
    }

    @Test func labelsFromDirectoriesWriteLabelsTxt() throws {
        let scratch = ScratchDirectory()
        try Self.png(scratch, "in/dog/1.png", value: 1)
        try Self.png(scratch, "in/cat/2.png", value: 2)
        try Self.png(scratch, "in/cat/1.png", value: 3)
        _ = try Self.convert(scratch.file("in"), scratch.file("out")) {
            $0.labelSource = .dir
            $0.encoding = .uint8
        }.get()
        let examples = try readRecords(directory: scratch.file("out")).map { try Tensorflow_Example(serializedBytes: $0) }
        #expect(examples.map { $0.features.feature["label"]!.int64List.value } == [[0], [0], [1]])
        #expect(examples.map { [UInt8]($0.features.feature["image"]!.bytesList.value[0]).first } == [3, 2, 1])
        #expect(try String(contentsOfFile: scratch.file("out/labels.txt"), encoding: .utf8) == "0\tcat\tcat\n1\tdog\tdog\n")
    }

    @Test func badFolderInputsAreReportedAndLeaveNothing() throws {
        let cases: [(String, (ScratchDirectory) throws -> Void, String)] = [
            ("corrupt PNG", { s in
                try Self.png(s, "in/a_1.png", value: 1)
                var bytes = [UInt8](FileManager.default.contents(atPath: s.file("in/a_1.png"))!)
                bytes.removeLast(20)
                _ = s.write("in/b_2.png", bytes)
            }, "b_2.png: "),
            ("not an image", { s in
                try Self.png(s, "in/a_1.png", value: 1)
                _ = s.write("in/notes_2.txt", "hello")
            }, "notes_2.txt: not a JPEG or PNG image"),
            ("image bytes that are not an image", { s in
                try FileManager.default.createDirectory(atPath: s.file("in"), withIntermediateDirectories: true)
                _ = s.write("in/a_1.jpg", "hello")
            }, "a_1.jpg: not a JPEG or PNG image"),
            ("no label in the name", { s in
                try Self.png(s, "in/cat.png", value: 1)
            }, "cat.png: no label in the file name"),
            ("size differs", { s in
                try Self.png(s, "in/a_1.png", value: 1, side: 4)
                try Self.png(s, "in/b_1.png", value: 1, side: 5)
            }, "b_1.png: image is 5x5x1, expected 4x4x1"),
        ]
        for (name, make, message) in cases {
            let scratch = ScratchDirectory()
            try make(scratch)
            let error = Self.convert(scratch.file("in"), scratch.file("out")) { $0.encoding = .uint8 }.error
            #expect(error?.code == .badInput, "\(name)")
            #expect(error?.description.contains(message) == true, "\(name): \(String(describing: error))")
            #expect(scratch.list("out").isEmpty, "\(name)")
        }
    }

    @Test func skipListsBadImages() throws {
        let scratch = ScratchDirectory()
        try Self.png(scratch, "in/a_1.png", value: 1)
        _ = scratch.write("in/b_2.png", "garbage")
        try Self.png(scratch, "in/c_3.png", value: 3)
        let summary = try Self.convert(scratch.file("in"), scratch.file("out")) { $0.onBadRow = .skip }.get()
        #expect(summary.rows == 2)
        #expect(summary.rejectedRows == 1)
        let rejected = try String(contentsOfFile: scratch.file("out/errors.tsv"), encoding: .utf8)
        #expect(rejected.hasPrefix(scratch.file("in/b_2.png") + "\t"))
    }
}
