import TFRecord

/// How the image feature stores a row's pixel values.
public enum PixelEncoding: String, CaseIterable, Sendable {
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

    /// The Example feature kind that carries this encoding.
    public var featureKind: ExampleFeatureKind {
        switch self {
        case .int64List: .int64List
        case .floatList: .floatList
        default: .bytes
        }
    }

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
}

/// The kind of list a feature holds (TFRecord's `ExampleEncoder.Kind`).
public typealias ExampleFeatureKind = ExampleEncoder.Kind
