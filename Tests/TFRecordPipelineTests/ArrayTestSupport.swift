import Foundation
import TFRecord
@testable import TFRecordConversion
@testable import TFRecordSources

/// A small array of test values: rows of integers (labels and pixels are kept apart), written
/// as `.npy` or IDX in any supported dtype, byte order, element order and format version.
struct TestArray {
    /// The shape; `shape[0]` rows.
    var shape: [Int]
    /// The values in C order.
    var values: [Int64]

    /// `rows` rows of `rowShape` with deterministic values in 0...255 (mostly 0, like MNIST).
    static func pixels(rows: Int, rowShape: [Int], seed: UInt64 = 1) -> TestArray {
        var generator = SeededGenerator(seed: seed)
        let count = rows * rowShape.reduce(1, *)
        let values = (0..<count).map { _ in Int64(generator.next(upperBound: 10) < 6 ? 0 : generator.next(upperBound: 256)) }
        return TestArray(shape: [rows] + rowShape, values: values)
    }

    /// `rows` labels 0...9.
    static func labels(rows: Int, seed: UInt64 = 2) -> TestArray {
        var generator = SeededGenerator(seed: seed)
        return TestArray(shape: [rows], values: (0..<rows).map { _ in Int64(generator.next(upperBound: 10)) })
    }

    var rows: Int { shape[0] }
    var rowElements: Int { shape.dropFirst().reduce(1, *) }

    /// The values of row `r`.
    func row(_ r: Int) -> ArraySlice<Int64> { values[(r * rowElements)..<((r + 1) * rowElements)] }

    /// The values in column-major (Fortran) order.
    var fortranValues: [Int64] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var out = [Int64](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for f in 0..<values.count {
            out[f] = values[zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }]
            // Advance the Fortran-order index: the first axis fastest.
            var axis = 0
            while axis < shape.count {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis += 1
            }
        }
        return out
    }

    /// The data bytes in `type` (values converted, Float for float32).
    func data(_ type: ArrayElementType, fortran: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in fortran ? fortranValues : values {
            switch type.kind {
            case .uint8: bytes.append(UInt8(truncatingIfNeeded: value))
            case .int32:
                let v = Int32(truncatingIfNeeded: value)
                withUnsafeBytes(of: type.isBigEndian ? v.bigEndian : v.littleEndian) { bytes += $0 }
            case .int64: withUnsafeBytes(of: type.isBigEndian ? value.bigEndian : value.littleEndian) { bytes += $0 }
            case .float32:
                let v = Float(value).bitPattern
                withUnsafeBytes(of: type.isBigEndian ? v.bigEndian : v.littleEndian) { bytes += $0 }
            }
        }
        return bytes
    }

    /// A `.npy` file of the values.
    func npy(_ type: ArrayElementType, fortran: Bool = false, version: UInt8 = 1) -> [UInt8] {
        npyHeader(descr: type.npyDescriptor, fortran: fortran, shape: ArrayHeader.text(shape), version: version)
            + data(type, fortran: fortran)
    }

    /// An IDX file of the values (big-endian).
    func idx(_ type: ArrayElementType) -> [UInt8] {
        let code: UInt8 = switch type.kind {
        case .uint8: 0x08
        case .int32: 0x0C
        case .float32: 0x0D
        case .int64: preconditionFailure("IDX has no int64")
        }
        var bytes: [UInt8] = [0, 0, code, UInt8(shape.count)]
        for dimension in shape { withUnsafeBytes(of: UInt32(dimension).bigEndian) { bytes += $0 } }
        return bytes + data(ArrayElementType(type.kind, bigEndian: true))
    }

    /// The CSV of the same rows with `labels` first, as the CSV path reads it.
    func csv(labels: TestArray) -> String {
        (0..<rows).map { r in ([labels.values[r]] + row(r)).map(String.init).joined(separator: ",") + "\n" }.joined()
    }
}

/// A `.npy` header as NumPy writes it: the dict, padded with spaces to a multiple of 64
/// bytes in all, ending in a newline.
func npyHeader(descr: String, fortran: Bool = false, shape: String, version: UInt8 = 1) -> [UInt8] {
    npyHeader(dictionary: "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }",
              version: version)
}

/// A `.npy` header around any dictionary text.
func npyHeader(dictionary: String, version: UInt8 = 1) -> [UInt8] {
    let prefix = version == 1 ? 10 : 12
    var text = Array(dictionary.utf8)
    let total = (prefix + text.count + 1 + 63) / 64 * 64
    text += [UInt8](repeating: 0x20, count: total - prefix - text.count - 1) + [0x0A]
    var bytes = NPYHeader.magic + [version, 0]
    if version == 1 {
        withUnsafeBytes(of: UInt16(text.count).littleEndian) { bytes += $0 }
    } else {
        withUnsafeBytes(of: UInt32(text.count).littleEndian) { bytes += $0 }
    }
    return bytes + text
}

/// `bytes` compressed by the `gzip` tool.
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-c", "-n"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    // Write on another thread: gzip's output pipe may fill before its input is consumed.
    let writer = Thread {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}

/// Converts arrays with the given options tweaked; returns the summary or the error.
func convertArrays(_ images: [String], labels: [String] = [], into output: String,
                   _ configure: (inout ArrayConversionOptions) -> Void = { _ in })
    -> Result<ConversionSummary, TFRecordError>
{
    var options = ArrayConversionOptions(images: images, outputDirectory: output)
    options.labels = labels
    options.threads = 2
    configure(&options)
    return Result { () throws(TFRecordError) in try ArrayConversion(options: options).run() }
}

/// The bytes of every shard in a directory, by name (manifest and side files left out).
func shardBytes(_ directory: String) -> [String: [UInt8]] {
    var shards: [String: [UInt8]] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".tfrec") {
        shards[name] = [UInt8](FileManager.default.contents(atPath: directory + "/" + name) ?? Data())
    }
    return shards
}
