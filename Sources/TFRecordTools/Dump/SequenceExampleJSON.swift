import Foundation
import TFRecord

/// Writes a `tf.train.SequenceExample` as the JSON object that `tfrec dump --format jsonl`
/// gives it: `{"context": {"key": [values]}, "feature_lists": {"name": [[step values], …]}}`.
///
/// Keys and names are sorted, so equal messages give equal text. Values are written as the
/// Example dump writes them, one JSON array per `Feature`:
/// - int64 as integers;
/// - float as the shortest decimal that reads back as the same float32 (Swift's `description`),
///   with NaN and the infinities as `NaN`, `Infinity` and `-Infinity`, which Python's `json`
///   module reads (JSON itself has no spelling for them);
/// - bytes as a JSON string when the value is valid UTF-8 (tokens, words: the common case),
///   otherwise as an array of its byte values 0…255, the form the dump gives raw `uint8`
///   bytes. Both read back to the exact bytes.
///
/// A `Feature` with no list set becomes `[]`.
enum SequenceExampleJSON {
    /// Appends `"key": value` for each key, separated by commas (the members of an object).
    private static func appendMembers(_ keys: [String], to text: inout [UInt8],
                                      value: (String, inout [UInt8]) -> Void) {
        for (i, key) in keys.enumerated() {
            if i > 0 { text.append(contentsOf: ", ".utf8) }
            appendString(key, to: &text)
            text.append(contentsOf: ": ".utf8)
            value(key, &text)
        }
    }

    /// Appends `sequence` as one JSON object and a newline.
    static func appendLine(_ sequence: Tensorflow_SequenceExample, to text: inout [UInt8]) {
        text.append(contentsOf: #"{"context": {"#.utf8)
        let context = sequence.context.feature
        appendMembers(context.keys.sorted(), to: &text) { key, text in appendValues(of: context[key]!, to: &text) }
        text.append(contentsOf: #"}, "feature_lists": {"#.utf8)
        let lists = sequence.featureLists.featureList
        appendMembers(lists.keys.sorted(), to: &text) { name, text in
            text.append(UInt8(ascii: "["))
            for (j, step) in lists[name]!.feature.enumerated() {
                if j > 0 { text.append(contentsOf: ", ".utf8) }
                appendValues(of: step, to: &text)
            }
            text.append(UInt8(ascii: "]"))
        }
        text.append(contentsOf: "}}\n".utf8)
    }

    /// Appends a feature's values as a JSON array.
    static func appendValues(of feature: Tensorflow_Feature, to text: inout [UInt8]) {
        text.append(UInt8(ascii: "["))
        switch feature.kind {
        case .int64List(let list):
            appendJoined(list.value, to: &text) { value, text in text.append(contentsOf: String(value).utf8) }
        case .floatList(let list):
            appendJoined(list.value, to: &text) { value, text in text.append(contentsOf: floatText(value).utf8) }
        case .bytesList(let list):
            appendJoined(list.value, to: &text) { value, text in
                if let string = String(validating: value, as: UTF8.self) {
                    appendString(string, to: &text)
                } else {
                    text.append(UInt8(ascii: "["))
                    appendJoined(Array(value), to: &text) { byte, text in text.append(contentsOf: String(byte).utf8) }
                    text.append(UInt8(ascii: "]"))
                }
            }
        case nil:
            break
        }
        text.append(UInt8(ascii: "]"))
    }

    /// A float32 as JSON (or, for NaN and the infinities, as Python's `json` spells them).
    static func floatText(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return "\(value)"
    }

    /// Appends `string` as a JSON string: quotes, backslashes and control characters escaped,
    /// everything else as its UTF-8 bytes.
    static func appendString(_ string: String, to text: inout [UInt8]) {
        text.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): text.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): text.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): text.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): text.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): text.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                text.append(contentsOf: (#"\u"# + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: text.append(byte)
            }
        }
        text.append(UInt8(ascii: "\""))
    }

    private static func appendJoined<Values: Sequence>(
        _ values: Values, to text: inout [UInt8], _ appendOne: (Values.Element, inout [UInt8]) -> Void
    ) {
        var first = true
        for value in values {
            if !first { text.append(contentsOf: ", ".utf8) }
            first = false
            appendOne(value, &text)
        }
    }
}
