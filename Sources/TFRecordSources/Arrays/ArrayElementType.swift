/// The type of the elements of an array file: what `.npy` calls the dtype and IDX the type
/// code, restricted to the types a conversion accepts.
///
/// Images may be `uint8`, `int32`, `int64` (values 0...255, like the CSV's) or `float32`
/// (for float encodings); labels may be any of the integer types. Both byte orders are
/// read: `.npy` may say either (`<i8`, `>i8`), IDX is always big-endian.
public struct ArrayElementType: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of element.
    public enum Kind: Sendable, Hashable {
        case uint8, int32, int64, float32
    }

    /// The kind of element.
    public var kind: Kind
    /// Whether the bytes are big-endian (`false` for one-byte types).
    public var isBigEndian: Bool

    /// Creates an element type; one-byte types have no byte order.
    public init(_ kind: Kind, bigEndian: Bool = false) {
        self.kind = kind
        self.isBigEndian = kind == .uint8 ? false : bigEndian
    }

    /// Bytes per element.
    public var size: Int {
        switch kind {
        case .uint8: 1
        case .int32, .float32: 4
        case .int64: 8
        }
    }

    /// Whether the elements are integers.
    public var isInteger: Bool { kind != .float32 }

    /// NumPy's name, e.g. `int64`.
    public var name: String {
        switch kind {
        case .uint8: "uint8"
        case .int32: "int32"
        case .int64: "int64"
        case .float32: "float32"
        }
    }

    /// The `.npy` type descriptor, e.g. `<i8`.
    public var npyDescriptor: String {
        switch kind {
        case .uint8: "|u1"
        case .int32: (isBigEndian ? ">" : "<") + "i4"
        case .int64: (isBigEndian ? ">" : "<") + "i8"
        case .float32: (isBigEndian ? ">" : "<") + "f4"
        }
    }

    /// `int64`, or `int64 (big-endian)`.
    public var description: String { name + (isBigEndian ? " (big-endian)" : "") }

    /// What readers accept, for error messages.
    static let supportedList = "uint8 (|u1), int32 (<i4, >i4), int64 (<i8, >i8), float32 (<f4, >f4)"

    /// Parses a NumPy type descriptor such as `<u1`, `|u1`, `>i8` or `<f4`.
    ///
    /// - Returns: the type, or a description of what the descriptor is (`complex64`,
    ///   `unicode string`, …) when it is well formed but not supported, or `nil` when it is
    ///   not a descriptor at all.
    static func parse(npyDescriptor text: String) -> Result<ArrayElementType, UnsupportedDescriptor>? {
        var rest = Substring(text)
        var bigEndian = false
        switch rest.first {
        case "<", "=", "|": rest = rest.dropFirst()
        case ">": bigEndian = true; rest = rest.dropFirst()
        default: break
        }
        guard let letter = rest.first, letter.isASCII, letter.isLetter else { return nil }
        let digits = rest.dropFirst()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(UnsupportedDescriptor(what: "a parametrized type"))
        }
        let size = Int(digits)
        switch (letter, size) {
        case ("u", 1), ("B", nil): return .success(ArrayElementType(.uint8))
        case ("i", 4): return .success(ArrayElementType(.int32, bigEndian: bigEndian))
        case ("i", 8), ("q", nil): return .success(ArrayElementType(.int64, bigEndian: bigEndian))
        case ("f", 4): return .success(ArrayElementType(.float32, bigEndian: bigEndian))
        default: break
        }
        let bits = size.map { String($0 * 8) } ?? ""
        let what = switch letter {
        case "b", "?": "bool"
        case "i": "int\(bits)"
        case "u": "uint\(bits)"
        case "f": "float\(bits)"
        case "c": "complex\(size.map { String($0 * 8) } ?? "")"
        case "O": "Python objects"
        case "U": "unicode strings"
        case "S", "a": "byte strings"
        case "V": "void (raw or structured records)"
        case "M": "datetime64"
        case "m": "timedelta64"
        default: "unknown kind '\(letter)'"
        }
        return .failure(UnsupportedDescriptor(what: what))
    }

    /// A descriptor that names a type this reader does not convert.
    struct UnsupportedDescriptor: Error {
        /// What the type is, e.g. `complex64`.
        var what: String
    }

    /// The type of an IDX type code (the file's third byte); IDX data is big-endian.
    ///
    /// - Returns: the type, or a description of an unsupported code (`int16`), or `nil` for
    ///   a byte that is no IDX type code.
    static func parse(idxTypeCode code: UInt8) -> Result<ArrayElementType, UnsupportedDescriptor>? {
        switch code {
        case 0x08: .success(ArrayElementType(.uint8))
        case 0x0C: .success(ArrayElementType(.int32, bigEndian: true))
        case 0x0D: .success(ArrayElementType(.float32, bigEndian: true))
        case 0x09: .failure(UnsupportedDescriptor(what: "int8"))
        case 0x0B: .failure(UnsupportedDescriptor(what: "int16"))
        case 0x0E: .failure(UnsupportedDescriptor(what: "float64"))
        default: nil
        }
    }
}
