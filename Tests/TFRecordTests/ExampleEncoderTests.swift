import Foundation
import SwiftProtobuf
import TFRecord
import Testing

/// The hand-written hot-path encoder must produce exactly swift-protobuf's deterministic
/// serialization.
@Suite struct ExampleEncoderTests {
    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static func feature(kind: ExampleEncoder.Kind, content: [UInt8], values: Values) -> Tensorflow_Feature {
        var feature = Tensorflow_Feature()
        switch (kind, values) {
        case (.bytes, _):
            feature.bytesList = .with { $0.value = [Data(content)] }
        case (.int64List, .int64(let v)):
            feature.int64List = .with { $0.value = v }
        case (.floatList, .float(let v)):
            feature.floatList = .with { $0.value = v }
        default:
            Issue.record("mismatched test values")
        }
        return feature
    }

    private enum Values { case none, int64([Int64]), float([Float]) }

    /// The wire content (packed varints / floats) for a list of values.
    private static func content(_ values: Values) -> [UInt8] {
        switch values {
        case .none: return []
        case .int64(let v): return v.flatMap { varint(UInt64(bitPattern: $0)) }
        case .float(let v): return v.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        }
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    @Test func referenceLayoutMatchesSwiftProtobuf() throws {
        // The reference workflow's record: image = 784 int64 little-endian bytes, label = 7.
        let pixels = (0..<784).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let imageBytes = pixels.flatMap { withUnsafeBytes(of: UInt64($0).littleEndian, Array.init) }
        let encoder = ExampleEncoder(fields: [.init(key: "image", kind: .bytes), .init(key: "label", kind: .int64List)])
        let ours = encoder.encodeExample(contents: [imageBytes, Self.varint(7)])

        var example = Tensorflow_Example()
        example.features.feature["image"] = Self.feature(kind: .bytes, content: imageBytes, values: .none)
        example.features.feature["label"] = Self.feature(kind: .int64List, content: [], values: .int64([7]))
        #expect(ours == example.deterministicBytes())
        let decoded = try Tensorflow_Example(serializedBytes: ours)
        #expect(decoded.features.feature["label"]?.int64List.value == [7])
        #expect(decoded.features.feature["image"]?.bytesList.value.first == Data(imageBytes))
    }

    @Test(arguments: 0..<300)
    func randomExamplesMatchSwiftProtobuf(seed: Int) {
        var rng = Generator(state: UInt64(seed))
        let kinds: [ExampleEncoder.Kind] = [.bytes, .int64List, .floatList]
        let fieldCount = Int.random(in: 1...4, using: &rng)
        var keys = Set<String>()
        while keys.count < fieldCount {
            // Keys of varied length, including ones long enough to need 2-byte varint lengths.
            let length = [1, 5, 130].randomElement(using: &rng)! + Int.random(in: 0...3, using: &rng)
            keys.insert(String((0..<length).map { _ in "abcxyz_0".randomElement(using: &rng)! }))
        }
        var fields: [ExampleEncoder.Field] = []
        var contents: [[UInt8]] = []
        var example = Tensorflow_Example()
        for key in keys.shuffled(using: &rng) {
            let kind = kinds.randomElement(using: &rng)!
            let count = [0, 1, 3, 200, 20_000].randomElement(using: &rng)!
            let values: Values
            switch kind {
            case .bytes: values = .none
            case .int64List:
                values = .int64((0..<min(count, 3000)).map { _ in
                    [Int64.random(in: 0...300, using: &rng), Int64.random(in: Int64.min...Int64.max, using: &rng), -1,
                     Int64.max].randomElement(using: &rng)!
                })
            case .floatList:
                values = .float((0..<min(count, 3000)).map { _ in Float.random(in: -1e6...1e6, using: &rng) })
            }
            let content = kind == .bytes ? (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) } : Self.content(values)
            fields.append(.init(key: key, kind: kind))
            contents.append(content)
            example.features.feature[key] = Self.feature(kind: kind, content: content, values: values)
        }
        let encoder = ExampleEncoder(fields: fields)
        #expect(encoder.encodeExample(contents: contents) == example.deterministicBytes())
        #expect(encoder.exampleSize(contentSizes: contents.map(\.count)) == example.deterministicBytes().count)
    }

    @Test func framedRecordHoldsTheSameExample() throws {
        let encoder = ExampleEncoder(fields: [.init(key: "image", kind: .bytes), .init(key: "label", kind: .int64List)])
        let contents: [[UInt8]] = [[1, 2, 3], [5]]
        let buffer = RecordBuffer()
        encoder.appendRecord(contentSizes: contents.map(\.count), to: buffer) { field, out in
            contents[field].withUnsafeBytes { out.copyMemory(from: $0) }
        }
        let record = buffer.bytes
        #expect(record.count == encoder.recordSize(contentSizes: [3, 1]))
        #expect(Array(record[12..<(record.count - 4)]) == encoder.encodeExample(contents: contents))
    }
}
