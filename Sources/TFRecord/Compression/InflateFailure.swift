/// Why a compressed stream could not be read to its end, with where it happened: what an
/// ``InflatingByteSource`` reports, for its owner to word (record files and array files
/// say it each in their own words).
package enum InflateFailure: Sendable, Equatable {
    /// The compressed bytes end before the stream does.
    case truncated
    /// The bytes do not inflate: zlib's reason, such as `invalid block type` or
    /// `incorrect data check` (a wrong CRC-32 or Adler-32).
    case corrupt(String)
    /// The stream asks for a preset dictionary (zlib format only).
    case needsDictionary
    /// Bytes follow the end of the stream that do not start another gzip member.
    case trailingBytes

    /// Where a failure happened.
    package struct Position: Sendable, Equatable {
        /// Compressed bytes consumed before it.
        package var compressedBytes: Int
        /// Uncompressed bytes produced before it.
        package var uncompressedBytes: Int
    }

    /// The wording of record readers (`tfrec verify`, `dump`, standard input), e.g.
    /// `truncated gzip stream: the file ends after 64 bytes, before the end of the compressed data`.
    package static func recordMessage(_ failure: InflateFailure, format: RecordCompression, at position: Position) -> String {
        let offset = position.compressedBytes
        return switch failure {
        case .truncated:
            "truncated \(format) stream: the file ends after \(offset) bytes, before the end of the compressed data"
        case .corrupt(let reason): "corrupt \(format) stream at compressed byte \(offset): \(reason)"
        case .needsDictionary: "corrupt \(format) stream at compressed byte \(offset): it asks for a preset dictionary"
        case .trailingBytes: "unexpected bytes after the end of the \(format) stream, at compressed byte \(offset)"
        }
    }
}
