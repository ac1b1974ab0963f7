extension RecordCompression {
    /// How many leading bytes ``detect(prefix:)`` looks at.
    public static let detectionPrefixSize = RecordFraming.headerSize

    /// The compression of a record file, judged from its first bytes.
    ///
    /// An uncompressed file is recognised first: one whose first 12 bytes are a record
    /// header with a matching length CRC. That check must come first because plain files
    /// can start like a zlib stream: a first record of 40 056 bytes has the length bytes
    /// `78 9c`, zlib's most common header (a CRC match by chance is 1 in 2^32). Then a gzip
    /// stream by its magic `1f 8b`, then a zlib stream by its 2-byte header (method 8,
    /// window ≤ 32 KiB, `(CMF·256 + FLG) % 31 == 0`). Anything else, empty files included,
    /// is taken as uncompressed, so that a corrupt plain file keeps its precise record error.
    ///
    /// - Parameter prefix: the file's first ``detectionPrefixSize`` bytes, or all of it if
    ///   shorter.
    public static func detect(prefix: UnsafeRawBufferPointer) -> RecordCompression {
        if prefix.count >= RecordFraming.headerSize && RecordFraming.payloadLength(header: prefix) != nil {
            return .none
        }
        guard prefix.count >= 2 else { return .none }
        let first = prefix[0]
        let second = prefix[1]
        if first == 0x1f && second == 0x8b { return .gzip }
        if first & 0x0f == 8 && first >> 4 <= 7 && (Int(first) << 8 | Int(second)) % 31 == 0 { return .zlib }
        return .none
    }

    /// ``detect(prefix:)`` over a byte array.
    public static func detect(prefix: [UInt8]) -> RecordCompression {
        prefix.withUnsafeBytes { detect(prefix: $0) }
    }
}
