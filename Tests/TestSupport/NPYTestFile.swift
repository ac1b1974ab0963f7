/// The bytes of a NumPy `.npy` file (format 1.0), laid out as `numpy.lib.format` writes
/// them: magic, version, header length, the header dict padded with spaces to a multiple
/// of 64 bytes and ended by a newline, then the data.
public enum NPYTestFile {
    /// A `.npy` file of `data` with dtype `descr` (e.g. `|u1`, `<i8`, `>i8`) and `shape`.
    public static func bytes(descr: String, shape: [Int], fortranOrder: Bool = false, data: [UInt8]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = Array("{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }".utf8)
        let total = 10 + dict.count + 1
        dict += Array(repeating: UInt8(ascii: " "), count: (64 - total % 64) % 64) + [UInt8(ascii: "\n")]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.count & 0xFF), UInt8(dict.count >> 8)] + dict + data
    }

    /// `values` as 8-byte integers, little- or big-endian.
    public static func int64(_ values: [Int64], bigEndian: Bool = false) -> [UInt8] {
        values.flatMap { value in
            (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * (bigEndian ? 7 - $0 : $0))) }
        }
    }

    /// The elements of a C-order array of `shape` (`values` in C order), in Fortran order.
    public static func fortranOrder(_ values: [UInt8], shape: [Int]) -> [UInt8] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var out = [UInt8](repeating: 0, count: values.count)
        for flat in 0..<values.count {
            // The Fortran position: the first index varies fastest.
            var rest = flat
            var cIndex = 0
            for axis in 0..<shape.count {
                cIndex += (rest % shape[axis]) * strides[axis]
                rest /= shape[axis]
            }
            out[flat] = values[cIndex]
        }
        return out
    }
}
