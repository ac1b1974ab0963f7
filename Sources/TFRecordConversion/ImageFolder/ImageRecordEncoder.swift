import TFRecord

/// Encodes one image's record in the features of an ``ImageSchema``, straight into a
/// framed TFRecord (the image bytes are copied once, into the record).
struct ImageRecordEncoder: Sendable {
    /// A box relative to the image: each coordinate in [0, 1].
    struct Box: Sendable, Equatable {
        var xmin: Float, ymin: Float, xmax: Float, ymax: Float
    }

    /// What a record says about its image besides the image bytes.
    struct Values {
        var width: Int
        var height: Int
        /// The file's base name.
        var filename: String
        var label: Int64
        var synset: String
        var text: String
        var boxes: [Box]
    }

    /// The schema.
    let schema: ImageSchema
    /// Whether ImageNet records carry the box features (``ImageSchema/imagenet`` with boxes).
    let withBoxes: Bool
    private let examples: ExampleEncoder

    /// The keys of ``ImageSchema/simple`` besides the image's and the label's.
    static let simpleKeys = ["height", "width", "filename"]

    /// - Parameters:
    ///   - imageKey, labelKey: the keys of ``ImageSchema/simple``'s image and label.
    /// - Precondition: the simple schema's keys are distinct (checked by the options).
    init(schema: ImageSchema, imageKey: String, labelKey: String, withBoxes: Bool) {
        self.schema = schema
        self.withBoxes = withBoxes && schema == .imagenet
        self.examples = ExampleEncoder(fields: Self.fields(schema: schema, imageKey: imageKey, labelKey: labelKey,
                                                           withBoxes: withBoxes))
    }

    /// The features in the order contents are passed: the image first.
    static func fields(schema: ImageSchema, imageKey: String, labelKey: String, withBoxes: Bool) -> [ExampleEncoder.Field] {
        switch schema {
        case .simple:
            return [.init(key: imageKey, kind: .bytes), .init(key: labelKey, kind: .int64List),
                    .init(key: "height", kind: .int64List), .init(key: "width", kind: .int64List),
                    .init(key: "filename", kind: .bytes)]
        case .imagenet:
            typealias Key = ImageSchema.ImageNetKey
            var fields: [ExampleEncoder.Field] = [
                .init(key: Key.encoded, kind: .bytes), .init(key: Key.format, kind: .bytes),
                .init(key: Key.height, kind: .int64List), .init(key: Key.width, kind: .int64List),
                .init(key: Key.colorspace, kind: .bytes), .init(key: Key.channels, kind: .int64List),
                .init(key: Key.filename, kind: .bytes), .init(key: Key.label, kind: .int64List),
                .init(key: Key.synset, kind: .bytes), .init(key: Key.text, kind: .bytes),
            ]
            if withBoxes {
                fields += Key.boxes.map { .init(key: $0, kind: .floatList) } + [.init(key: Key.boxLabel, kind: .int64List)]
            }
            return fields
        }
    }

    /// The framed record of `image` (the bytes to store) with `values`.
    func record(image: [UInt8], _ values: Values) -> [UInt8] {
        let contents = smallContents(values)
        var sizes = [image.count]
        sizes.append(contentsOf: contents.map(\.count))
        return examples.framedRecord(contentSizes: sizes) { field, out in
            if field == 0 {
                image.withUnsafeBytes { out.copyMemory(from: $0) }
            } else {
                contents[field - 1].withUnsafeBytes { out.copyMemory(from: $0) }
            }
        }
    }

    /// The contents of every feature but the image, in ``fields`` order.
    private func smallContents(_ values: Values) -> [[UInt8]] {
        switch schema {
        case .simple:
            return [Self.varints([values.label]), Self.varints([Int64(values.height)]),
                    Self.varints([Int64(values.width)]), Array(values.filename.utf8)]
        case .imagenet:
            // What build_imagenet_data.py writes: every image as a 3-channel RGB JPEG (its
            // decoder asks for 3 channels, so gray JPEGs count as RGB too).
            var contents: [[UInt8]] = [
                Array("JPEG".utf8), Self.varints([Int64(values.height)]), Self.varints([Int64(values.width)]),
                Array("RGB".utf8), Self.varints([3]), Array(values.filename.utf8), Self.varints([values.label]),
                Array(values.synset.utf8), Array(values.text.utf8),
            ]
            if withBoxes {
                contents.append(Self.floats(values.boxes.map(\.xmin)))
                contents.append(Self.floats(values.boxes.map(\.ymin)))
                contents.append(Self.floats(values.boxes.map(\.xmax)))
                contents.append(Self.floats(values.boxes.map(\.ymax)))
                contents.append(Self.varints(Array(repeating: values.label, count: values.boxes.count)))
            }
            return contents
        }
    }

    /// Packed varints: an `Int64List`'s content.
    static func varints(_ values: [Int64]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.reduce(0) { $0 + ExampleEncoder.varintSize(of: $1) })
        bytes.withUnsafeMutableBytes { out in
            var offset = 0
            for value in values {
                offset += ExampleEncoder.writeVarint(value, into: UnsafeMutableRawBufferPointer(rebasing: out[offset...]))
            }
        }
        return bytes
    }

    /// Packed little-endian float32: a `FloatList`'s content.
    static func floats(_ values: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}
