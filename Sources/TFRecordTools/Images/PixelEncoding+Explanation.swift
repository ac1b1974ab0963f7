import TFRecordPixels

extension PixelEncoding {
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
}
