import Foundation
import SwiftProtobuf
import TFRecord
import Testing

/// The rule that tells a `tf.train.SequenceExample` from a `tf.train.Example`: field 2.
@Suite struct ExampleKindTests {
    static func int64Feature(_ values: [Int64]) -> Tensorflow_Feature {
        var feature = Tensorflow_Feature()
        feature.int64List.value = values
        return feature
    }

    static func example(label: Int64) -> Tensorflow_Example {
        var example = Tensorflow_Example()
        example.features.feature["label"] = int64Feature([label])
        return example
    }

    static func sequenceExample(label: Int64, steps: Int) -> Tensorflow_SequenceExample {
        var sequence = Tensorflow_SequenceExample()
        sequence.context.feature["label"] = int64Feature([label])
        var list = Tensorflow_FeatureList()
        list.feature = (0..<steps).map { int64Feature([Int64($0)]) }
        sequence.featureLists.featureList["tokens"] = list
        return sequence
    }

    @Test func exampleAndSequenceExampleRecords() {
        #expect(ExampleKind(record: Self.example(label: 3).deterministicBytes()) == .example)
        #expect(ExampleKind(record: Self.sequenceExample(label: 3, steps: 2).deterministicBytes()) == .sequenceExample)
        // A feature list without steps is still a feature list.
        #expect(ExampleKind(record: Self.sequenceExample(label: 3, steps: 0).deterministicBytes()) == .sequenceExample)
    }

    /// The ambiguity the rule documents: without feature lists the two messages have the same
    /// bytes, so such a record is an Example.
    @Test func contextOnlySequenceExampleIsTheSameBytesAsAnExample() {
        var contextOnly = Tensorflow_SequenceExample()
        contextOnly.context = Self.example(label: 5).features
        #expect(contextOnly.deterministicBytes() == Self.example(label: 5).deterministicBytes())
        #expect(ExampleKind(record: contextOnly.deterministicBytes()) == .example)
        #expect(ExampleKind(record: []) == .example)
    }

    /// `feature_lists` set but empty is written as field 2 of length 0: a SequenceExample.
    @Test func emptyFeatureListsFieldMakesASequenceExample() {
        var sequence = Tensorflow_SequenceExample()
        sequence.context = Self.example(label: 1).features
        sequence.featureLists = Tensorflow_FeatureLists()
        let bytes = sequence.deterministicBytes()
        #expect(Array(bytes.suffix(2)) == [0x12, 0x00])
        #expect(ExampleKind(record: bytes) == .sequenceExample)
        #expect(ExampleKind(record: [0x12, 0x00]) == .sequenceExample)
    }

    /// Unknown fields are skipped, as parsers skip them; field 2 counts only length-delimited.
    @Test func unknownFieldsDoNotChangeTheKind() {
        let example = Self.example(label: 9).deterministicBytes()
        let varint3: [UInt8] = [0x18, 0x96, 0x01]
        let fixed64Field4: [UInt8] = [0x21] + [UInt8](repeating: 0xFF, count: 8)
        let fixed32Field5: [UInt8] = [0x2D, 1, 2, 3, 4]
        let varint2: [UInt8] = [0x10, 0x07]
        #expect(ExampleKind(record: example + varint3 + fixed64Field4 + fixed32Field5) == .example)
        #expect(ExampleKind(record: example + varint2) == .example)
        #expect(ExampleKind(record: varint3 + [0x12, 0x02, 0x0A, 0x00] + fixed32Field5) == .sequenceExample)
    }

    @Test(arguments: [
        [0x0A] as [UInt8],  // a tag without its length
        [0x0A, 0x05, 0x00],  // a length past the end
        [0x0B, 0x0C],  // a group (wire type 3)
        [0x0E],  // wire type 6 does not exist
        [0x02, 0x00],  // field number 0
        [0x21, 0x00, 0x00],  // a fixed64 cut short
        [0x18] + [UInt8](repeating: 0xFF, count: 11),  // a varint longer than 10 bytes
    ])
    func malformedRecordsHaveNoKind(bytes: [UInt8]) {
        #expect(ExampleKind(record: bytes) == nil)
    }

    /// A file is a SequenceExample file if any record is one, wherever it is.
    @Test func fileKindIsSequenceExampleIfAnyRecordIs() throws {
        let path = temporaryPath("mixed.tfrec")
        defer { unlink(path) }
        let writer = try RecordWriter(path: path)
        for label in 0..<100 { try writer.write(Self.example(label: Int64(label))) }
        try writer.write(Self.sequenceExample(label: 100, steps: 3))
        try writer.close()
        #expect(try ExampleKind(file: path) == .sequenceExample)

        let examples = try RecordWriter(path: path)
        for label in 0..<100 { try examples.write(Self.example(label: Int64(label))) }
        try examples.close()
        #expect(try ExampleKind(file: path) == .example)

        try RecordWriter(path: path).close()
        #expect(try ExampleKind(file: path) == .example)
    }

    @Test func fileWithANonProtobufRecordThrowsWithItsLocation() throws {
        let path = temporaryPath("bad.tfrec")
        defer { unlink(path) }
        let writer = try RecordWriter(path: path)
        try writer.write(Self.example(label: 1))
        try writer.write([0x0A, 0x05, 0x00])
        try writer.close()
        let error = #expect(throws: TFRecordError.self) { try ExampleKind(file: path) }
        #expect(error?.code == .badInput)
        #expect(error?.location.recordIndex == 1)
        #expect(error?.location.path == path)
    }
}
