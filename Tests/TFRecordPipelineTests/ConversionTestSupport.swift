import Foundation
import TFRecord
@testable import TFRecordConversion
@testable import TFRecordTools

/// A scratch directory removed at deinit.
final class ScratchDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("tfrec-pipeline-tests-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) -> String {
        write(name, Array(text.utf8))
    }

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Names of the entries in a subdirectory (hidden ones included), sorted.
    func list(_ name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: file(name))) ?? []).sorted()
    }
}

/// `rows` MNIST-like CSV rows of `columns` pixels with deterministic values.
func sampleCSV(rows: Int, pixels: Int = 784, seed: UInt64 = 1, lineEnd: String = "\n") -> String {
    var generator = SeededGenerator(seed: seed)
    var text = ""
    for _ in 0..<rows {
        var fields = [String(generator.next(upperBound: 10))]
        for _ in 0..<pixels {
            let r = generator.next(upperBound: 10)
            fields.append(String(r < 7 ? 0 : generator.next(upperBound: 256)))
        }
        text += fields.joined(separator: ",") + lineEnd
    }
    return text
}

/// Parses the CSV text with a plain Swift reference (split on commas), for expectations.
func referenceRows(_ text: String) -> [(label: Int64, pixels: [UInt8])] {
    text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
        let fields = line.split(separator: ",").map { Int($0)! }
        return (Int64(fields[0]), fields.dropFirst().map { UInt8($0) })
    }
}

/// Reads every record of the shards in a directory (in shard order).
func readRecords(directory: String) throws -> [[UInt8]] {
    var records: [[UInt8]] = []
    for path in try ShardFileList.resolve([directory], template: .reference) {
        let reader = try RecordReader(path: path)
        while let record = try reader.next() { records.append(record) }
    }
    return records
}

/// Converts with the given options tweaked; returns the summary or the error.
func convert(_ input: String, into output: String, _ configure: (inout CSVConversionOptions) -> Void = { _ in })
    -> Result<ConversionSummary, TFRecordError>
{
    var options = CSVConversionOptions(input: input, outputDirectory: output)
    options.threads = 2
    configure(&options)
    return Result { () throws(TFRecordError) in try CSVConversion(options: options).run() }
}

extension Result {
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
