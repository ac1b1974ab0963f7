import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordPixels

/// Turns parsed CSV rows (pixels + label) into framed TFRecord records of `tf.train.Example`.
///
/// Features: `imageKey` holds the pixels in the chosen ``PixelEncoding``; `labelKey` holds
/// the label as a one-value `Int64List` (absent when rows have no label).
///
/// Not thread-safe: it owns an image codec for JPEG and PNG. Each pipeline worker makes one.
public final class RowRecordEncoder {
    /// The pixel encoding.
    public let encoding: PixelEncoding
    /// Pixels per row.
    public let pixelCount: Int
    /// Whether rows carry a label.
    public let hasLabel: Bool
    /// The image shape, for image formats.
    public let shape: ImageShape?
    private let encoder: ExampleEncoder
    private let imageEncoder: ImageEncoder?
    private var sizes: [Int]
    /// Where the labels written go, for TFDS metadata; shared by the encoders of every thread.
    private let observedLabels: ObservedLabels?

    /// Creates an encoder.
    ///
    /// - Parameters:
    ///   - shape: required for JPEG and PNG; its value count must equal `pixelCount`.
    ///   - quality: JPEG quality 1...100.
    ///   - observedLabels: observes every label written (with a label feature).
    /// - Throws: ``TFRecordError`` `.usage` for a missing or mismatched shape, a channel count
    ///   that JPEG and PNG cannot hold, or a bad quality.
    /// - Precondition: `imageKey != labelKey` when there is a label.
    public init(encoding: PixelEncoding, pixelCount: Int, imageKey: String, labelKey: String?, shape: ImageShape? = nil,
                quality: Int = 95, observedLabels: ObservedLabels? = nil) throws(TFRecordError) {
        self.observedLabels = labelKey == nil ? nil : observedLabels
        self.encoding = encoding
        self.pixelCount = pixelCount
        self.hasLabel = labelKey != nil
        self.shape = shape
        var fields = [ExampleEncoder.Field(key: imageKey, kind: encoding.featureKind)]
        if let labelKey { fields.append(.init(key: labelKey, kind: .int64List)) }
        self.encoder = ExampleEncoder(fields: fields)
        self.sizes = Array(repeating: 0, count: fields.count)
        if encoding.isImageFormat {
            guard let shape else {
                throw TFRecordError(.usage, "\(setting: .encoding, encoding.rawValue) needs the image shape: \(pixelCount) "
                    + "values are not a square image; pass \(setting: .shape, "HxWxC")")
            }
            _ = try ImageShape.fittingRows(shape, pixelCount: pixelCount)
            do {
                try shape.checkImageChannels()
                imageEncoder = try ImageEncoder(format: encoding == .jpeg ? .jpeg : .png, quality: quality)
            } catch {
                throw TFRecordError(.usage, error.message)
            }
        } else {
            imageEncoder = nil
        }
    }

    /// The feature layout, in the order image, label.
    public var fields: [ExampleEncoder.Field] { encoder.fields }

    /// Appends one framed record for a row to `output`.
    ///
    /// - Parameters:
    ///   - pixels: exactly ``pixelCount`` values.
    ///   - label: the row's label (ignored without a label feature).
    /// - Throws: ``TFRecordError`` `.io` if the image codec fails (it does not on valid
    ///   pixels and shape).
    /// - Complexity: O(pixelCount).
    public func appendRecord(pixels: UnsafeBufferPointer<UInt8>, label: Int64, to output: RecordBuffer) throws(TFRecordError) {
        precondition(pixels.count == pixelCount)
        if hasLabel { sizes[1] = ExampleEncoder.varintSize(of: label) }
        if let imageEncoder, let shape {
            do {
                try imageEncoder.withEncoded(pixels: pixels, width: shape.width, height: shape.height,
                                             channels: shape.channels) { image in
                    sizes[0] = image.count
                    append(label: label, to: output) { $0.copyMemory(from: image) }
                }
            } catch {
                throw TFRecordError(.io, "cannot encode \(encoding.rawValue): \(error.message)")
            }
            return
        }
        switch encoding {
        case .int64Bytes: sizes[0] = pixelCount * 8
        case .uint8: sizes[0] = pixelCount
        case .int64List: sizes[0] = pixelCount + pixels.reduce(0) { $0 + Int($1 >> 7) }
        case .jpeg, .png: preconditionFailure("image formats are encoded above")
        case .float32, .floatList: preconditionFailure("float encodings take transformed values")
        }
        append(label: label, to: output) { content in
            switch encoding {
            case .int64Bytes: PixelBytes.widenToInt64LittleEndian(pixels, into: content)
            case .uint8: content.copyMemory(from: UnsafeRawBufferPointer(pixels))
            case .int64List: PixelBytes.writeVarints(pixels, into: content)
            case .jpeg, .png, .float32, .floatList: preconditionFailure("encoded elsewhere")
            }
        }
    }

    /// Appends one framed record for a row of transformed values (float encodings): the
    /// values as little-endian float32, which is both the `float32` bytes and the packed
    /// `FloatList` content.
    ///
    /// - Complexity: O(values.count).
    public func appendRecord(values: UnsafeBufferPointer<Float>, label: Int64, to output: RecordBuffer) {
        precondition(encoding.isFloat)
        if hasLabel { sizes[1] = ExampleEncoder.varintSize(of: label) }
        sizes[0] = values.count * 4
        append(label: label, to: output) { content in
            for (i, value) in values.enumerated() {
                content.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: i &* 4, as: UInt32.self)
            }
        }
    }

    /// Appends a record whose image content (``sizes``[0] bytes) `writeImage` fills.
    private func append(label: Int64, to output: RecordBuffer, writeImage: (UnsafeMutableRawBufferPointer) -> Void) {
        observedLabels?.observe(label)
        encoder.appendRecord(contentSizes: sizes, to: output) { field, content in
            if field == 1 {
                _ = ExampleEncoder.writeVarint(label, into: content)
            } else {
                writeImage(content)
            }
        }
    }
}
