/// How an Example's image feature stores an image's pixel values: every encoding that
/// `tfrec` writes, and so every one its tools read back. Decoding by the wrong one gives
/// garbage (the classic: int64 bytes read with `np.frombuffer`'s float64 default), so
/// readers decode by the declared or inferred encoding and say which they used.
///
/// The Example feature kind that carries each encoding is TFRecordShards' `featureKind`.
public enum PixelEncoding: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `BytesList` of the pixels as little-endian int64, 8 bytes each: what the reference
    /// workflow's `row[1:].tobytes()` stores. Read with `np.frombuffer(b, dtype=np.int64)`
    /// or `tf.io.decode_raw(b, tf.int64)`.
    case int64Bytes = "int64-bytes"
    /// `BytesList` of the pixels as bytes, 1 each. Read with `tf.io.decode_raw(b, tf.uint8)`.
    case uint8
    /// `Int64List` of the pixel values. Read with `tf.io.FixedLenFeature([n], tf.int64)`.
    case int64List = "int64-list"
    /// `BytesList` of one JPEG image (grayscale for 1 channel, RGB for 3). Read with
    /// `tf.io.decode_jpeg`.
    case jpeg
    /// `BytesList` of one PNG image (lossless). Read with `tf.io.decode_png`.
    case png
    /// `BytesList` of little-endian float32 values after the transform (`--normalize`,
    /// `--layout`). Read with `tf.io.decode_raw(b, tf.float32)`.
    case float32
    /// `FloatList` of the values after the transform. Read with
    /// `tf.io.FixedLenFeature([n], tf.float32)`.
    case floatList = "float-list"

    /// The NumPy / TensorFlow dtype of the decoded values.
    public var dtype: String {
        switch self {
        case .int64Bytes, .int64List: "int64"
        case .uint8, .jpeg, .png: "uint8"
        case .float32, .floatList: "float32"
        }
    }

    /// Whether the encoding is an image file format (and so needs an image shape).
    public var isImageFormat: Bool { self == .jpeg || self == .png }

    /// Whether the encoding stores floats made by the pixel transform.
    public var isFloat: Bool { self == .float32 || self == .floatList }

    /// Bytes per pixel value for raw byte encodings; `nil` for JPEG, PNG and lists.
    public var bytesPerValue: Int? {
        switch self {
        case .int64Bytes: 8
        case .uint8: 1
        case .float32: 4
        default: nil
        }
    }

    /// The name on the command line and in manifests, e.g. `int64-bytes`.
    public var description: String { rawValue }
}
