import Foundation
import SwiftProtobuf
import TFRecord
import Testing
import TFRecordTestSupport

/// `ExampleWireCheck`: it vouches for the records ordinary writers produce, and never for
/// bytes that swift-protobuf refuses.
@Suite struct ExampleWireCheckTests {
    static func isPlain(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes(ExampleWireCheck.isPlainExample) }

    static func decodes(_ bytes: [UInt8]) -> Bool { (try? Tensorflow_Example(serializedBytes: bytes)) != nil }

    /// A random Example: up to 4 features of every kind, ASCII keys, empty lists included.
    static func randomExample(using generator: inout SplitMix64) -> Tensorflow_Example {
        var example = Tensorflow_Example()
        for index in 0..<Int.random(in: 0...4, using: &generator) {
            let count = Int.random(in: 0...5, using: &generator)
            example.features.feature["f\(index)"] = switch Int.random(in: 0..<3, using: &generator) {
            case 0: Tensorflow_Feature.with { feature in
                feature.bytesList.value = (0..<count).map { _ in
                    Data((0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
                }
            }
            case 1: Tensorflow_Feature.with { feature in
                feature.floatList.value = (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
            }
            default: Tensorflow_Feature.with { feature in
                feature.int64List.value = (0..<count).map { _ in Int64.random(in: .min ... .max, using: &generator) }
            }
            }
        }
        return example
    }

    @Test func acceptsWhatWritersProduce() throws {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let bytes: [UInt8] = try Self.randomExample(using: &generator).serializedBytes()
            #expect(Self.isPlain(bytes))
        }
        #expect(Self.isPlain([]))  // an Example without features
        // The converter's own hot-path encoding.
        let encoder = ExampleEncoder(fields: [.init(key: "image", kind: .bytes), .init(key: "label", kind: .int64List)])
        #expect(Self.isPlain(encoder.encodeExample(contents: [[1, 2, 3], [7]])))
    }

    /// What the check cannot vouch for, legal or not, it leaves to swift-protobuf.
    @Test func refusesWhatItCannotVouchFor() {
        // Features { "k": Feature { Int64List { 7 } } }, built by hand.
        func example(key: [UInt8], feature: [UInt8]) -> [UInt8] {
            let entry = [0x0A, UInt8(key.count)] + key + [0x12, UInt8(feature.count)] + feature
            let features = [0x0A, UInt8(entry.count)] + entry
            return [0x0A, UInt8(features.count)] + features
        }
        let int64 = [0x1A, 0x03, 0x0A, 0x01, 0x07] as [UInt8]
        #expect(Self.isPlain(example(key: Array("k".utf8), feature: int64)))
        #expect(Self.decodes(example(key: Array("k".utf8), feature: int64)))
        // Invalid UTF-8 in a key: swift-protobuf refuses it.
        #expect(!Self.isPlain(example(key: [0xFF], feature: int64)))
        #expect(!Self.decodes(example(key: [0xFF], feature: int64)))
        // A packed float list of 3 bytes; a truncated varint in a packed int64 list.
        #expect(!Self.isPlain(example(key: [0x6B], feature: [0x12, 0x05, 0x0A, 0x03, 1, 2, 3])))
        #expect(!Self.decodes(example(key: [0x6B], feature: [0x12, 0x05, 0x0A, 0x03, 1, 2, 3])))
        #expect(!Self.isPlain(example(key: [0x6B], feature: [0x1A, 0x03, 0x0A, 0x01, 0x80])))
        #expect(!Self.decodes(example(key: [0x6B], feature: [0x1A, 0x03, 0x0A, 0x01, 0x80])))
        // An 11-byte varint.
        let long = [UInt8](repeating: 0xFF, count: 10) + [0x01]
        #expect(!Self.isPlain(example(key: [0x6B], feature: [0x1A, 13, 0x0A, 11] + long)))
        #expect(!Self.decodes(example(key: [0x6B], feature: [0x1A, 13, 0x0A, 11] + long)))
        // An unknown field and an unpacked int64: legal, but not the plain shape.
        #expect(!Self.isPlain([0x10, 0x01]))
        #expect(Self.decodes([0x10, 0x01]))
        #expect(!Self.isPlain(example(key: [0x6B], feature: [0x1A, 0x02, 0x08, 0x07])))
        #expect(Self.decodes(example(key: [0x6B], feature: [0x1A, 0x02, 0x08, 0x07])))
    }

    /// Damaged Examples (bytes changed, inserted, removed, cut off) and random bytes: whatever
    /// the check accepts, swift-protobuf decodes.
    @Test func neverAcceptsWhatSwiftProtobufRefuses() throws {
        var generator = SplitMix64(seed: 11)
        var accepted = 0
        var refusedByBoth = 0
        for round in 0..<4000 {
            var bytes: [UInt8] = try Self.randomExample(using: &generator).serializedBytes()
            if round % 10 == 0 {
                bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in
                    [0x0A, 0x12, 0x1A, 0x00, 0x01, 0x02, 0x03, 0x80, 0xFF].randomElement(using: &generator)!
                }
            } else if !bytes.isEmpty {
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: at)
                    case 2: bytes.remove(at: at)
                    default: bytes.removeLast(bytes.count - at)
                    }
                    if bytes.isEmpty { break }
                }
            }
            let plain = Self.isPlain(bytes)
            let decodes = Self.decodes(bytes)
            #expect(!plain || decodes, "accepted, but swift-protobuf refuses: \(bytes)")
            if plain { accepted += 1 }
            if !plain && !decodes { refusedByBoth += 1 }
        }
        // Both outcomes occur often enough for the property to mean something.
        #expect(accepted > 300)
        #expect(refusedByBoth > 300)
    }
}
