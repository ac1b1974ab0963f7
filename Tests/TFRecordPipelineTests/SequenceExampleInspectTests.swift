import Foundation
import TFRecord
import Testing

@testable import TFRecordTools

/// `tfrec inspect` on files of `tf.train.SequenceExample`s: kind, context, feature lists.
@Suite struct SequenceExampleInspectTests {
    /// Three clips with 2, 3 and 4 steps.
    static func clips() -> [Tensorflow_SequenceExample] {
        (0..<3).map { i in
            Features.sequenceExample(
                context: ["label": Features.int64([Int64(i % 2)]), "name": Features.bytes(["clip-\(i)"])],
                lists: [
                    "tokens": (0..<(i + 2)).map { t in Features.int64([Int64(t), Int64(-t * 10)]) },
                    "frames": (0..<(i + 2)).map { t in Features.float([Float(t) / 4, 1, 2]) },
                    "words": (0..<(i + 2)).map { t in Features.bytes([String(repeating: "w", count: t + 1)]) },
                ])
        }
    }

    @Test func reportsTheKindTheContextAndTheFeatureLists() throws {
        let scratch = ScratchDirectory()
        let path = try writeRecords(scratch.file("clips.tfrecord"), sequences: Self.clips())
        let summary = try DatasetInspector().inspect(paths: [path])
        #expect(summary.files.count == 1)
        #expect(summary.files[0].kind == .sequenceExample)
        #expect(summary.files[0].records == 3)

        #expect(summary.features["label"]?.kinds == ["int64_list"])
        #expect(summary.features["name"]?.byteSize == 6...6)
        #expect(summary.labelHistogram == [0: 2, 1: 1])

        let tokens = try #require(summary.featureLists["tokens"])
        #expect(tokens.present == 3)
        #expect(tokens.steps == 2...4)
        #expect(tokens.step.kinds == ["int64_list"])
        #expect(tokens.step.present == 2 + 3 + 4)
        #expect(tokens.step.valueCount == 2...2)
        #expect(tokens.step.int64Range == -30...3)
        let frames = try #require(summary.featureLists["frames"])
        #expect(frames.step.kinds == ["float_list"])
        #expect(frames.step.valueCount == 3...3)
        #expect(frames.step.floatRange == 0...2)
        let words = try #require(summary.featureLists["words"])
        #expect(words.step.kinds == ["bytes"])
        #expect(words.step.byteSize == 1...4)

        let text = DatasetSummaryText.render(summary)
        #expect(text.contains("\(path): 3 records, kind: SequenceExample"))
        #expect(text.contains("context (tf.train.SequenceExample):"))
        #expect(text.contains("feature lists (tf.train.SequenceExample):"))
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("feature list kind present steps values/step bytes/value min max"))
        #expect(lines.contains("tokens int64_list 3 2-4 2 - -30 3"))
        #expect(lines.contains("frames float_list 3 2-4 3 - 0.0 2.0"))
        #expect(lines.contains("words bytes 3 2-4 1 1-4 - -"))
        #expect(lines.contains("name bytes 3 1 6 - -"))
    }

    /// Records without feature lists in a file that has some are SequenceExamples with context
    /// only: the file is one SequenceExample file, and they are not counted as having the lists.
    @Test func aFileMixingBothKindsIsASequenceExampleFile() throws {
        let scratch = ScratchDirectory()
        let examples = (0..<2).map { _ in Features.example(["label": Features.int64([7])]) }
        let path = try writeRecords(scratch.file("mixed.tfrecord"), examples: examples, sequences: Self.clips())
        let summary = try DatasetInspector().inspect(paths: [path])
        #expect(summary.files[0].kind == .sequenceExample)
        #expect(summary.files[0].records == 5)
        #expect(summary.features["label"]?.present == 5)
        #expect(summary.featureLists["tokens"]?.present == 3)
        #expect(DatasetSummaryText.render(summary).contains("kind: SequenceExample"))
    }

    @Test func anExampleFileStillReportsExample() throws {
        let scratch = ScratchDirectory()
        let examples = (0..<4).map { i in
            Features.example(["label": Features.int64([Int64(i)]), "image": Features.bytes([[1, 2, 3, 4]])])
        }
        let path = try writeRecords(scratch.file("examples.tfrecord"), examples: examples)
        let summary = try DatasetInspector().inspect(paths: [path])
        #expect(summary.files[0].kind == .example)
        #expect(summary.featureLists.isEmpty)
        let text = DatasetSummaryText.render(summary)
        #expect(text.contains("\(path): 4 records, kind: Example"))
        #expect(text.contains("schema (tf.train.Example):"))
        #expect(!text.contains("feature lists"))
        #expect(!text.contains("SequenceExample"))
    }

    /// Inspecting an Example file and a SequenceExample file together names each file's kind.
    @Test func filesOfBothKindsAreNamedEach() throws {
        let scratch = ScratchDirectory()
        let example = Features.example(["label": Features.int64([1])])
        let examples = try writeRecords(scratch.file("a.tfrecord"), examples: [example])
        let clips = try writeRecords(scratch.file("b.tfrecord"), sequences: Self.clips())
        let summary = try DatasetInspector().inspect(paths: [examples, clips])
        #expect(summary.files.map(\.kind) == [.example, .sequenceExample])
        let text = DatasetSummaryText.render(summary)
        #expect(text.contains("\(examples): 1 record, kind: Example"))
        #expect(text.contains("\(clips): 3 records, kind: SequenceExample"))
        #expect(text.contains("features (tf.train.Example) and context (tf.train.SequenceExample):"))
    }

    @Test func aRecordThatIsNeitherKindNamesItsLocation() throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("bad.tfrecord")
        let writer = try RecordWriter(path: path)
        try writer.write(Features.example(["label": Features.int64([1])]))
        try writer.write([0x12, 0x09, 0x00])
        try writer.close()
        let error = #expect(throws: TFRecordError.self) { try DatasetInspector().inspect(paths: [path]) }
        #expect(error?.code == .badInput)
        #expect(error?.location.recordIndex == 1)
        #expect(error?.message.contains("neither a tf.train.Example nor a tf.train.SequenceExample") == true)
    }
}
