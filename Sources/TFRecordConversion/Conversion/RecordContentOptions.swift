import TFRecord
import TFRecordPixels

/// What a record holds: how its image feature stores the pixels (encoding, JPEG quality,
/// shape, and for float encodings the transform's normalization and layout) and the keys
/// of its features. A part of the options of every conversion (``ConversionOptions``):
/// CSV, arrays and image folders fill it the same way and check it with one
/// ``validate(labeled:)``.
public struct RecordContentOptions: Sendable {
    /// How the image feature stores pixels; `nil`: the source's default (`int64-bytes`, as
    /// the reference workflow, for CSV and integer arrays; `float32` for float32 arrays;
    /// image files as they are for image folders).
    public var encoding: PixelEncoding?
    /// JPEG quality 1...100; `nil`: 95 (90 for image files that are resized).
    public var quality: Int?
    /// The image shape; `nil` takes it from the source, or infers a square gray image from
    /// the pixel count.
    public var shape: ImageShape?
    /// The pixel transform of float encodings (`nil`: the values as they are, `Float(x)`).
    public var normalization: Normalization?
    /// The layout of transformed values: `hwc` (as in the input) or `chw`.
    public var layout = Layout.hwc
    /// The image feature's key.
    public var imageKey = "image"
    /// The label feature's key.
    public var labelKey = "label"

    /// The defaults: the reference workflow's records.
    public init() {}

    /// The JPEG quality of re-encoded pixels: ``quality``, else 95.
    public var jpegQuality: Int { quality ?? 95 }

    /// Checks the options against each other.
    ///
    /// - Parameter labeled: whether the records get a label feature (its key must then
    ///   differ from the image's).
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` for an empty key, equal keys or a
    ///   quality outside 1...100. The transform's settings depend on the encoding in use,
    ///   which may depend on the input: ``checkTransform(for:)`` checks them.
    public func validate(labeled: Bool) throws(TFRecordError) {
        if imageKey.isEmpty || labelKey.isEmpty { throw TFRecordError(.usage, "feature keys must not be empty") }
        if labeled && imageKey == labelKey {
            throw TFRecordError(.usage, "\(setting: .imageKey) and \(setting: .labelKey) must differ")
        }
        if let quality, !(1...100).contains(quality) { throw TFRecordError(.usage, "\(setting: .quality) must be 1...100") }
    }

    /// Checks that a normalization or a layout other than `hwc` comes with a float encoding,
    /// the only ones the transform writes.
    ///
    /// - Parameter encoding: the encoding in use (``encoding`` or the source's default).
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` otherwise.
    public func checkTransform(for encoding: PixelEncoding) throws(TFRecordError) {
        if !encoding.isFloat && (normalization != nil || layout != .hwc) {
            throw TFRecordError(.usage, "\(setting: .normalization) and \(setting: .layout) need \(setting: .encoding) float32 or float-list")
        }
    }
}
