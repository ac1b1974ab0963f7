/// Whole-file compression of a record file, as TensorFlow's
/// `tf.io.TFRecordOptions(compression_type=…)` writes and reads it.
///
/// The records are framed as usual and the whole framed byte stream is compressed as one
/// stream: `.zlib` is a zlib stream (RFC 1950: 2-byte header, raw deflate, Adler-32),
/// `.gzip` a gzip stream (RFC 1952: 10-byte header, raw deflate, CRC-32 and length).
/// Record offsets (in errors, `.idx` files) always count bytes of the uncompressed stream.
public enum RecordCompression: String, Sendable, CaseIterable, Codable {
    /// Plain framed records.
    case none
    /// A gzip stream (`compression_type="GZIP"`).
    case gzip
    /// A zlib stream (`compression_type="ZLIB"`).
    case zlib

    /// zlib's default level, which TensorFlow's writer also uses.
    public static let defaultLevel = 6
}
