import TFRecord
import TFRecordImages
import TFRecordShards

/// How an Example's image feature stores its pixels — every encoding that `tfrec` writes
/// or that TensorFlow users commonly use. Decoding by the wrong one gives garbage (the
/// classic: int64 bytes read with `np.frombuffer`'s float64 default), so readers decode by
/// the declared or inferred encoding and say which they used.
public enum RecordImageEncoding: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `BytesList`: little-endian int64 per pixel (the reference workflow's `tobytes()`).
    case int64Bytes = "int64-bytes"
    /// `BytesList`: one byte per pixel.
    case uint8
    /// `BytesList`: little-endian float32 per pixel.
    case float32
    /// `BytesList`: a JPEG file.
    case jpeg
    /// `BytesList`: a PNG file.
    case png
    /// `Int64List` of pixel values.
    case int64List = "int64-list"
    /// `FloatList` of pixel values.
    case floatList = "float-list"

    public var description: String { rawValue }

    /// The Example feature kind that carries this encoding.
    public var featureKind: ExampleFeatureKind {
        switch self {
        case .int64List: .int64List
        case .floatList: .floatList
        default: .bytes
        }
    }

    /// Bytes per pixel value for raw byte encodings; `nil` for JPEG, PNG and lists.
    public var bytesPerValue: Int? {
        switch self {
        case .int64Bytes: 8
        case .uint8: 1
        case .float32: 4
        default: nil
        }
    }

    /// How to read it, for the note that says which encoding a reader used.
    public var explanation: String {
        switch self {
        case .int64Bytes:
            "little-endian int64, 8 bytes per pixel: np.frombuffer(b, dtype=np.int64), not the float64 default"
        case .uint8: "1 byte per pixel: np.frombuffer(b, dtype=np.uint8)"
        case .float32: "little-endian float32, 4 bytes per pixel: np.frombuffer(b, dtype=np.float32)"
        case .jpeg: "JPEG file: tf.io.decode_jpeg"
        case .png: "PNG file: tf.io.decode_png"
        case .int64List: "Int64List of pixel values"
        case .floatList: "FloatList of pixel values"
        }
    }

    /// The encoding a manifest names: its `encoding` (also the spellings `float32-bytes`,
    /// `float32-list`, `raw`), else its `kind` and `dtype`; `nil` if neither says.
    public init?(manifest feature: Manifest.Feature) {
        switch feature.encoding?.lowercased() {
        case let name? where RecordImageEncoding(rawValue: name) != nil: self.init(rawValue: name)
        case "float32-bytes"?: self = .float32
        case "float32-list"?, "float_list"?: self = .floatList
        case "int64_list"?: self = .int64List
        case "raw"?: self = .uint8
        default:
            switch (feature.kind, feature.dtype) {
            case ("int64_list", _): self = .int64List
            case ("float_list", _): self = .floatList
            case ("bytes", "int64"): self = .int64Bytes
            case ("bytes", "uint8"): self = .uint8
            case ("bytes", "float32"): self = .float32
            default: return nil
            }
        }
    }
}
