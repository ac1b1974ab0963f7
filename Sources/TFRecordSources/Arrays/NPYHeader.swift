import TFRecord

/// The header of a NumPy `.npy` file: reading (format versions 1.0, 2.0 and 3.0) and
/// writing (version 1.0, for `tfrec dump --format npy`).
///
/// Layout: the magic `\x93NUMPY`, a major and a minor version byte, the header length
/// (little-endian `uint16` in 1.0, `uint32` in 2.0 and 3.0), then the header — the `repr()`
/// of a dict with exactly the keys `descr`, `fortran_order` and `shape` — padded with
/// spaces and a newline; the data follows.
package enum NPYHeader {
    /// The magic at the start of every `.npy` file.
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Headers longer than this are refused as implausible (NumPy itself refuses more than
    /// 10 000 bytes unless told otherwise).
    static let maximumHeaderLength = 1 << 20

    // MARK: Reading

    /// Reads and checks the header of a `.npy` file.
    ///
    /// - Parameters:
    ///   - path: the file, for messages.
    ///   - read: returns the next `count` bytes of the file, or fewer at its end.
    /// - Returns: the header; the data starts right after the bytes read.
    /// - Throws: ``TFRecordError`` `.badInput` for a truncated header, a bad magic, an
    ///   unsupported version, a malformed header dict or an unsupported dtype.
    static func read(path: String, _ read: (_ count: Int) throws(TFRecordError) -> [UInt8]) throws(TFRecordError)
        -> ArrayHeader
    {
        let at = SourceLocation(path: path)
        let start = try read(8)
        guard start.count >= magic.count, Array(start.prefix(magic.count)) == magic else {
            if start.isEmpty { throw TFRecordError(.badInput, "not a .npy file: the file is empty", at: at) }
            if start.count < magic.count && magic.starts(with: start) {
                throw TFRecordError(.badInput, "truncated .npy header: the file ends after \(start.count) bytes", at: at)
            }
            throw TFRecordError(.badInput, "not a .npy file: bad magic \(hex(start.prefix(magic.count))) "
                                + "(a .npy file starts with 93 4e 55 4d 50 59, \\x93NUMPY)", at: at)
        }
        guard start.count == 8 else {
            throw TFRecordError(.badInput, "truncated .npy header: the file ends after \(start.count) bytes", at: at)
        }
        let (major, minor) = (start[6], start[7])
        guard minor == 0, (1...3).contains(major) else {
            throw TFRecordError(.badInput, "unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are read)",
                                at: at)
        }
        let lengthBytes = try read(major == 1 ? 2 : 4)
        guard lengthBytes.count == (major == 1 ? 2 : 4) else {
            throw TFRecordError(.badInput, "truncated .npy header: the file ends after \(8 + lengthBytes.count) bytes",
                                at: at)
        }
        let length = lengthBytes.reversed().reduce(0) { $0 << 8 | Int($1) }
        guard length <= maximumHeaderLength else {
            throw TFRecordError(.badInput, "implausible .npy header length \(length) (at most \(maximumHeaderLength) bytes)",
                                at: at)
        }
        let dataOffset = 8 + lengthBytes.count + length
        let text = try read(length)
        guard text.count == length else {
            throw TFRecordError(.badInput, "truncated .npy header: \(dataOffset) bytes of header expected, the file "
                                + "ends after \(8 + lengthBytes.count + text.count)", at: at)
        }
        // 1.0 and 2.0 headers are Latin-1, 3.0 headers UTF-8; the keys and values that matter are ASCII.
        let header = major == 3 ? String(decoding: text, as: UTF8.self) : String(text.map { Character(Unicode.Scalar($0)) })
        let (elementType, fortranOrder, shape) = try parse(dictionary: header, at: at)
        let result = ArrayHeader(format: .npy, elementType: elementType, shape: shape, isFortranOrder: fortranOrder,
                                 dataOffset: dataOffset)
        try result.checkSize(path: path)
        return result
    }

    /// The dtype, order and shape of a header dict.
    private static func parse(dictionary header: String, at: SourceLocation) throws(TFRecordError)
        -> (ArrayElementType, Bool, [Int])
    {
        let shown = header.trimmingTrailingWhitespace
        func malformed(_ why: String) -> TFRecordError {
            TFRecordError(.badInput, "malformed .npy header: \(why): \(shown)", at: at)
        }
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(header)
        } catch {
            throw malformed("expected \(error.expected) at character \(error.offset + 1)")
        }
        guard case .dictionary(let pairs) = literal else { throw malformed("not a dict") }
        var values: [String: PythonLiteral] = [:]
        for (key, value) in pairs {
            guard case .string(let name) = key, ["descr", "fortran_order", "shape"].contains(name) else {
                throw malformed("unexpected key \(key) (the keys are 'descr', 'fortran_order' and 'shape')")
            }
            values[name] = value
        }
        for name in ["descr", "fortran_order", "shape"] where values[name] == nil {
            throw malformed("no '\(name)'")
        }
        guard case .boolean(let fortranOrder) = values["fortran_order"]! else {
            throw malformed("'fortran_order' must be True or False, found \(values["fortran_order"]!)")
        }
        let badShape = malformed("'shape' must be a tuple of non-negative integers, found \(values["shape"]!)")
        guard case .tuple(let dimensions) = values["shape"]! else { throw badShape }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .integer(let n) = dimension, n >= 0 else { throw badShape }
            shape.append(n)
        }
        let elementType: ArrayElementType
        switch values["descr"]! {
        case .string(let descriptor):
            switch ArrayElementType.parse(npyDescriptor: descriptor) {
            case .success(let type)?: elementType = type
            case .failure(let unsupported)?:
                throw TFRecordError(.badInput, "unsupported dtype '\(descriptor)' (\(unsupported.what)); supported: "
                                    + ArrayElementType.supportedList, at: at)
            case nil: throw malformed("'descr' \(values["descr"]!) is not a NumPy type descriptor")
            }
        case .list:
            throw TFRecordError(.badInput, "unsupported dtype: a structured array (descr \(values["descr"]!)); supported: "
                                + ArrayElementType.supportedList, at: at)
        default:
            throw malformed("'descr' must be a string, found \(values["descr"]!)")
        }
        return (elementType, fortranOrder, shape)
    }

    private static func hex(_ bytes: some Collection<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }

    // MARK: Writing

    /// Bytes of a written header, magic included (a multiple of 64, as NumPy aligns it), so
    /// that it can be written first and completed once the record count is known.
    package static let size = 128

    /// A version 1.0 header of `size` bytes for C-order data.
    package static func bytes(dtype: String, shape: [Int]) -> [UInt8] {
        var dictionary = Array("{'descr': '\(dtype)', 'fortran_order': False, 'shape': \(ArrayHeader.text(shape)), }".utf8)
        let fixed = 10  // magic (6) + version (2) + header length (2)
        dictionary += [UInt8](repeating: 0x20, count: max(0, size - fixed - dictionary.count - 1))
        dictionary.append(UInt8(ascii: "\n"))
        let length = UInt16(dictionary.count)
        precondition(fixed + dictionary.count == size, "npy header does not fit \(size) bytes")
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + dictionary
    }
}

extension String {
    /// The text without trailing spaces and newlines (a `.npy` header's padding).
    fileprivate var trimmingTrailingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\n" || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
