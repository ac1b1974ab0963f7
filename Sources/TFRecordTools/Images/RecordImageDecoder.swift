import Foundation
import TFRecord
import TFRecordImages
import TFRecordPixels
import TFRecordShards

/// Turns the image feature of a `tf.train.Example` into an ``TFRecordImages/Image``,
/// whatever its encoding: int64/uint8/float32 bytes, JPEG, PNG, `Int64List`, `FloatList`.
///
/// The encoding is the one given (option or manifest) or, when none is, inferred once
/// from the first feature decoded and then kept for every later one
/// (``inferEncoding(of:at:)``), so that all images of a dataset decode the same way.
/// Raw values become pixels as follows: integers are clamped to 0...255; floats are
/// scaled by 255 when all of an image's values lie in [0, 1], else rounded and clamped —
/// unless the normalization is a ``TFRecordPixels/Normalization/standardize(mean:std:)``,
/// which is undone first (`v · std + mean`).
/// Clamped values are counted: many of them mean the encoding is wrong. Raw values in
/// ``TFRecordPixels/Layout/chw`` order are transposed to interleaved pixels.
///
/// One decoder per thread (it holds JPEG and PNG decoders).
public final class RecordImageDecoder {
    /// The encoding in use; set by the first ``decode(_:at:)`` when it was `nil`.
    public private(set) var encoding: PixelEncoding?
    /// The shape of raw values; `nil` infers a square gray image from the value count.
    /// JPEG and PNG images have their own shape.
    public let shape: ImageShape?
    /// The order of raw values.
    public let layout: Layout
    /// The normalization applied to float values; a standardization is undone before display.
    public let normalization: Normalization?
    private let images: ImageDecoder

    /// What one feature decoded to.
    public struct Decoded: Sendable {
        /// The image.
        public var image: Image
        /// The encoding used.
        public var encoding: PixelEncoding
        /// Values outside 0...255 (or NaN) that were clamped.
        public var clampedValues: Int
        /// Whether floats in [0, 1] were scaled by 255.
        public var scaledUnitFloats: Bool
    }

    /// Creates a decoder.
    ///
    /// - Parameters:
    ///   - encoding: the encoding, or `nil` to infer it from the first feature.
    ///   - shape: the shape of raw values, or `nil` to infer it.
    ///   - layout: the order of raw values.
    ///   - normalization: the normalization of float values; a standardization is undone
    ///     before they become pixels.
    ///   - maxPixels: the largest JPEG or PNG image decoded.
    public init(encoding: PixelEncoding?, shape: ImageShape?, layout: Layout = .hwc,
                normalization: Normalization? = nil, maxPixels: Int = ImageDecoder.defaultMaxPixels) {
        self.encoding = encoding
        self.shape = shape
        self.layout = layout
        self.normalization = normalization
        self.images = ImageDecoder(maxPixels: maxPixels)
    }

