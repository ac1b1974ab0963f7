import Foundation
import TFRecord
import Testing

@testable import TFRecordShards
@testable import TFRecordSources
import TFRecordPixels

/// Each bad array input gets a clear error naming the file (and for bad values the record,
/// byte offset and element), the documented code, and leaves no shard and no temporary.
@Suite struct ArrayBadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The image file `x.npy` (or another name) and its bytes.
        var images: [UInt8]
        var imageName = "x.npy"
        /// The label file `y.npy`, if any.
        var labels: [UInt8]?
        var labelName = "y.npy"
        var message: String
        var code = TFRecordError.Code.badInput
        var labelColumn: Int? = nil
        var encoding: PixelEncoding? = nil
        var testDescription: String { name }
    }

    static let good = TestArray.pixels(rows: 4, rowShape: [2, 3])
    static let goodNPY = good.npy(ArrayElementType(.uint8))
    static let goodLabels = TestArray.labels(rows: 4).npy(ArrayElementType(.int64))
    static let uint8Shape = "(4, 2, 3)"

    static func header(_ dictionary: String) -> [UInt8] { npyHeader(dictionary: dictionary) + good.data(ArrayElementType(.uint8)) }

    static let cases: [Case] = [
        // .npy headers
        Case(name: "empty file", images: [], message: "x.npy: not a .npy file: the file is empty"),
        Case(name: "truncated magic", images: Array(goodNPY.prefix(4)),
             message: "x.npy: truncated .npy header: the file ends after 4 bytes"),
        Case(name: "truncated header length", images: Array(goodNPY.prefix(9)),
             message: "x.npy: truncated .npy header: the file ends after 9 bytes"),
        Case(name: "truncated header", images: Array(goodNPY.prefix(50)),
             message: "x.npy: truncated .npy header: 128 bytes of header expected, the file ends after 50"),
        Case(name: "bad magic", images: Array("\u{89}PNG\r\n".utf8.prefix(6)) + goodNPY.dropFirst(6),
             message: "x.npy: not a .npy file: bad magic c2 89 50 4e 47 0d (a .npy file starts with 93 4e 55 4d 50 59, \\x93NUMPY)"),
        Case(name: "unsupported version", images: Array(goodNPY.prefix(6)) + [4, 0] + goodNPY.dropFirst(8),
             message: "x.npy: unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are read)"),
        Case(name: "implausible header length", images: Array(goodNPY.prefix(6)) + [2, 0, 0, 0, 0, 1] + goodNPY.dropFirst(12),
             message: "x.npy: implausible .npy header length 16777216 (at most 1048576 bytes)"),
        Case(name: "header not a dict", images: header("['descr', '|u1']"),
             message: "x.npy: malformed .npy header: not a dict: ['descr', '|u1']"),
        Case(name: "header syntax", images: header("{'descr' '|u1', 'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: malformed .npy header: expected ':' at character 10: {'descr' '|u1', 'fortran_order': False, "
                + "'shape': (4, 2, 3), }"),
        Case(name: "unclosed string", images: header("{'descr': '|u1, 'fortran_order': False}"),
             message: "x.npy: malformed .npy header: expected ',' or '}' at character 18: {'descr': '|u1, 'fortran_order': False}"),
        Case(name: "no descr", images: header("{'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: malformed .npy header: no 'descr': {'fortran_order': False, 'shape': (4, 2, 3), }"),
        Case(name: "no shape", images: header("{'descr': '|u1', 'fortran_order': False, }"),
             message: "x.npy: malformed .npy header: no 'shape': {'descr': '|u1', 'fortran_order': False, }"),
        Case(name: "unexpected key", images: header("{'descr': '|u1', 'fortran_order': False, 'shape': \(uint8Shape), 'x': 1}"),
             message: "x.npy: malformed .npy header: unexpected key 'x' (the keys are 'descr', 'fortran_order' and 'shape'): "
                + "{'descr': '|u1', 'fortran_order': False, 'shape': (4, 2, 3), 'x': 1}"),
        Case(name: "shape with a string", images: header("{'descr': '|u1', 'fortran_order': False, 'shape': (4, 'a'), }"),
             message: "x.npy: malformed .npy header: 'shape' must be a tuple of non-negative integers, found (4, 'a'): "
                + "{'descr': '|u1', 'fortran_order': False, 'shape': (4, 'a'), }"),
        Case(name: "shape as a list", images: header("{'descr': '|u1', 'fortran_order': False, 'shape': [4, 6], }"),
             message: "x.npy: malformed .npy header: 'shape' must be a tuple of non-negative integers, found [4, 6]: "
                + "{'descr': '|u1', 'fortran_order': False, 'shape': [4, 6], }"),
        Case(name: "negative dimension", images: header("{'descr': '|u1', 'fortran_order': False, 'shape': (4, -6), }"),
             message: "x.npy: malformed .npy header: 'shape' must be a tuple of non-negative integers, found (4, -6): "
                + "{'descr': '|u1', 'fortran_order': False, 'shape': (4, -6), }"),
        Case(name: "huge shape", images: header("{'descr': '<i8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"),
             message: "x.npy: shape (4611686018427387904, 4) is too large"),
        Case(name: "fortran_order not a bool", images: header("{'descr': '|u1', 'fortran_order': 0, 'shape': \(uint8Shape), }"),
             message: "x.npy: malformed .npy header: 'fortran_order' must be True or False, found 0: "
                + "{'descr': '|u1', 'fortran_order': 0, 'shape': (4, 2, 3), }"),
        Case(name: "descr not a descriptor", images: header("{'descr': '<<', 'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: malformed .npy header: 'descr' '<<' is not a NumPy type descriptor: "
                + "{'descr': '<<', 'fortran_order': False, 'shape': (4, 2, 3), }"),
        // dtypes
        Case(name: "complex", images: header("{'descr': '<c8', 'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: unsupported dtype '<c8' (complex64); supported: " + ArrayElementType.supportedList),
        Case(name: "object", images: header("{'descr': '|O', 'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: unsupported dtype '|O' (Python objects); supported: " + ArrayElementType.supportedList),
        Case(name: "unicode", images: header("{'descr': '<U3', 'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: unsupported dtype '<U3' (unicode strings); supported: " + ArrayElementType.supportedList),
        Case(name: "float64", images: header("{'descr': '<f8', 'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: unsupported dtype '<f8' (float64); supported: " + ArrayElementType.supportedList),
        Case(name: "structured", images: header("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': \(uint8Shape), }"),
             message: "x.npy: unsupported dtype: a structured array (descr [('x', '<f4')]); supported: "
                + ArrayElementType.supportedList),
        // data
        Case(name: "data shorter than the shape", images: Array(goodNPY.dropLast(5)), labels: goodLabels,
             message: "x.npy: data truncated: shape (4, 2, 3) of uint8 needs 24 bytes after the 128-byte header, the file "
                + "has only 19"),
        Case(name: "data longer than the shape", images: goodNPY + [0, 0], labels: goodLabels,
             message: "x.npy: 2 bytes after the 24 bytes that shape (4, 2, 3) of uint8 describes; the header does not match "
                + "the data"),
        Case(name: "pixel above 255", images: TestArray(shape: [2, 3], values: [1, 2, 3, 4, 300, 6]).npy(ArrayElementType(.int64)),
             message: "x.npy: record 1 at byte offset 160: value 300 at [1, 1] out of range 0...255 (pixels are bytes; use a "
                + "float32 array for other values)", labelColumn: 0),
        Case(name: "negative big-endian pixel",
             images: TestArray(shape: [2, 3], values: [1, 2, 3, 4, 5, -6]).npy(ArrayElementType(.int32, bigEndian: true)),
             labels: TestArray.labels(rows: 2).npy(ArrayElementType(.uint8)),
             message: "x.npy: record 1 at byte offset 148: value -6 at [1, 2] out of range 0...255 (pixels are bytes; use a "
                + "float32 array for other values)"),
        Case(name: "fortran-order pixel above 255",
             images: TestArray(shape: [2, 2], values: [1, 2, 3, 256]).npy(ArrayElementType(.int64), fortran: true),
             labels: TestArray.labels(rows: 2).npy(ArrayElementType(.uint8)),
             message: "x.npy: record 1 at byte offset 152: value 256 at [1, 1] out of range 0...255 (pixels are bytes; use a "
                + "float32 array for other values)"),
        Case(name: "1-D images", images: TestArray(shape: [4], values: [1, 2, 3, 4]).npy(ArrayElementType(.uint8)),
             labels: goodLabels,
             message: "x.npy: images must be an array of 2 or more dimensions, (N, H, W[, C]) or (N, D); found shape (4,)"),
        Case(name: "no rows", images: TestArray(shape: [0, 2, 3], values: []).npy(ArrayElementType(.uint8)),
             message: "x.npy: empty input: no rows (shape (0, 2, 3))"),
        Case(name: "no pixels", images: TestArray(shape: [2, 1], values: [1, 2]).npy(ArrayElementType(.uint8)),
             message: "x.npy: rows of shape (1,) hold no pixels", labelColumn: 0),
        Case(name: "3-D without labels", images: goodNPY,
             message: "x.npy: shape (4, 2, 3) has no label column (that needs a 2-D array (N, 1 + pixels)); pass labels, "
                + "or labelColumn none for images without labels", code: .usage, labelColumn: 0),
        Case(name: "label column past the row", images: TestArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).npy(ArrayElementType(.uint8)),
             message: "x.npy: labelColumn 3 is past the 3 columns of the rows", code: .usage, labelColumn: 3),
        Case(name: "float label that is not an integer",
             images: npyHeader(descr: "<f4", shape: "(2, 3)") + [Float(1), 2, 3, 4.5, 5, 6].flatMap { v in
                 withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
             },
             message: "x.npy: record 1 at byte offset 140: label 4.5 at [1, 0] is not an integer", labelColumn: 0),
        Case(name: "float images with a byte encoding", images: good.npy(ArrayElementType(.float32)), labels: goodLabels,
             message: "x.npy: the images are float32; encoding uint8 stores pixel bytes 0...255: use encoding float32 or "
                + "float-list (with normalization as needed), or convert the array to uint8", code: .usage, encoding: .uint8),
        // labels
        Case(name: "label count mismatch", images: goodNPY, labels: TestArray.labels(rows: 3).npy(ArrayElementType(.int64)),
             message: "y.npy: 3 labels for the 4 images of x.npy; every image needs one label"),
        Case(name: "float labels", images: goodNPY, labels: TestArray.labels(rows: 4).npy(ArrayElementType(.float32)),
             message: "y.npy: labels must be integers (uint8, int32 or int64), found float32"),
        Case(name: "2-D labels", images: goodNPY, labels: TestArray(shape: [4, 2], values: Array(0..<8)).npy(ArrayElementType(.int64)),
             message: "y.npy: labels must be a 1-D array (N,) or (N, 1), found shape (4, 2)"),
        Case(name: "truncated labels", images: goodNPY, labels: Array(goodLabels.dropLast(3)),
             message: "y.npy: data truncated: shape (4,) of int64 needs 32 bytes after the 128-byte header, the file has only 29"),
        // IDX
        Case(name: "IDX bad magic", images: [1, 8, 8, 3] + good.idx(ArrayElementType(.uint8)).dropFirst(4),
             imageName: "train-images-idx3-ubyte", labels: goodLabels,
             message: "train-images-idx3-ubyte: not an IDX file: bad magic 01 08 08 03 (an IDX file starts with 00 00, a type "
                + "code and the number of dimensions)"),
        Case(name: "IDX unsupported type", images: [0, 0, 0x0B, 3] + good.idx(ArrayElementType(.uint8)).dropFirst(4),
             imageName: "train-images-idx3-ubyte", labels: goodLabels,
             message: "train-images-idx3-ubyte: unsupported IDX type int16 (code 0xb); uint8 (0x08), int32 (0x0c) and float32 "
                + "(0x0d) are read"),
        Case(name: "IDX bad type code", images: [0, 0, 0x42, 3] + good.idx(ArrayElementType(.uint8)).dropFirst(4),
             imageName: "train-images-idx3-ubyte", labels: goodLabels,
             message: "train-images-idx3-ubyte: not an IDX file: bad type code 0x42 in magic 00 00 42 03"),
        Case(name: "IDX no dimensions", images: [0, 0, 8, 0], imageName: "train-images-idx3-ubyte", labels: goodLabels,
             message: "train-images-idx3-ubyte: IDX header with 0 dimensions: no rows"),
        Case(name: "IDX truncated header", images: Array(good.idx(ArrayElementType(.uint8)).prefix(10)),
             imageName: "train-images-idx3-ubyte", labels: goodLabels,
             message: "train-images-idx3-ubyte: truncated IDX header: 3 dimensions need 16 bytes, the file ends after 10"),
        Case(name: "IDX truncated data", images: Array(good.idx(ArrayElementType(.uint8)).dropLast(1)),
             imageName: "train-images-idx3-ubyte", labels: goodLabels,
             message: "train-images-idx3-ubyte: data truncated: shape (4, 2, 3) of uint8 needs 24 bytes after the 16-byte "
                + "header, the file has only 23"),
        Case(name: "IDX labels count mismatch", images: good.idx(ArrayElementType(.uint8)), imageName: "train-images-idx3-ubyte",
             labels: TestArray.labels(rows: 5).idx(ArrayElementType(.uint8)), labelName: "train-labels-idx1-ubyte",
             message: "train-labels-idx1-ubyte: 5 labels for the 4 images of train-images-idx3-ubyte; every image needs one label"),
    ]

    @Test(arguments: cases)
    func badInputIsReportedAndLeavesNothing(_ testCase: Case) throws {
        let scratch = ScratchDirectory()
        let images = scratch.write(testCase.imageName, testCase.images)
        let labels = testCase.labels.map { scratch.write(testCase.labelName, $0) }
        let error = convertArrays([images], labels: labels.map { [$0] } ?? [], into: scratch.file("out")) {
            $0.labelColumn = testCase.labelColumn
            $0.encoding = testCase.encoding
        }.error
        let message = error?.description.replacingOccurrences(of: scratch.path + "/", with: "")
        #expect(message == testCase.message)
        #expect(error?.code == testCase.code)
        #expect(scratch.list("out").isEmpty, "files left behind")
    }
}
