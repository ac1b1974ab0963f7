internal import CTFRecordAccel
import TFRecord

/// Turns parsed CSV rows (pixels + label) into framed TFRecord records of `tf.train.Example`.
///
/// Features: `imageKey` holds the pixels in the chosen ``PixelEncoding``; `labelKey` holds
/// the label as a one-value `Int64List` (absent when rows have no label).
public struct RowRecordEncoder: Sendable {
    /// The pixel encoding.
    public let encoding: PixelEncoding
    /// Pixels per row.
    public let pixelCount: Int
    /// Whether rows carry a label.
    public let hasLabel: Bool
    private let encoder: ExampleEncoder

    /// Creates an encoder.
    ///
    /// - Precondition: `imageKey != labelKey` when there is a label.
    public init(encoding: PixelEncoding, pixelCount: Int, imageKey: String, labelKey: String?) {
        self.encoding = encoding
        self.pixelCount = pixelCount
        self.hasLabel = labelKey != nil
        var fields = [ExampleEncoder.Field(key: imageKey, kind: encoding.featureKind)]
        if let labelKey { fields.append(.init(key: labelKey, kind: .int64List)) }
        self.encoder = ExampleEncoder(fields: fields)
    }

    /// The feature layout, in the order image, label.
    public var fields: [ExampleEncoder.Field] { encoder.fields }

    /// Appends one framed record for a row to `output`.
    ///
    /// - Parameters:
    ///   - pixels: exactly ``pixelCount`` values.
    ///   - label: the row's label (ignored without a label feature).
    /// - Complexity: O(pixelCount).
    public func appendRecord(pixels: UnsafeBufferPointer<UInt8>, label: Int64, to output: RecordBuffer) {
        precondition(pixels.count == pixelCount)
        let imageSize: Int
        switch encoding {
        case .int64Bytes: imageSize = pixelCount * 8
        case .uint8: imageSize = pixelCount
        case .int64List: imageSize = pixelCount + pixels.reduce(0) { $0 + Int($1 >> 7) }
        }
        let sizes = hasLabel ? [imageSize, ExampleEncoder.varintSize(of: label)] : [imageSize]
        encoder.appendRecord(contentSizes: sizes, to: output) { field, content in
            if field == 1 {
                _ = ExampleEncoder.writeVarint(label, into: content)
                return
            }
            switch encoding {
            case .int64Bytes: Self.widenToInt64LittleEndian(pixels, into: content)
            case .uint8: content.copyMemory(from: UnsafeRawBufferPointer(pixels))
            case .int64List: Self.writeVarints(pixels, into: content)
            }
        }
    }

    /// Stores each byte as a little-endian int64 (`count * 8` bytes).
    static func widenToInt64LittleEndian(_ pixels: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count == pixels.count * 8)
        CTFRecordAccel_widen_u8_to_i64le(pixels.baseAddress, pixels.count, out.baseAddress)
    }

    /// Stores each byte as a protobuf varint (1 byte below 128, else 2).
    static func writeVarints(_ pixels: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) {
        let written = CTFRecordAccel_write_u8_varints(pixels.baseAddress, pixels.count, out.baseAddress)
        precondition(written == out.count)
    }
}
