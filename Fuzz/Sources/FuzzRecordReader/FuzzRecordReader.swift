// libFuzzer target `record_reader`: arbitrary bytes as a TFRecord file.
//
// The bytes go through RecordReader (framing, both CRCs) from memory, and every record through
// swift-protobuf's Tensorflow_Example and Tensorflow_SequenceExample decoders and through the
// code behind `tfrec inspect` (DatasetInspector, DatasetSummaryText), `tfrec dump`
// (RecordDumper's feature decoding: int64/float bytes, embedded JPEG/PNG, text rendering) and
// `tfrec preview` (RecordImageDecoder: encoding and shape inference, floats, CHW layout).
// A thrown TFRecordError is the expected answer to bad input; a crash or trap is a finding, and
// so is a decoded Example whose deterministic serialization does not survive a round trip, or
// one that the hand-written ExampleEncoder (the conversion's hot path) encodes differently from
// swift-protobuf.
//
// Byte 0 holds options, the rest is the file:
//   bit 0     reseal: rewrite both CRCs of every record before reading, so that arbitrary
//             payloads reach the decoders (a fuzzer rarely guesses a CRC32C)
//   bit 1     size unknown, as for a pipe (the reader cannot check lengths against the size)
//   bit 2     a 64-byte reader buffer (records span its end, it grows) instead of 64 KiB
//   bits 3-4  the dump format: csv, jsonl, npy, csv
//   bits 5-7  the dump's pixel encoding: inferred, or one of the seven PixelEncodings

@testable import TFRecord
@testable import TFRecordShards
@testable import TFRecordTools
import SwiftProtobuf
import TFRecordPixels

/// Rewrites the length and data CRCs of each record, as far as the framing holds together.
func reseal(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while raw.count - offset >= RecordFraming.headerSize {
            let header = UnsafeMutableRawBufferPointer(rebasing: raw[offset..<(offset + RecordFraming.headerSize)])
            let length = UInt64(littleEndian: header.loadUnaligned(as: UInt64.self))
            let lengthCRC = CRC32C.maskedChecksum(UnsafeRawBufferPointer(rebasing: header[0..<8]))
            header.storeBytes(of: lengthCRC.littleEndian, toByteOffset: 8, as: UInt32.self)
            let room = raw.count - offset - RecordFraming.headerSize - RecordFraming.footerSize
            guard room >= 0, length <= UInt64(room) else { return }
            let dataStart = offset + RecordFraming.headerSize
            let dataEnd = dataStart + Int(length)
            let dataCRC = CRC32C.maskedChecksum(UnsafeRawBufferPointer(rebasing: raw[dataStart..<dataEnd]))
            raw.storeBytes(of: dataCRC.littleEndian, toByteOffset: dataEnd, as: UInt32.self)
            offset = dataEnd + RecordFraming.footerSize
        }
    }
}

