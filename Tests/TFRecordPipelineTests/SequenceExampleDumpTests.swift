import Foundation
import TFRecord
import Testing

@testable import TFRecordTools

/// `tfrec dump` on files of `tf.train.SequenceExample`s: JSON lines, or a usage error.
@Suite struct SequenceExampleDumpTests {
    static func dump(_ paths: [String], format: RecordDumper.Format, into scratch: ScratchDirectory)
        throws(TFRecordError) -> (count: Int, text: String)
    {
        let output = try OutputFile(creating: scratch.file("out"))
        let count = try RecordDumper(format: format).dump(paths: paths, to: output)
        try output.close()
        let bytes = FileManager.default.contents(atPath: scratch.file("out")) ?? Data()
        return (count, String(decoding: bytes, as: UTF8.self))
    }

    @Test func jsonLinesHoldContextAndStepsInOrder() throws {
        let scratch = ScratchDirectory()
        let sequence = Features.sequenceExample(
            context: ["id": Features.int64([Int64.min, Int64.max]), "rate": Features.float([0.1]),
                      "name": Features.bytes(["clip \"7\"\n\u{1}é"])],
            lists: [
                "tokens": [Features.int64([1, 2]), Features.int64([]), Features.int64([-3])],
                "frames": [Features.float([1.5, -0.0, .nan, .infinity, -.infinity, 1e-7, 16_777_216])],
                "raw": [Features.bytes([[0xFF, 0x00, 0x41], []]), Tensorflow_Feature()],
            ])
        let path = try writeRecords(scratch.file("clips.tfrecord"), sequences: [sequence])
        let (count, text) = try Self.dump([path], format: .jsonl, into: scratch)
        #expect(count == 1)
        let expected = #"{"context": {"id": [-9223372036854775808, 9223372036854775807], "#
            + #""name": ["clip \"7\"\n\u0001é"], "rate": [0.1]}, "#
            + #""feature_lists": {"frames": [[1.5, -0.0, NaN, Infinity, -Infinity, 1e-07, 16777216.0]], "#
            + #""raw": [[[255, 0, 65], ""], []], "tokens": [[1, 2], [], [-3]]}}"# + "\n"
        #expect(text == expected)
    }

    /// In a SequenceExample file, a record without feature lists is a SequenceExample with
    /// context only, and is written in the same shape.
    @Test func contextOnlyRecordsOfASequenceExampleFileKeepTheShape() throws {
        let scratch = ScratchDirectory()
        let path = try writeRecords(
            scratch.file("mixed.tfrecord"), examples: [Features.example(["label": Features.int64([4])])],
            sequences: [Features.sequenceExample(context: [:], lists: ["x": [Features.float([2])]])])
        let (count, text) = try Self.dump([path], format: .jsonl, into: scratch)
        #expect(count == 2)
        #expect(text == #"""
            {"context": {"label": [4]}, "feature_lists": {}}
            {"context": {}, "feature_lists": {"x": [[2.0]]}}

            """#)
    }

    @Test(arguments: [RecordDumper.Format.csv, .npy])
    func formatsWithoutPlaceForStepsAreAUsageError(format: RecordDumper.Format) throws {
        let scratch = ScratchDirectory()
        let example = Features.example(["label": Features.int64([1]), "image": Features.bytes([[9]])])
        let examples = try writeRecords(scratch.file("a.tfrecord"), examples: [example])
        let clips = try writeRecords(scratch.file("b.tfrecord"), sequences: SequenceExampleInspectTests.clips())
        let error = #expect(throws: TFRecordError.self) {
            try Self.dump([examples, clips], format: format, into: scratch)
        }
        #expect(error?.code == .usage)
        #expect(error?.location.path == clips)
        #expect(error?.description == "\(clips): holds tf.train.SequenceExample records, whose feature lists "
                + "outputFormat \(format.rawValue) cannot hold: use outputFormat jsonl")
        // The kinds are read before writing: nothing of the Example file was written either.
        #expect(FileManager.default.contents(atPath: scratch.file("out"))?.count == 0)
    }

    /// Example files keep their image-and-label JSON lines.
    @Test func exampleFilesDumpAsBefore() throws {
        let scratch = ScratchDirectory()
        let example = Features.example(["label": Features.int64([3]), "image": Features.bytes([[0, 255]])])
        let path = try writeRecords(scratch.file("a.tfrecord"), examples: [example])
        let (count, text) = try Self.dump([path], format: .jsonl, into: scratch)
        #expect(count == 1)
        #expect(text == #"{"label": 3, "image": [0, 255]}"# + "\n")
    }

    /// Float images in JSON lines: NaN and the infinities as Python's json reads them.
    @Test func exampleFloatsAreValidJSONForPython() throws {
        let scratch = ScratchDirectory()
        let example = Features.example(["label": Features.int64([1]),
                                        "image": Features.float([0.5, .nan, .infinity, -.infinity])])
        let path = try writeRecords(scratch.file("f.tfrecord"), examples: [example])
        let (_, text) = try Self.dump([path], format: .jsonl, into: scratch)
        #expect(text == #"{"label": 1, "image": [0.5, NaN, Infinity, -Infinity]}"# + "\n")
    }
}
