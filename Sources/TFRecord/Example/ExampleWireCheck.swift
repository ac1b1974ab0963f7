/// A structural check of serialized `tf.train.Example` bytes that builds no message values:
/// the fast path of `tfrec verify`, which must tell for every record whether it parses.
///
/// The check is conservative. It accepts only the plain shape that TensorFlow, this package
/// and every other common writer produce — known fields only, each with its declared wire
/// type and a one-byte tag, ASCII feature keys, packed numeric lists — and only when every
/// length and varint is within bounds. Everything it accepts, swift-protobuf decodes
/// without error (the conditions below follow swift-protobuf's `BinaryDecoder`); anything
/// else (unknown fields, groups, unpacked lists, non-ASCII keys, damage) is "not certain",
/// and the caller decodes with swift-protobuf to know, and for its error message.
public enum ExampleWireCheck {
    /// Whether `bytes` is certainly a serialized `tf.train.Example` that
    /// `Tensorflow_Example(serializedBytes:)` decodes without error.
    ///
    /// `false` does not mean the bytes are invalid, only that this check cannot vouch for
    /// them.
    ///
    /// - Complexity: O(number of fields): the contents of `bytes` values are skipped by
    ///   length, packed `int64` values are scanned once.
    public static func isPlainExample(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // Example { Features features = 1; }
        lengthDelimitedFields(of: bytes) { field, features in field == 1 && isPlainFeatures(features) }
    }

    /// `Features { map<string, Feature> feature = 1; }`, each entry a message of its own.
    private static func isPlainFeatures(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lengthDelimitedFields(of: bytes) { field, entry in
            field == 1 && lengthDelimitedFields(of: entry) { field, body in
                switch field {
                case 1: isASCII(body)  // the key: swift-protobuf rejects a string that is not UTF-8
                case 2: isPlainFeature(body)
                default: false
                }
            }
        }
    }

    /// `Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }`;
    /// a repeated or conflicting oneof field is legal protobuf (the last one wins).
    private static func isPlainFeature(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lengthDelimitedFields(of: bytes) { field, list in
            switch field {
            case 1: lengthDelimitedFields(of: list) { field, _ in field == 1 }  // repeated bytes
            // packed float: swift-protobuf requires whole 4-byte values
            case 2: lengthDelimitedFields(of: list) { field, floats in field == 1 && floats.count % 4 == 0 }
            case 3: lengthDelimitedFields(of: list) { field, ints in field == 1 && isPackedVarints(ints) }
            default: false
            }
        }
    }

    /// Whether `bytes` is a sequence of length-delimited fields with one-byte tags (field
    /// numbers 1–15), each of whose bodies lies within `bytes` and satisfies `accept`.
    @inline(__always)
    private static func lengthDelimitedFields(
        of bytes: UnsafeRawBufferPointer, _ accept: (_ field: UInt8, _ body: UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        var at = 0
        while at < bytes.count {
            let tag = bytes[at]
            // A one-byte tag: no continuation bit; wire type 2 (length-delimited).
            guard tag & 0x80 == 0, tag & 7 == 2 else { return false }
            guard let (length, next) = varint(in: bytes, at: at + 1),
                  length < 0x7FFF_FFFF,  // swift-protobuf's 2 GB limit on a length-delimited field
                  length <= UInt64(bytes.count - next)
            else { return false }
            let end = next + Int(length)
            guard accept(tag >> 3, UnsafeRawBufferPointer(rebasing: bytes[next..<end])) else { return false }
            at = end
        }
        return true
    }

    /// Whether `bytes` is whole varints, as in a packed `int64` field.
    private static func isPackedVarints(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var at = 0
        while at < bytes.count {
            guard let (_, next) = varint(in: bytes, at: at) else { return false }
            at = next
        }
        return true
    }

    /// The varint at `offset` and the offset after it; `nil` if it runs past the end of
    /// `bytes` or is longer than 10 bytes (what swift-protobuf rejects as malformed).
    @inline(__always)
    private static func varint(in bytes: UnsafeRawBufferPointer, at offset: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var at = offset
        while at < bytes.count, shift <= 63 {
            let byte = bytes[at]
            at += 1
            value |= UInt64(byte & 0x7F) &<< shift
            if byte & 0x80 == 0 { return (value, at) }
            shift += 7
        }
        return nil
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }
}
