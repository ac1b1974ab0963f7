import Foundation
import SwiftProtobuf
import TFRecord
import TFRecordImages
import TFRecordShards
import Testing

@testable import TFRecordConversion

/// Image folders as training sets: schemas, labels files, boxes, validation labels, splits
/// and skipped files, through the library.
@Suite struct ImageFolderSchemaTests {
    /// A `width`×`height` RGB (or gray) JPEG with a gradient, so that sizes differ by file.
    static func jpeg(width: Int, height: Int, channels: Int = 3, seed: Int = 0) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for i in pixels.indices { pixels[i] = UInt8(truncatingIfNeeded: i &* 7 &+ seed &* 31 &+ (i / (width * channels)) &* 3) }
        return try JPEGEncoder().encode(pixels: pixels.withUnsafeBufferPointer { $0 }, width: width, height: height,
                                        channels: channels, quality: 90)
    }

    static func write(_ scratch: ScratchDirectory, _ name: String, _ bytes: [UInt8]) throws {
        let directory = (scratch.file(name) as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = scratch.write(name, bytes)
    }

    /// An ImageNet-like training folder: two classes, three images, one gray.
    static func trainingFolder(_ scratch: ScratchDirectory) throws {
        try write(scratch, "train/n02/n02_1.JPEG", jpeg(width: 40, height: 30, seed: 1))
        try write(scratch, "train/n01/n01_2.JPEG", jpeg(width: 30, height: 40, seed: 2))
        try write(scratch, "train/n01/n01_1.JPEG", jpeg(width: 20, height: 20, channels: 1, seed: 3))
        _ = scratch.write("synsets.txt", "n02 second class, with text\nn01 first\n")
    }

    static func convert(_ folder: String, _ output: String, _ configure: (inout ImageFolderConversion.Options) -> Void = { _ in })
        -> Result<ConversionSummary, TFRecordError>
    {
        ImageFolderConversionTests.convert(folder, output, configure)
    }

    /// The examples of the shards the manifest of `directory` lists, in order.
    static func examples(_ directory: String) throws -> [Tensorflow_Example] {
        let manifest = try #require(try Manifest.read(fromDirectory: directory))
        var examples: [Tensorflow_Example] = []
        for shard in manifest.shards {
            let reader = try RecordReader(path: OutputDirectory.join(directory, shard.name))
            while let record = try reader.next() { examples.append(try Tensorflow_Example(serializedBytes: record)) }
        }
        return examples
    }

    static func int(_ example: Tensorflow_Example, _ key: String) -> [Int64] { example.features.feature[key]?.int64List.value ?? [] }
    static func floats(_ example: Tensorflow_Example, _ key: String) -> [Float] { example.features.feature[key]?.floatList.value ?? [] }
    static func text(_ example: Tensorflow_Example, _ key: String) -> String? {
        example.features.feature[key]?.bytesList.value.first.map { String(decoding: $0, as: UTF8.self) }
    }
    static func bytes(_ example: Tensorflow_Example, _ key: String) -> [UInt8] {
        [UInt8](example.features.feature[key]?.bytesList.value.first ?? Data())
    }

    @Test func imagenetSchemaLabelsFromTheLabelsFileFromOne() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        let summary = try Self.convert(scratch.file("train"), scratch.file("out")) {
            $0.schema = .imagenet
            $0.labelsFile = scratch.file("synsets.txt")
            $0.output.sharding = .shardCount(2)
        }.get()
        #expect(summary.rows == 3)
        #expect(scratch.list("out").filter { $0.hasPrefix("train-") } == ["train-00000-of-00002", "train-00001-of-00002"])
        let examples = try Self.examples(scratch.file("out"))
        #expect(examples.map { Self.text($0, "image/filename") } == ["n01_1.JPEG", "n01_2.JPEG", "n02_1.JPEG"])
        #expect(examples.map { Self.int($0, "image/class/label") } == [[2], [2], [1]])
        #expect(examples.map { Self.text($0, "image/class/synset") } == ["n01", "n01", "n02"])
        #expect(examples.map { Self.text($0, "image/class/text") } == ["first", "first", "second class, with text"])
        #expect(examples.map { Self.int($0, "image/width") } == [[20], [30], [40]])
        #expect(examples.map { Self.int($0, "image/height") } == [[20], [40], [30]])
        #expect(examples.allSatisfy { Self.text($0, "image/format") == "JPEG" && Self.text($0, "image/colorspace") == "RGB"
            && Self.int($0, "image/channels") == [3] })
        #expect(Set(examples[0].features.feature.keys).count == 10)
        // JPEGs pass through byte for byte.
        #expect(Self.bytes(examples[1], "image/encoded") == [UInt8](FileManager.default.contents(atPath: scratch.file("train/n01/n01_2.JPEG"))!))
        #expect(try String(contentsOfFile: scratch.file("out/labels.txt"), encoding: .utf8)
                == "1\tn02\tsecond class, with text\n2\tn01\tfirst\n")
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("out")))
        #expect(manifest.schema == "imagenet")
        #expect(manifest.labelOffset == 1)
        #expect(manifest.classCounts == ["n01": 2, "n02": 1])
    }

    @Test func boxesAreRelativeAndEveryRecordHasTheKeys() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        try Self.write(scratch, "boxes/n02/n02_1.xml", Array("""
            <annotation><size><width>40</width><height>30</height></size>
            <object><name>n02</name><bndbox><xmin>4</xmin><ymin>3</ymin><xmax>50</xmax><ymax>15</ymax></bndbox></object>
            </annotation>
            """.utf8))
        _ = try Self.convert(scratch.file("train"), scratch.file("out")) {
            $0.schema = .imagenet
            $0.boundingBoxes = scratch.file("boxes")
        }.get()
        let examples = try Self.examples(scratch.file("out"))
        #expect(examples.map { Self.floats($0, "image/object/bbox/xmin") } == [[], [], [0.1]])
        #expect(Self.floats(examples[2], "image/object/bbox/xmax") == [1])
        #expect(Self.floats(examples[2], "image/object/bbox/ymax") == [0.5])
        // Without a labels file: sorted directories from 1.
        #expect(examples.map { Self.int($0, "image/object/bbox/label") } == [[], [], [2]])
        #expect(examples.allSatisfy { $0.features.feature.keys.count == 15 })
    }

    @Test func flatValidationFolderWithItsLabelsAndSplitNames() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        try Self.write(scratch, "val/ILSVRC_2.JPEG", Self.jpeg(width: 16, height: 8))
        try Self.write(scratch, "val/ILSVRC_1.JPEG", Self.jpeg(width: 8, height: 16))
        _ = scratch.write("val.txt", "ILSVRC_1.JPEG n02\nILSVRC_2.JPEG n01\n")
        _ = try Self.convert(scratch.file("val"), scratch.file("out")) {
            $0.schema = .imagenet
            $0.labelsFile = scratch.file("synsets.txt")
            $0.validationLabels = scratch.file("val.txt")
            $0.split = "validation"
        }.get()
        #expect(scratch.list("out").contains("validation-00000-of-00001"))
        let examples = try Self.examples(scratch.file("out"))
        #expect(examples.map { Self.int($0, "image/class/label") } == [[1], [2]])
        // A class that is not in the labels file.
        _ = scratch.write("bad.txt", "ILSVRC_1.JPEG n02\nILSVRC_2.JPEG n09\n")
        let error = Self.convert(scratch.file("val"), scratch.file("out2")) {
            $0.schema = .imagenet
            $0.labelsFile = scratch.file("synsets.txt")
            $0.validationLabels = scratch.file("bad.txt")
        }.error
        #expect(error?.code == .badInput)
        #expect(error?.description.contains("bad.txt:2") == true, "\(String(describing: error))")
        #expect(scratch.list("out2").isEmpty)
    }

    @Test func skippedFilesAreListedInErrorsTSVAndLeftOutOfTheCounts() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        let good = try Self.jpeg(width: 40, height: 30, seed: 9)
        try Self.write(scratch, "train/n02/n02_2.JPEG", Array(good.prefix(good.count / 2)))
        try Self.write(scratch, "train/n02/n02_3.JPEG", [])
        let summary = try Self.convert(scratch.file("train"), scratch.file("out")) {
            $0.schema = .imagenet
            $0.onBadRow = .skip
        }.get()
        #expect(summary.rows == 3)
        #expect(summary.rejectedRows == 2)
        let errors = try String(contentsOfFile: scratch.file("out/errors.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", maxSplits: 1).map(String.init) }
        #expect(errors.map(\.[0]) == [scratch.file("train/n02/n02_2.JPEG"), scratch.file("train/n02/n02_3.JPEG")])
        #expect(errors.allSatisfy { $0.count == 2 && !$0[1].isEmpty })
        #expect(try Manifest.read(fromDirectory: scratch.file("out"))?.classCounts == ["n01": 2, "n02": 1])
        // Without skip, the first bad file fails the run and nothing is written.
        let error = Self.convert(scratch.file("train"), scratch.file("out2")) { $0.schema = .imagenet }.error
        #expect(error?.code == .badInput)
        #expect(error?.location.path == scratch.file("train/n02/n02_2.JPEG"))
        #expect(scratch.list("out2").isEmpty)
    }

    @Test func splitsShareOneLabelMapAndOneManifest() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        try Self.write(scratch, "val/v1.JPEG", Self.jpeg(width: 8, height: 8))
        _ = scratch.write("val.txt", "n02\n")
        var options = ImageFolderConversion.Options(folder: "", outputDirectory: scratch.file("out"))
        options.schema = .imagenet
        options.validationLabels = scratch.file("val.txt")
        let summary = try ImageFolderSplits(splits: [("train", scratch.file("train")), ("validation", scratch.file("val"))],
                                            options: options).run()
        #expect(summary.rows == 4)
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("out")))
        #expect(manifest.records == 4)
        #expect(manifest.shards.map(\.name) == ["train-00000-of-00001", "validation-00000-of-00001"])
        #expect(manifest.splits?["train"]?.records == 3)
        #expect(manifest.splits?["validation"]?.classCounts == ["n01": 0, "n02": 1])
        #expect(manifest.classCounts == ["n01": 2, "n02": 2])
        let examples = try Self.examples(scratch.file("out"))
        #expect(examples.map { Self.int($0, "image/class/label") } == [[1], [1], [2], [2]])
    }

    @Test func outputBytesDoNotDependOnTheThreadCount() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        for i in 0..<9 { try Self.write(scratch, "train/n03/n03_\(i).JPEG", Self.jpeg(width: 10 + i, height: 12, seed: i)) }
        var digests: [[String?]] = []
        for threads in [1, 3] {
            _ = try Self.convert(scratch.file("train"), scratch.file("out\(threads)")) {
                $0.schema = .imagenet
                $0.threads = threads
                $0.output.sharding = .recordsPerShard(4)
            }.get()
            digests.append(try #require(try Manifest.read(fromDirectory: scratch.file("out\(threads)"))).shards.map(\.sha256))
        }
        #expect(digests[0] == digests[1])
        #expect(digests[0].count == 3)
    }

    @Test func simpleSchemaAddsSizeAndFileNameAndKeepsPNG() throws {
        let scratch = ScratchDirectory()
        let png = try PNGEncoder().encode(pixels: [UInt8](repeating: 9, count: 12).withUnsafeBufferPointer { $0 },
                                          width: 4, height: 3, channels: 1)
        try Self.write(scratch, "in/cat/a.png", png)
        try Self.write(scratch, "in/dog/b.jpg", Self.jpeg(width: 5, height: 6))
        _ = try Self.convert(scratch.file("in"), scratch.file("out")) { $0.labelSource = .dir }.get()
        let examples = try Self.examples(scratch.file("out"))
        #expect(examples.map { Self.int($0, "label") } == [[0], [1]])
        #expect(examples.map { Self.int($0, "height") } == [[3], [6]])
        #expect(examples.map { Self.int($0, "width") } == [[4], [5]])
        #expect(examples.map { Self.text($0, "filename") } == ["a.png", "b.jpg"])
        #expect(Self.bytes(examples[0], "image") == png)
        #expect(try String(contentsOfFile: scratch.file("out/labels.txt"), encoding: .utf8) == "0\tcat\tcat\n1\tdog\tdog\n")
    }

    @Test func optionsThatDoNotFitAreUsageErrors() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        let cases: [(String, (inout ImageFolderConversion.Options) -> Void, String)] = [
            ("boxes with simple", { $0.boundingBoxes = "x" }, "boundingBoxes goes with schema imagenet"),
            ("key clash", { $0.imageKey = "width" }, "imageKey and labelKey must differ"),
            ("encoding with imagenet", { $0.schema = .imagenet; $0.encoding = .uint8 }, "encoding stores pixels"),
            ("resize with encoding", { $0.encoding = .uint8; $0.images.resize = .maxSide(8) }, "maxSide"),
            ("quality", { $0.quality = 0 }, "quality must be 1...100"),
        ]
        for (name, configure, message) in cases {
            let error = Self.convert(scratch.file("train"), scratch.file("out"), configure).error
            #expect(error?.code == .usage, "\(name)")
            #expect(error?.message.contains(message) == true, "\(name): \(String(describing: error))")
        }
    }

    @Test func linkLoopsAreWalkedOnceAndALabelsFileImpliesClassDirectories() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        try FileManager.default.createSymbolicLink(atPath: scratch.file("train/n01/loop"), withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: scratch.file("train/n02/up"), withDestinationPath: "..")
        // No schema or label source given: the labels file alone means class directories.
        let summary = try Self.convert(scratch.file("train"), scratch.file("out")) {
            $0.labelsFile = scratch.file("synsets.txt")
        }.get()
        #expect(summary.rows == 3)
        let examples = try Self.examples(scratch.file("out"))
        #expect(examples.map { Self.int($0, "label") } == [[1], [1], [0]])
    }

    @Test func aBadAnnotationLeavesOutItsImageAndAFailedSplitLeavesNothing() throws {
        let scratch = ScratchDirectory()
        try Self.trainingFolder(scratch)
        try Self.write(scratch, "boxes/n02_1.xml", Array("<annotation><size><width>0</width></size></annotation>".utf8))
        let summary = try Self.convert(scratch.file("train"), scratch.file("out")) {
            $0.schema = .imagenet
            $0.boundingBoxes = scratch.file("boxes")
            $0.onBadRow = .skip
        }.get()
        #expect(summary.rows == 2)
        let errors = try String(contentsOfFile: scratch.file("out/errors.tsv"), encoding: .utf8)
        #expect(errors.hasPrefix(scratch.file("train/n02/n02_1.JPEG") + "\tits boxes: " + scratch.file("boxes/n02_1.xml")), "\(errors)")
        #expect(try Manifest.read(fromDirectory: scratch.file("out"))?.classCounts == ["n01": 2, "n02": 0])

        // The validation split fails after train was written: nothing is left.
        try Self.write(scratch, "val/v1.JPEG", Array("not an image".utf8))
        _ = scratch.write("val.txt", "n01\n")
        var options = ImageFolderConversion.Options(folder: "", outputDirectory: scratch.file("splits"))
        options.schema = .imagenet
        options.validationLabels = scratch.file("val.txt")
        let error = Result { () throws(TFRecordError) in
            try ImageFolderSplits(splits: [("train", scratch.file("train")), ("validation", scratch.file("val"))],
                                  options: options).run()
        }.error
        #expect(error?.location.path == scratch.file("val/v1.JPEG"))
        #expect(scratch.list("splits").isEmpty, "\(scratch.list("splits"))")
    }
}
