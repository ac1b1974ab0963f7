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
    /// Records whose pixel content reaches this size are streamed (see ``streamsRecords``).
    public let streamedRecordSize: Int

    /// Creates an encoder.
    ///
    /// - Parameters:
    ///   - shape: required for JPEG and PNG; its value count must equal `pixelCount`.
    ///   - quality: JPEG quality 1...100.
    ///   - observedLabels: observes every label written (with a label feature).
    ///   - streamedRecordSize: see ``streamedRecordSize``.
    /// - Throws: ``TFRecordError`` `.usage` for a missing or mismatched shape, a channel count
    ///   that JPEG and PNG cannot hold, or a bad quality.
    /// - Precondition: `imageKey != labelKey` when there is a label.
    public init(encoding: PixelEncoding, pixelCount: Int, imageKey: String, labelKey: String?, shape: ImageShape? = nil,
                quality: Int = 95, observedLabels: ObservedLabels? = nil,
                streamedRecordSize: Int = defaultStreamedRecordSize) throws(TFRecordError) {
        self.observedLabels = labelKey == nil ? nil : observedLabels
        self.streamedRecordSize = streamedRecordSize
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
        sizes[0] = Self.contentSize(of: pixels, as: encoding)
        append(label: label, to: output) { content in Self.writeContent(of: pixels, as: encoding, into: content) }
    }

    /// The content size of `pixels` in a raw (not image, not float) encoding.
    private static func contentSize(of pixels: UnsafeBufferPointer<UInt8>, as encoding: PixelEncoding) -> Int {
        switch encoding {
        case .int64Bytes: pixels.count * 8
        case .uint8: pixels.count
        case .int64List: pixels.count + pixels.reduce(0) { $0 + Int($1 >> 7) }
        case .jpeg, .png: preconditionFailure("image formats are encoded whole")
        case .float32, .floatList: preconditionFailure("float encodings take transformed values")
        }
    }

    /// Writes `pixels` in a raw encoding: exactly ``contentSize(of:as:)`` bytes.
    private static func writeContent(of pixels: UnsafeBufferPointer<UInt8>, as encoding: PixelEncoding,
                                     into content: UnsafeMutableRawBufferPointer) {
        switch encoding {
        case .int64Bytes: PixelBytes.widenToInt64LittleEndian(pixels, into: content)
        case .uint8: content.copyMemory(from: UnsafeRawBufferPointer(pixels))
        case .int64List: PixelBytes.writeVarints(pixels, into: content)
        case .jpeg, .png, .float32, .floatList: preconditionFailure("encoded elsewhere")
        }
    }

    /// Writes `values` as little-endian float32: both the `float32` bytes and the packed
    /// `FloatList` content (`values.count * 4` bytes).
    private static func writeContent(of values: UnsafeBufferPointer<Float>, into content: UnsafeMutableRawBufferPointer) {
        for (i, value) in values.enumerated() {
            content.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: i &* 4, as: UInt32.self)
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
        append(label: label, to: output) { content in Self.writeContent(of: values, into: content) }
    }

    // MARK: Streamed records

    /// The default of ``streamedRecordSize``: 1 MiB, the size of the pieces. A larger record
    /// built whole costs a fresh buffer and its page faults (a 1 M-value row's 8 MB record:
    /// 1 500 of them), which streaming it does not.
    public static let defaultStreamedRecordSize = 1 << 20
    /// Values encoded per piece of a streamed record (512 KiB of int64 bytes).
    static let streamedValuesPerPiece = 1 << 16

    /// Whether this encoder writes each record in pieces through
    /// ``streamRecord(pixels:label:through:flush:)`` rather than whole: rows whose
    /// content reaches ``streamedRecordSize`` (one wide row: a record of tens of MB, which
    /// whole would cost a fresh buffer of that size and its page faults) in an encoding
    /// made value by value (not JPEG or PNG, which compress the whole image).
    public var streamsRecords: Bool {
        guard !encoding.isImageFormat else { return false }
        return pixelCount * (encoding.isFloat ? 4 : encoding == .int64Bytes ? 8 : 1) >= streamedRecordSize
    }

    /// Writes a row's record (as ``appendRecord(pixels:label:to:)`` would, byte for byte)
    /// in pieces of about 1 MiB through `buffer`, handing each to `flush` (`complete` on
    /// the last): memory O(1 MiB) whatever the row's width.
    ///
    /// - Precondition: ``streamsRecords``, `buffer` is empty, and `pixels.count == pixelCount`.
    /// - Throws: what `flush` throws.
    public func streamRecord(pixels: UnsafeBufferPointer<UInt8>, label: Int64, through buffer: RecordBuffer,
                             flush: (RecordBuffer, _ complete: Bool) throws(TFRecordError) -> Void) throws(TFRecordError) {
        precondition(streamsRecords && !encoding.isFloat && pixels.count == pixelCount)
        let encoding = encoding
        sizes[0] = Self.contentSize(of: pixels, as: encoding)
        try stream(label: label, through: buffer, flush: flush) { (emit) throws(TFRecordError) in
            try Self.emit(pixels, as: encoding, through: emit)
        }
    }

    /// Whether a record's content size follows from ``pixelCount`` alone (not from the
    /// values): what a row parsed as it streams needs, since its record's header comes first.
    public var hasFixedContentSize: Bool { encoding == .int64Bytes || encoding == .uint8 }

    /// Writes a row's record from its pixels in pieces, as they are parsed (one wide row
    /// parsed as it streams): the bytes of ``appendRecord(pixels:label:to:)``, streamed
    /// through `buffer` as ``streamRecord(pixels:label:through:flush:)`` streams them.
    /// `pixelPieces` hands the row's pixels to the `emit` it is given, in order, in pieces
    /// of any size, ``pixelCount`` in all.
    ///
    /// - Precondition: ``streamsRecords``, ``hasFixedContentSize``, and `buffer` is empty.
    /// - Throws: what `flush` and `pixelPieces` throw.
    public func streamRecord(
        label: Int64, through buffer: RecordBuffer, flush: (RecordBuffer, _ complete: Bool) throws(TFRecordError) -> Void,
        pixelPieces: (_ emit: (UnsafeBufferPointer<UInt8>) throws(TFRecordError) -> Void) throws(TFRecordError) -> Void
    ) throws(TFRecordError) {
        precondition(streamsRecords && hasFixedContentSize)
        let encoding = encoding
        sizes[0] = pixelCount * (encoding == .int64Bytes ? 8 : 1)
        try stream(label: label, through: buffer, flush: flush) { (emit) throws(TFRecordError) in
            // `emit` is called only during `pixelPieces`' own call, never after it.
            try withoutActuallyEscaping(emit) { (emit) throws(TFRecordError) in
                try pixelPieces { (pixels) throws(TFRecordError) in try Self.emit(pixels, as: encoding, through: emit) }
            }
        }
    }

    /// Hands `pixels`' content in a raw encoding to a streamed record's `emit`, in pieces of
    /// ``streamedValuesPerPiece`` values.
    private static func emit(
        _ pixels: UnsafeBufferPointer<UInt8>, as encoding: PixelEncoding,
        through emit: (Int, (UnsafeMutableRawBufferPointer) -> Void) throws(TFRecordError) -> Void
    ) throws(TFRecordError) {
        for start in stride(from: 0, to: pixels.count, by: streamedValuesPerPiece) {
            let piece = UnsafeBufferPointer(rebasing: pixels[start..<min(pixels.count, start + streamedValuesPerPiece)])
            try emit(contentSize(of: piece, as: encoding)) { writeContent(of: piece, as: encoding, into: $0) }
        }
    }

    /// Writes a row's record of transformed values (float encodings) in pieces, as
    /// ``streamRecord(pixels:label:through:flush:)`` does.
    public func streamRecord(values: UnsafeBufferPointer<Float>, label: Int64, through buffer: RecordBuffer,
                             flush: (RecordBuffer, _ complete: Bool) throws(TFRecordError) -> Void) throws(TFRecordError) {
        precondition(streamsRecords && encoding.isFloat)
        sizes[0] = values.count * 4
        try stream(label: label, through: buffer, flush: flush) { (emit) throws(TFRecordError) in
            for start in stride(from: 0, to: values.count, by: Self.streamedValuesPerPiece) {
                let piece = UnsafeBufferPointer(rebasing: values[start..<min(values.count, start + Self.streamedValuesPerPiece)])
                try emit(piece.count * 4) { Self.writeContent(of: piece, into: $0) }
            }
        }
    }

    /// Streams a record whose image content (``sizes``[0] bytes) `streamImage` pushes.
    private func stream(
        label: Int64, through buffer: RecordBuffer, flush: (RecordBuffer, Bool) throws(TFRecordError) -> Void,
        streamImage: ((Int, (UnsafeMutableRawBufferPointer) -> Void) throws(TFRecordError) -> Void) throws(TFRecordError) -> Void
    ) throws(TFRecordError) {
        if hasLabel { sizes[1] = ExampleEncoder.varintSize(of: label) }
        observedLabels?.observe(label)
        try encoder.streamRecord(
            contentSizes: sizes, streamed: 0, through: buffer, pieceSize: 1 << 20, flush: flush,
            writeContent: { _, content in _ = ExampleEncoder.writeVarint(label, into: content) },
            streamContent: streamImage)
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
