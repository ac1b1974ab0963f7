import TFRecord

/// What the header of an array file (`.npy` or IDX) says about its data: element type,
/// shape, element order and where the data starts. The first dimension counts the rows
/// (records); the others make up one row.
public struct ArrayHeader: Sendable, Equatable {
    /// The file formats.
    public enum Format: String, Sendable {
        /// NumPy `.npy`, format version 1.0, 2.0 or 3.0.
        case npy
        /// IDX, the format of the original MNIST files (`train-images-idx3-ubyte`).
        case idx
    }

    /// The file's format.
    public var format: Format
    /// The element type.
    public var elementType: ArrayElementType
    /// The dimensions; `shape[0]` is the row count.
    public var shape: [Int]
    /// Whether the elements are stored column-major (NumPy's `fortran_order`): the first
    /// index varies fastest, so a row's elements are `rows` elements apart.
    public var isFortranOrder: Bool
    /// Bytes before the data (magic and header) in the uncompressed stream.
    public var dataOffset: Int

    /// Rows (records): the first dimension.
    public var rows: Int { shape.first ?? 0 }
    /// The shape of one row: the dimensions after the first.
    public var rowShape: [Int] { Array(shape.dropFirst()) }
    /// Elements per row.
    public var rowElements: Int { shape.dropFirst().reduce(1, *) }
    /// Bytes per row.
    public var rowBytes: Int { rowElements * elementType.size }
    /// Bytes of data: every row.
    public var dataBytes: Int { rows * rowBytes }

    /// Checks that the data size fits in an `Int` (so that offsets never overflow).
    ///
    /// - Throws: ``TFRecordError`` `.badInput`.
    func checkSize(path: String) throws(TFRecordError) {
        var total = elementType.size
        for dimension in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Int(Int64.max) - dataOffset else {
                throw TFRecordError(.badInput, "shape \(Self.text(shape)) is too large", at: SourceLocation(path: path))
            }
            total = product
        }
    }

    /// The byte offset in the (uncompressed) file of element `element` (0-based, in C order
    /// within the row) of row `row`.
    public func byteOffset(row: Int, element: Int) -> Int {
        guard isFortranOrder else { return dataOffset + (row * rowElements + element) * elementType.size }
        // Column-major: the flat index is row + rows * (i1 + d1 * (i2 + d2 * …)).
        var flat = 0
        var stride = rows
        for (dimension, index) in zip(rowShape, indices(ofElement: element)) {
            flat += index * stride
            stride *= dimension
        }
        return dataOffset + (row + flat) * elementType.size
    }

    /// The indices within a row of element `element` (C order), e.g. `[3, 5]` in a 28×28 row.
    func indices(ofElement element: Int) -> [Int] {
        var rest = element
        var indices = [Int](repeating: 0, count: rowShape.count)
        for axis in rowShape.indices.reversed() {
            indices[axis] = rest % rowShape[axis]
            rest /= rowShape[axis]
        }
        return indices
    }

    /// NumPy's index of an element, e.g. `[17, 3, 5]`.
    func numpyIndex(row: Int, element: Int) -> String {
        "[" + ([row] + indices(ofElement: element)).map(String.init).joined(separator: ", ") + "]"
    }

    /// A shape the way NumPy prints it: `(60000, 28, 28)`, `(5,)`.
    public static func text(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