    /// Decodes an image feature.
    ///
    /// - Parameters:
    ///   - at: where the feature is, for errors.
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput`: a feature kind or size that does not
    ///   fit the encoding or shape, a shape that cannot be inferred, corrupt JPEG/PNG data.
    public func decode(_ feature: Tensorflow_Feature, at location: SourceLocation) throws(TFRecordError) -> Decoded {
        let encoding: PixelEncoding
        if let known = self.encoding {
            encoding = known
        } else {
            encoding = try inferEncoding(of: feature, at: location).encoding
            self.encoding = encoding
        }
        switch feature.kind {
        case .bytesList(let list):
            guard encoding.featureKind == .bytes else {
                throw TFRecordError(
                    .badInput, "the image feature is a BytesList, but encoding \(encoding) needs a \(encoding.featureKind.listName)",
                    at: location)
            }
            let bytes = try Self.single(list, at: location)
            return try rethrowingTFRecordError {
                try bytes.withUnsafeBytes { raw in try decode(bytes: raw, as: encoding, at: location) }
            }
        case .int64List(let list):
            guard encoding == .int64List else {
                throw TFRecordError(.badInput, "the image feature is an Int64List, but encoding \(encoding) was asked for", at: location)
            }
            let shape = try resolveShape(valueCount: list.value.count, encoding: encoding, at: location)
            var clamped = 0
            let pixels = list.value.map { v -> UInt8 in
                if v < 0 || v > 255 { clamped += 1 }
                return UInt8(clamping: v)
            }
            return Decoded(image: try image(shape, pixels, at: location), encoding: encoding, clampedValues: clamped,
                           scaledUnitFloats: false)
        case .floatList(let list):
            guard encoding == .floatList else {
                throw TFRecordError(.badInput, "the image feature is a FloatList, but encoding \(encoding) was asked for", at: location)
            }
            let shape = try resolveShape(valueCount: list.value.count, encoding: encoding, at: location)
            let (pixels, clamped, scaled) = list.value.withUnsafeBufferPointer { displayPixels(fromFloats: $0, shape: shape) }
            return Decoded(image: try image(shape, pixels, at: location), encoding: encoding, clampedValues: clamped,
                           scaledUnitFloats: scaled)
        case nil:
            throw TFRecordError(.badInput, "the image feature holds no list", at: location)
        }
    }

    /// The encoding a feature most plausibly has, and why.
    ///
    /// Lists say what they are. Bytes are JPEG or PNG by magic number; otherwise the byte
    /// count must fit the shape (given, or a square): 8·n bytes whose int64 values all lie
    /// in 0...255 are int64 bytes; 4·n bytes that read as plausible pixel floats (each 0
    /// or between 10⁻⁶ and 255.5) are float32; n bytes are uint8.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` when no encoding fits.
    public func inferEncoding(of feature: Tensorflow_Feature, at location: SourceLocation) throws(TFRecordError)
        -> (encoding: PixelEncoding, reason: String)
    {
        switch feature.kind {
        case .int64List(let list): return (.int64List, "an Int64List of \(list.value.count) values")
        case .floatList(let list): return (.floatList, "a FloatList of \(list.value.count) values")
        case nil: throw TFRecordError(.badInput, "the image feature holds no list", at: location)
        case .bytesList(let list):
            let bytes = try Self.single(list, at: location)
            if let format = ImageFormat.detect(bytes) {
                return (format == .jpeg ? .jpeg : .png, "\(format) magic number")
            }
            let count = bytes.count
            var fallback: (PixelEncoding, Int)?
            for candidate in [PixelEncoding.int64Bytes, .float32, .uint8] {
                let size = candidate.bytesPerValue!
                guard count % size == 0, count > 0 else { continue }
                let n = count / size
                guard (try? ImageShape.fitting(shape, valueCount: n)) != nil else { continue }
                if fallback == nil { fallback = (candidate, n) }
                if bytes.withUnsafeBytes({ Self.isPlausible($0, as: candidate) }) {
                    return (candidate, "\(count) bytes = \(n) \(candidate == .uint8 ? "uint8" : candidate == .float32 ? "float32" : "int64") values")
                }
            }
            if let (candidate, n) = fallback {
                return (candidate, "\(count) bytes = \(n) values (values look implausible for every encoding)")
            }
            let wanted = shape.map { "\($0) = \($0.valueCount) values" } ?? "a square image"
            throw TFRecordError(
                .badInput, "cannot tell the encoding of a \(count)-byte image: it is not JPEG or PNG, and no "
                    + "int64/float32/uint8 reading gives \(wanted); pass \(setting: .encoding) and \(setting: .shape)", at: location)
        }
    }

    private func decode(bytes: UnsafeRawBufferPointer, as encoding: PixelEncoding, at location: SourceLocation)
        throws(TFRecordError) -> Decoded
    {
        switch encoding {
        case .jpeg, .png:
            let decoded: Image
            do {
                decoded = try images.decode(bytes).image
            } catch {
                throw TFRecordError(.badInput, "image feature: \(error.message)", at: location)
            }
            return Decoded(image: decoded, encoding: encoding, clampedValues: 0, scaledUnitFloats: false)
        case .int64Bytes:
            let n = try valueCount(bytes.count, of: encoding, at: location)
            let shape = try resolveShape(valueCount: n, encoding: encoding, at: location)
            var clamped = 0
            let pixels = (0..<n).map { i -> UInt8 in
                let v = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
                if v < 0 || v > 255 { clamped += 1 }
                return UInt8(clamping: v)
            }
            return Decoded(image: try image(shape, pixels, at: location), encoding: encoding, clampedValues: clamped,
                           scaledUnitFloats: false)
        case .uint8:
            let shape = try resolveShape(valueCount: bytes.count, encoding: encoding, at: location)
            return Decoded(image: try image(shape, Array(bytes), at: location), encoding: encoding, clampedValues: 0,
                           scaledUnitFloats: false)
        case .float32:
            let n = try valueCount(bytes.count, of: encoding, at: location)
            let shape = try resolveShape(valueCount: n, encoding: encoding, at: location)
            let floats = (0..<n).map { i in
                Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
            let (pixels, clamped, scaled) = floats.withUnsafeBufferPointer { displayPixels(fromFloats: $0, shape: shape) }
            return Decoded(image: try image(shape, pixels, at: location), encoding: encoding, clampedValues: clamped,
                           scaledUnitFloats: scaled)
        case .int64List, .floatList:
            throw TFRecordError(.badInput, "the image feature is a BytesList, but encoding \(encoding) was asked for", at: location)
        }
    }

    private func valueCount(_ byteCount: Int, of encoding: PixelEncoding, at location: SourceLocation)
        throws(TFRecordError) -> Int
    {
        let size = encoding.bytesPerValue!
        guard byteCount % size == 0 else {
            throw TFRecordError(
                .badInput, "\(byteCount) bytes is not a whole number of \(size)-byte \(encoding) values", at: location)
        }
        return byteCount / size
    }

    private func resolveShape(valueCount n: Int, encoding: PixelEncoding, at location: SourceLocation)
        throws(TFRecordError) -> ImageShape
    {
        let fitting: ImageShape?
        do {
            fitting = try ImageShape.fitting(shape, valueCount: n)
        } catch {
            // The shape may come from the manifest rather than an option: named as a shape.
            throw error.tfRecordError(.badInput, but: "the image holds \(n) (as \(encoding))", shapeIsSetting: false,
                                      at: location)
        }
        guard let fitting else {
            throw TFRecordError(
                .badInput, "cannot infer the shape of \(n) \(encoding) values (not a square); pass \(setting: .shape, "HxWxC")",
                at: location)
        }
        return fitting
    }

    private func image(_ shape: ImageShape, _ pixels: [UInt8], at location: SourceLocation) throws(TFRecordError) -> Image {
        var pixels = pixels
        if layout == .chw && shape.channels > 1 && pixels.count == shape.valueCount {
            let plane = shape.width * shape.height
            pixels = (0..<pixels.count).map { i in pixels[(i % shape.channels) * plane + i / shape.channels] }
        }
        do {
            return try Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: pixels)
        } catch {
            throw TFRecordError(.badInput, error.message, at: location)
        }
    }