/// Encodes what `example` holds with ExampleEncoder and with swift-protobuf; the bytes must be
/// equal. Examples the encoder cannot express (a BytesList of other than one value, a Feature
/// with no list) are skipped. Rebuilt from the values so that unknown fields, which only
/// swift-protobuf keeps, do not count.
func checkExampleEncoder(_ example: Tensorflow_Example) {
    var fields: [ExampleEncoder.Field] = []
    var contents: [[UInt8]] = []
    var plain = Tensorflow_Example()
    // Present even when empty: ExampleEncoder always writes the `features` field.
    plain.features = Tensorflow_Features()
    for (key, feature) in example.features.feature {
        var rebuilt = Tensorflow_Feature()
        switch feature.kind {
        case .bytesList(let list):
            guard list.value.count == 1 else { return }
            fields.append(.init(key: key, kind: .bytes))
            contents.append([UInt8](list.value[0]))
            rebuilt.bytesList.value = list.value
        case .int64List(let list):
            fields.append(.init(key: key, kind: .int64List))
            var packed: [UInt8] = []
            var varint = [UInt8](repeating: 0, count: 10)
            for value in list.value {
                let n = varint.withUnsafeMutableBytes { ExampleEncoder.writeVarint(value, into: $0) }
                packed += varint[..<n]
            }
            contents.append(packed)
            rebuilt.int64List.value = list.value
        case .floatList(let list):
            fields.append(.init(key: key, kind: .floatList))
            contents.append(list.value.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
            rebuilt.floatList.value = list.value
        case nil:
            return
        }
        plain.features.feature[key] = rebuilt
    }
    let expected = plain.deterministicBytes()
    let actual = ExampleEncoder(fields: fields).encodeExample(contents: contents)
    precondition(actual == expected, "ExampleEncoder differs from swift-protobuf: \(actual) vs \(expected)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count >= 1 else { return -1 }
    let options = start.load(as: UInt8.self)
    var file = Array(UnsafeRawBufferPointer(start: start + 1, count: count - 1))
    if options & 1 != 0 { reseal(&file) }
    let formats: [RecordDumper.Format] = [.csv, .jsonl, .npy, .csv]
    let encodings: [PixelEncoding?] = [nil] + PixelEncoding.allCases
    let dumper = RecordDumper(format: formats[Int(options >> 3) & 3])
    let encoding = encodings[Int(options >> 5) % encodings.count]

    let reader = RecordReader(
        input: MemoryInput(file, name: "fuzz.tfrec", announcesSize: options & 2 == 0),
        bufferSize: options & 4 != 0 ? 64 : 1 << 16)
    let inspector = DatasetInspector()
    var summary = DatasetSummary(files: [], features: [:], featureLists: [:], labelHistogram: [:], labelKey: inspector.labelKey)
    var text: [UInt8] = []
    do {
        while try reader.nextRecord({ (payload) throws(TFRecordError) -> Void in
            if ExampleKind(record: payload) == .sequenceExample,
               let sequence = try? Tensorflow_SequenceExample(serializedBytes: Array(payload)) {
                inspector.add(features: sequence.context, to: &summary)
                inspector.add(featureLists: sequence.featureLists, to: &summary)
                var line: [UInt8] = []
                SequenceExampleJSON.appendLine(sequence, to: &line)
            }
            guard let example = try? Tensorflow_Example(serializedBytes: Array(payload)) else { return }
            // What swift-protobuf decoded, it must encode, and the encoding must decode to itself.
            let encoded = example.deterministicBytes()
            let again = try! Tensorflow_Example(serializedBytes: encoded)
            precondition(again.deterministicBytes() == encoded, "Example does not survive a serialization round trip")
            checkExampleEncoder(example)

            inspector.add(features: example.features, to: &summary)
            let at = SourceLocation(path: reader.path, recordIndex: reader.recordIndex, byteOffset: reader.offset)
            let label = example.features.feature[dumper.labelKey].flatMap { $0.int64List.value.first }
            // Every feature, not only `image`: the keys are whatever the input holds.
            for feature in example.features.feature.values {
                // Layout and normalization vary with the record, so that one file covers them.
                let preview = RecordImageDecoder(
                    encoding: nil, shape: nil, layout: reader.recordIndex % 2 == 0 ? .hwc : .chw,
                    normalization: reader.recordIndex % 3 == 2 ? .standardize(mean: [33.3, 1], std: [78.6, 0]) : nil)
                if let decoded = try? preview.decode(feature, at: at) {
                    let image = decoded.image
                    precondition(image.pixels.count == image.width * image.height * image.channels, "preview image size")
                }
                guard let values = try? dumper.values(of: feature, encoding: encoding, at: at) else { continue }
                dumper.append(label: label, values: values, to: &text)
                _ = values.dtype
            }
            // Bounded, as the dumper flushes its text every megabyte.
            if text.count > 1 << 20 { text.removeAll(keepingCapacity: true) }
        }) != nil {}
    } catch {
        // A TFRecordError: the reader's answer to a truncated or corrupt record.
    }
    summary.files.append((reader.path, reader.recordIndex, ExampleKind.example))
    _ = DatasetSummaryText.render(summary)
    return 0
}
