/// Which message the records of a file hold: `tf.train.Example` or `tf.train.SequenceExample`.
///
/// The two cannot always be told apart, because TensorFlow gave them the same first field:
/// `Example.features` and `SequenceExample.context` are both field 1 of type `Features`. A
/// SequenceExample without feature lists is byte for byte an Example, and TensorFlow parses
/// such a record as either. So the rule is:
///
/// - a **record** is a SequenceExample if it has field 2 (`feature_lists`, length-delimited),
///   even an empty one; otherwise it is an Example (``init(record:)``);
/// - a **file** holds SequenceExamples if any of its records is one; its records without
///   field 2 are then SequenceExamples with context only (``init(file:)``). A file of
///   SequenceExamples that all lack feature lists is reported as Example: nothing in its
///   bytes says otherwise.
public enum ExampleKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `tf.train.Example`: one `Features` map.
    case example = "Example"
    /// `tf.train.SequenceExample`: a context `Features` map and `FeatureLists`.
    case sequenceExample = "SequenceExample"

    public var description: String { rawValue }

    /// The kind of the record whose data is `payload`, from its top-level fields alone.
    ///
    /// Only the outermost tags are read and every field body is skipped, so this costs a few
    /// varint reads per record whatever the record's size. Fields other than 1 and 2 are
    /// unknown fields to both messages, which protobuf parsers (TensorFlow's included) skip;
    /// they do not change the kind.
    ///
    /// - Parameter payload: a record's data, without the TFRecord framing.
    /// - Returns: the kind, or `nil` if `payload` is not a well-formed protobuf message
    ///   (a truncated varint, a length past the end, a group or an invalid wire type).
    /// - Complexity: O(number of top-level fields).
    public init?(record payload: UnsafeRawBufferPointer) {
        var kind = ExampleKind.example
        var offset = 0
        while offset < payload.count {
            guard let tag = Self.varint(payload, at: &offset), tag >> 3 != 0 else { return nil }
            let fieldNumber = tag >> 3
            switch tag & 7 {
            case 0:  // varint
                guard Self.varint(payload, at: &offset) != nil else { return nil }
            case 1:  // fixed64
                offset += 8
            case 2:  // length-delimited
                guard let length = Self.varint(payload, at: &offset), length <= UInt64(payload.count - offset) else {
                    return nil
                }
                offset += Int(length)
                if fieldNumber == 2 { kind = .sequenceExample }
            case 5:  // fixed32
                offset += 4
            default:  // groups (3, 4) are not in either message; 6 and 7 do not exist
                return nil
            }
            guard offset <= payload.count else { return nil }
        }
        self = kind
    }

    /// The kind of the record whose data is `payload`.
    ///
    /// - Returns: the kind, or `nil` if `payload` is not a well-formed protobuf message.
    public init?(record payload: [UInt8]) {
        guard let kind = payload.withUnsafeBytes({ ExampleKind(record: $0) }) else { return nil }
        self = kind
    }

    /// The kind of the records in the file at `path`: SequenceExample if any record is one.
    ///
    /// Reads records (checking their CRCs) until the first SequenceExample, so an Example file
    /// is read to its end. An empty file is an Example file.
    ///
    /// - Parameter compression: the file's compression; `nil` detects it.
    /// - Throws: ``TFRecordError``: `.io` if the file cannot be read, `.badInput` for a corrupt
    ///   record or one that is not a protobuf message.
    /// - Complexity: O(bytes read).
    public init(file path: String, compression: RecordCompression? = nil) throws(TFRecordError) {
        let reader = try RecordReader(path: path, compression: compression)
        while let kind = try reader.nextRecord({ (payload) throws(TFRecordError) -> ExampleKind in
            guard let kind = ExampleKind(record: payload) else {
                throw TFRecordError(
                    .badInput, "record is neither a tf.train.Example nor a tf.train.SequenceExample",
                    at: SourceLocation(path: path, recordIndex: reader.recordIndex, byteOffset: reader.offset))
            }
            return kind
        }) {
            if kind == .sequenceExample {
                self = .sequenceExample
                return
            }
        }
        self = .example
    }

    /// Reads a base-128 varint at `offset` and moves past it; `nil` if it runs past the end or
    /// past 10 bytes.
    private static func varint(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count && shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
