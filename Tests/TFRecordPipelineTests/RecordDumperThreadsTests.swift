import Foundation
import TFRecord
import Testing

@testable import TFRecordConversion
@testable import TFRecordTools

/// `tfrec dump --threads N`: records are read in batches and formatted on N threads, and the
/// output and the error reported are those of one thread.
@Suite struct RecordDumperThreadsTests {
    /// A file of `count` Examples (uint8 pixels, labels i % 10), with `payload` in place of
    /// record `replaced` if given, and its last bytes cut off if `truncated`.
    func file(_ scratch: ScratchDirectory, count: Int, replacing replaced: Int? = nil, with payload: [UInt8] = [],
              truncated: Bool = false) throws -> String {
        let encoder = try RowRecordEncoder(encoding: .uint8, pixelCount: 4, imageKey: "image", labelKey: "label")
        let buffer = RecordBuffer(capacity: 1 << 16)
        for i in 0..<count {
            if i == replaced {
                payload.withUnsafeBytes { RecordFraming.append(payload: $0, to: buffer) }
            } else {
                let pixels = (0..<4).map { UInt8(truncatingIfNeeded: i &* 7 &+ $0) }
                try pixels.withUnsafeBufferPointer { (p) throws(TFRecordError) in
                    try encoder.appendRecord(pixels: p, label: Int64(i % 10), to: buffer)
                }
            }
        }
        let bytes = truncated ? Array(buffer.bytes.dropLast(3)) : buffer.bytes
        return scratch.write("records.tfrec", bytes)
    }

    func dump(_ path: String, format: RecordDumper.Format, threads: Int, in scratch: ScratchDirectory)
        -> Result<String, TFRecordError>
    {
        Result { () throws(TFRecordError) in
            let name = scratch.file("out-\(threads).\(format)")
            let output = try OutputFile(creating: name)
            _ = try RecordDumper(format: format, encoding: .uint8).dump(paths: [path], to: output, finalPath: name,
                                                                         threads: threads)
            try output.close()
            return String(decoding: FileManager.default.contents(atPath: name) ?? Data(), as: UTF8.self)
        }
    }

    @Test(arguments: [RecordDumper.Format.csv, .jsonl])
    func sameOutputAtAnyThreadCount(_ format: RecordDumper.Format) throws {
        let scratch = ScratchDirectory()
        // More records than one batch of one thread, so that batches and slices both vary.
        let path = try file(scratch, count: 3 * RecordDumper.batchRecords + 17)
        let one = try dump(path, format: format, threads: 1, in: scratch).get()
        for threads in [2, 3, 8] { #expect(try dump(path, format: format, threads: threads, in: scratch).get() == one) }
        #expect(one.split(separator: "\n").count == 3 * RecordDumper.batchRecords + 17)
    }

    /// The first bad record of a batch is the error reported, as when records are read one at
    /// a time, and so is damage (which `ExampleKind`'s first pass over the file meets first).
    @Test func theFirstProblemInFileOrderIsReported() throws {
        let scratch = ScratchDirectory()
        let labelOnly = ExampleEncoder(fields: [.init(key: "label", kind: .int64List)])
            .encodeExample(contents: [[3]])
        let path = try file(scratch, count: 5000, replacing: 3000, with: labelOnly)
        var errors: [TFRecordError] = []
        for threads in [1, 4] {
            errors.append(try #require(dump(path, format: .csv, threads: threads, in: scratch).error))
        }
        #expect(errors[0] == errors[1])
        #expect(errors[0].location.recordIndex == 3000, "\(errors[0])")
        #expect(errors[0].message.contains("no feature 'image'"))
        let damagedOnly = try file(scratch, count: 50, truncated: true)
        for threads in [1, 4] {
            let error = try #require(dump(damagedOnly, format: .csv, threads: threads, in: scratch).error)
            #expect(error.location.recordIndex == 49, "\(error)")
        }
    }

    @Test func slicesCoverTheBatch() {
        #expect(RecordDumper.slices(of: 10, threads: 3) == [0..<3, 3..<6, 6..<10])
        #expect(RecordDumper.slices(of: 2, threads: 8) == [0..<1, 1..<2])
        #expect(RecordDumper.slices(of: 0, threads: 4) == [0..<0])
    }
}
