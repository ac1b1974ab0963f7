import Foundation
import TFRecord
import TFRecordTools
import Testing

/// `ShardVerifier`: every problem of every file, each damaged record located, and the
/// `--max-errors` limit.
@Suite struct ShardVerifierTests {
    /// 30 rows of 4 pixels converted into shards of 10 (`file_00-10.tfrec` … `file_02-10.tfrec`)
    /// with a manifest; every record has the same size (one-digit labels, 32 image bytes).
    static func dataset(_ scratch: ScratchDirectory) throws -> (directory: String, shards: [String]) {
        let csv = scratch.write("in.csv", sampleCSV(rows: 30, pixels: 4))
        _ = try convert(csv, into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(10) }.get()
        let shards = try ShardFileList.resolve([scratch.file("out")], template: .reference)
        #expect(shards.count == 3)
        return (scratch.file("out"), shards)
    }

    static func modify(_ path: String, _ change: (inout [UInt8]) -> Void) {
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        change(&bytes)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    @Test func everyDamagedRecordIsReportedAndTheRestOfTheDatasetChecked() throws {
        let scratch = ScratchDirectory()
        let (directory, shards) = try Self.dataset(scratch)
        let size = try #require(FileManager.default.attributesOfItem(atPath: shards[0])[.size] as? Int) / 10
        #expect(size == 81)
        Self.modify(shards[0]) { bytes in
            bytes[2 * size + 14] ^= 0x10  // record 2: a data byte
            bytes[5 * size + 1] ^= 0x01  // record 5: a length byte
        }
        Self.modify(shards[2]) { $0.removeLast(3) }  // record 9 truncated

        let report = try ShardVerifier().verify(paths: [directory])
        #expect(report.shards.map(\.records) == [8, 10, 9])
        #expect(report.shards.map(\.damagedBytes) == [2 * size, 0, size - 3])
        #expect(report.shards[1].problems.isEmpty)
        let first = report.shards[0].problems.map(\.description)
        #expect(first.count == 5)
        #expect(first[0].hasPrefix("\(shards[0]): record 2 at byte offset 162: data CRC mismatch (stored 0x"))
        #expect(first[0].hasSuffix("); skipped 81 bytes to the next valid record at byte offset 243"))
        #expect(first[1] == "\(shards[0]): record 5 at byte offset 405: length CRC mismatch: "
                + "the record header is corrupt; skipped 81 bytes to the next valid record at byte offset 486")
        #expect(first[2] == "\(shards[0]): name says 10 records, the file holds 8")
        #expect(first[3] == "\(shards[0]): manifest says 10 records, the file holds 8")
        #expect(first[4].hasPrefix("\(shards[0]): SHA-256 "))
        #expect(report.shards[2].problems.map(\.description) == [
            "\(shards[2]): record 9 at byte offset 729: truncated record: 65 data bytes + 4 CRC bytes announced, "
                + "66 bytes left; skipped 78 bytes to the end of the file",
            "\(shards[2]): name says 10 records, the file holds 9",
            "\(shards[2]): manifest says 10 records, the file holds 9",
            "\(shards[2]): manifest says 810 bytes, the file has 807",
        ] + report.shards[2].problems.suffix(1).map(\.description))
        #expect(report.shards[2].problems.last?.message.hasPrefix("SHA-256 ") == true)
        #expect(report.problemCount == 10)
        #expect(!report.stoppedAtErrorLimit)
        #expect(report.uncheckedFiles.isEmpty)
        #expect(report.problems.allSatisfy { $0.code == .badInput })
    }

    @Test func maxErrorsStopsTheCheck() throws {
        let scratch = ScratchDirectory()
        let (directory, shards) = try Self.dataset(scratch)
        Self.modify(shards[0]) { bytes in
            for record in [1, 3, 7] { bytes[record * 81 + 20] ^= 0xFF }
        }
        let report = try ShardVerifier().verify(paths: [directory], maxErrors: 2)
        #expect(report.problemCount == 2)
        #expect(report.stoppedAtErrorLimit)
        #expect(report.shards.count == 1)
        #expect(report.shards[0].problems.map(\.location.recordIndex) == [1, 3])
        #expect(report.shards[0].bytes == 4 * 81)  // stopped at the second damaged record
        #expect(report.uncheckedFiles == Array(shards[1...]))

        let all = try ShardVerifier().verify(paths: [directory], maxErrors: 100)
        #expect(all.shards[0].problems.compactMap(\.location.recordIndex) == [1, 3, 7])
        #expect(!all.stoppedAtErrorLimit)
    }

    /// A record whose CRCs verify but which is not an Example is a problem; the check goes on.
    @Test func recordsThatAreNotExamplesAreReportedOneByOne() throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("mixed.tfrec")
        var example = Tensorflow_Example()
        example.features.feature["label"] = Tensorflow_Feature.with { $0.int64List.value = [3] }
        let writer = try RecordWriter(path: path)
        try writer.write(example)
        try writer.write([0xFF, 0xFF, 0xFF])
        try writer.write(example)
        try writer.write([0x0A])
        try writer.close()
        let check = ShardVerifier().check(path: path)
        #expect(check.records == 4)
        #expect(check.problems.map(\.location.recordIndex) == [1, 3])
        #expect(check.problems.allSatisfy { $0.message.hasPrefix("record is not a tf.train.Example: ") })
        #expect(check.problems.first?.location.byteOffset == 34)
    }

    /// A report as text: everything `tfrec verify` prints, and the numbers behind it.
    static func describe(_ report: VerificationReport) -> [String] {
        report.shards.map { shard in
            "\(shard.path) records \(shard.records) bytes \(shard.bytes) damaged \(shard.damagedBytes): "
                + shard.problems.map(\.description).joined(separator: " | ")
        } + report.uncheckedFiles.map { "unchecked \($0)" } + report.datasetProblems.map { "dataset: \($0)" }
            + ["stopped: \(report.stoppedAtErrorLimit)"]
    }

    /// Files are checked in parallel, but the report is the one of a sequential check for any
    /// number of threads and any error limit: the same problems, in file order, the same
    /// files left unchecked.
    @Test func theReportDoesNotDependOnThreads() throws {
        let scratch = ScratchDirectory()
        let csv = scratch.write("in.csv", sampleCSV(rows: 60, pixels: 4))
        _ = try convert(csv, into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(10) }.get()
        let directory = scratch.file("out")
        let shards = try ShardFileList.resolve([directory], template: .reference)
        #expect(shards.count == 6)
        Self.modify(shards[0]) { bytes in
            bytes[2 * 81 + 14] ^= 0x10  // record 2: a data byte
            bytes[5 * 81 + 1] ^= 0x01  // record 5: a length byte
        }
        Self.modify(shards[2]) { $0.removeLast(3) }  // record 9 cut short
        Self.modify(shards[3]) { $0.insert(contentsOf: repeatElement(0xAB, count: 100), at: 4 * 81 + 30) }
        #expect(unlink(shards[5]) == 0)  // listed in the manifest, missing
        // Not in the manifest; one of its records is not an Example, one is an Example with
        // an unknown field, one an Example without features.
        let extra = directory + "/extra.tfrec"
        let writer = try RecordWriter(path: extra)
        try writer.write([0xFF, 0xFF, 0xFF])
        try writer.write([0x10, 0x01])
        try writer.write([0x0A, 0x00])
        try writer.close()
        let single = scratch.file("single.tfrec")
        #expect(FileManager.default.createFile(atPath: single, contents: FileManager.default.contents(atPath: shards[2])))

        let paths = [directory, single, shards[0]]
        let sequential = try ShardVerifier().verify(paths: paths, threads: 1)
        #expect(sequential.shards.count == 8)
        let total = sequential.problemCount
        #expect(total == 22)
        for limit in [nil] + Array(1...(total + 1)) {
            let expected = Self.describe(try ShardVerifier().verify(paths: paths, maxErrors: limit, threads: 1))
            for threads in [2, 4] {
                let parallel = try ShardVerifier().verify(paths: paths, maxErrors: limit, threads: threads)
                #expect(Self.describe(parallel) == expected, "max errors \(limit.map(String.init) ?? "none"), \(threads) threads")
            }
        }
    }
}