    private static func single(_ list: Tensorflow_BytesList, at location: SourceLocation) throws(TFRecordError) -> Data {
        guard list.value.count == 1 else {
            throw TFRecordError(
                .badInput, "the image feature holds \(list.value.count) byte strings, expected 1", at: location)
        }
        return list.value[0]
    }

    /// Pixels from floats (in ``layout`` order): the standardization undone if there is
    /// one; else ×255 when all are in [0, 1]; then rounded and clamped.
    private func displayPixels(fromFloats values: UnsafeBufferPointer<Float>, shape: ImageShape)
        -> (pixels: [UInt8], clamped: Int, scaled: Bool)
    {
        if case .standardize(let mean, let std)? = normalization, !mean.isEmpty, !std.isEmpty {
            let plane = shape.width * shape.height
            var clamped = 0
            let pixels = values.indices.map { i -> UInt8 in
                let c = layout == .chw ? i / plane : i % shape.channels
                let v = values[i] * std[c % std.count] + mean[c % mean.count]
                return Self.clamp(v, &clamped)
            }
            return (pixels, clamped, false)
        }
        return Self.pixels(fromFloats: values)
    }

    /// Pixels from floats: ×255 when all are in [0, 1], else rounded and clamped.
    static func pixels(fromFloats values: UnsafeBufferPointer<Float>) -> (pixels: [UInt8], clamped: Int, scaled: Bool) {
        let unit = values.allSatisfy { $0 >= 0 && $0 <= 1 }
        var clamped = 0
        let pixels = values.map { v in clamp(unit ? v * 255 : v, &clamped) }
        return (pixels, clamped, unit && !values.isEmpty)
    }

    /// `v` rounded and clamped to 0...255; NaN is 0. Counts values that needed clamping.
    private static func clamp(_ v: Float, _ clamped: inout Int) -> UInt8 {
        guard v.isFinite else {
            clamped += 1
            return v == .infinity ? 255 : 0
        }
        let r = v.rounded()
        if r < 0 || r > 255 { clamped += 1 }
        return UInt8(min(255, max(0, r)))
    }

    /// Whether raw bytes read as `encoding` look like pixel values.
    static func isPlausible(_ bytes: UnsafeRawBufferPointer, as encoding: PixelEncoding) -> Bool {
        switch encoding {
        case .int64Bytes:
            return stride(from: 0, to: bytes.count, by: 8).allSatisfy { offset in
                (0...255).contains(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
            }
        case .float32:
            var nonzero = false
            for offset in stride(from: 0, to: bytes.count, by: 4) {
                let v = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                if v == 0 { continue }
                guard v.isFinite && v >= 1e-6 && v <= 255.5 else { return false }
                nonzero = true
            }
            return nonzero
        default:
            return true
        }
    }
}

extension ExampleFeatureKind {
    /// `BytesList`, `Int64List` or `FloatList`.
    var listName: String {
        switch self {
        case .bytes: "BytesList"
        case .int64List: "Int64List"
        case .floatList: "FloatList"
        }
    }
}
