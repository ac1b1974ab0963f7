import Foundation
import TFRecord
import Testing

@testable import TFRecordShards
@testable import TFRecordTools

/// `convert --compression gzip|zlib`: shards compressed as TensorFlow's `compression_type`.
@Suite struct CompressedShardTests {
    /// Reads every record of the files, with the reader's own detection.
    static func records(_ paths: [String]) throws -> [[UInt8]] {
        var records: [[UInt8]] = []
        for path in paths {
            let reader = try RecordReader(path: path)
            while let record = try reader.next() { records.append(record) }
        }
        return records
    }

    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test(arguments: [RecordCompression.gzip, .zlib])
    func compressedShardsHoldTheSameRecordsForAnyThreadCount(format: RecordCompression) throws {
        let scratch = ScratchDirectory()
        // 300 records of 6 326 bytes per shard: two 1 MiB blocks each, so blocks run in parallel.
        let input = scratch.write("data.csv", sampleCSV(rows: 700))
        let plain = try convert(input, into: scratch.file("plain")) { $0.output.sharding = .recordsPerShard(300) }.get()
        var runs: [[ShardInfo]] = []
        for (name, threads, compressionThreads) in [("one", 1, 1), ("three", 2, 3), ("default", 1, nil)] {
            let summary = try convert(input, into: scratch.file(name)) {
                $0.threads = threads
                $0.output.sharding = .recordsPerShard(300)
                $0.output.compression = format
                $0.output.compressionThreads = compressionThreads
            }.get()
            runs.append(summary.shards)
            #expect(summary.shards.map(\.name) == plain.shards.map(\.name))
            #expect(summary.outputBytes == plain.outputBytes)
            for shard in summary.shards {
                let path = scratch.file("\(name)/\(shard.name)")
                let file = try Self.bytes(path)
                #expect(shard.bytes == file.count)
                #expect(shard.sha256 == SHA256Digest.hex(of: file))
                #expect(RecordCompression.detect(prefix: Array(file.prefix(12))) == format)
                #expect(shard.bytes * 4 < shard.uncompressedBytes!)
            }
            #expect(summary.shards.map(\.uncompressedBytes) == plain.shards.map(\.bytes))
            let manifest = try #require(try Manifest.read(fromDirectory: scratch.file(name)))
            #expect(manifest.compression == format)
            #expect(manifest.shards == summary.shards)
            #expect(try Self.records(summary.shards.map { scratch.file("\(name)/\($0.name)") })
                    == readRecords(directory: scratch.file("plain")))
            let report = try ShardVerifier().verify(paths: [scratch.file(name)])
            #expect(report.isValid, "\(String(describing: report.firstProblem))")
            #expect(report.bytes == summary.shards.reduce(0) { $0 + $1.bytes })
        }
        // The same bytes whatever the thread counts.
        #expect(runs[1] == runs[0] && runs[2] == runs[0])
        for shard in runs[0] {
            #expect(try Self.bytes(scratch.file("one/\(shard.name)")) == Self.bytes(scratch.file("three/\(shard.name)")))
        }
        #expect(try Manifest.read(fromDirectory: scratch.file("plain"))?.compression == RecordCompression.none)
    }

    @Test func verifyReadsCompressedShardsOnlyAsTheyAre() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 40))
        _ = try convert(input, into: scratch.file("out")) { $0.output.compression = .zlib }.get()
        var verifier = ShardVerifier()
        verifier.compression = .zlib
        #expect(try verifier.verify(paths: [scratch.file("out")]).isValid)
        verifier.compression = RecordCompression.none
        let problem = try verifier.verify(paths: [scratch.file("out")]).firstProblem
        #expect(problem?.message.contains("length CRC mismatch") == true)
        var inspector = DatasetInspector()
        #expect(try inspector.inspect(paths: [scratch.file("out")]).records == 40)
        inspector.compression = .gzip
        #expect(throws: TFRecordError.self) { try inspector.inspect(paths: [scratch.file("out")]) }
    }

    @Test func aFailedCompressedRunLeavesNothing() throws {
        let scratch = ScratchDirectory()
        // Two full shards are compressed and closed before the bad row fails the run.
        let input = scratch.write("data.csv", sampleCSV(rows: 250) + "1,2,x\n")
        let error = try #require(convert(input, into: scratch.file("out")) {
            $0.output.sharding = .recordsPerShard(100)
            $0.output.compression = .gzip
        }.error)
        #expect(error.code == .badInput)
        #expect(scratch.list("out") == [])
    }

    @Test func optionsAreChecked() throws {
        var options = ShardOutputOptions(directory: "/nonexistent")
        options.compression = .gzip
        options.writeIndex = true
        let index = #expect(throws: TFRecordError.self) { try options.validate() }
        #expect(index?.code == .usage)
        #expect(index?.message.contains("writeIndex cannot go with compression gzip") == true)
        options.writeIndex = false
        options.compressionLevel = 10
        #expect(throws: TFRecordError.self) { try options.validate() }
        options.compressionLevel = 0
        options.compressionThreads = 0
        #expect(throws: TFRecordError.self) { try options.validate() }
        options.compressionThreads = 1
        try options.validate()
    }
}
