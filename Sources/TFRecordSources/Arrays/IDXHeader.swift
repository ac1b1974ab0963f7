import TFRecord

/// The header of an IDX file, the format of the original MNIST files
/// (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`).
///
/// Layout: two zero bytes, a type code (`0x08` unsigned byte, `0x0C` int32, `0x0D` float32
/// are read), the number of dimensions, then each dimension as a big-endian `uint32`; the
/// data follows in C order, multi-byte values big-endian.
enum IDXHeader {
    /// Reads and checks the header of an IDX file.
    ///
    /// - Parameters:
    ///   - path: the file, for messages.
    ///   - read: returns the next `count` bytes of the file, or fewer at its end.
    /// - Returns: the header; the data starts right after the bytes read.
    /// - Throws: ``TFRecordError`` `.badInput` for a bad magic, an unsupported type, no
    ///   dimensions or a truncated header.
    static func read(path: String, _ read: (_ count: Int) throws(TFRecordError) -> [UInt8]) throws(TFRecordError)
        -> ArrayHeader
    {
        let at = SourceLocation(path: path)
        let magic = try read(4)
        let shown = magic.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
        guard magic.count >= 2, magic[0] == 0, magic[1] == 0 else {
            throw TFRecordError(.badInput, "not an IDX file: bad magic \(magic.isEmpty ? "(empty file)" : shown) "
                                + "(an IDX file starts with 00 00, a type code and the number of dimensions)", at: at)
        }
        guard magic.count == 4 else {
            throw TFRecordError(.badInput, "truncated IDX header: the file ends after \(magic.count) bytes", at: at)
        }
        let elementType: ArrayElementType
        switch ArrayElementType.parse(idxTypeCode: magic[2]) {
        case .success(let type)?: elementType = type
        case .failure(let unsupported)?:
            throw TFRecordError(.badInput, "unsupported IDX type \(unsupported.what) (code 0x\(String(magic[2], radix: 16))); "
                                + "uint8 (0x08), int32 (0x0c) and float32 (0x0d) are read", at: at)
        case nil:
            throw TFRecordError(.badInput, "not an IDX file: bad type code 0x\(String(magic[2], radix: 16)) in magic \(shown)",
                                at: at)
        }
        let dimensionCount = Int(magic[3])
        guard dimensionCount > 0 else {
            throw TFRecordError(.badInput, "IDX header with 0 dimensions: no rows", at: at)
        }
        let dimensions = try read(4 * dimensionCount)
        guard dimensions.count == 4 * dimensionCount else {
            throw TFRecordError(.badInput, "truncated IDX header: \(dimensionCount) dimensions need \(4 + 4 * dimensionCount) "
                                + "bytes, the file ends after \(4 + dimensions.count)", at: at)
        }
        let shape = (0..<dimensionCount).map { d in
            dimensions[(4 * d)..<(4 * d + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        let header = ArrayHeader(format: .idx, elementType: elementType, shape: shape, isFortranOrder: false,
                                 dataOffset: 4 + 4 * dimensionCount)
        try header.checkSize(path: path)
        return header
    }
}
