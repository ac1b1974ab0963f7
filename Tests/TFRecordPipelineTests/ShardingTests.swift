import Foundation
import Testing
import TFRecord
@testable import TFRecordShards

/// `--shards`, `--shard-size`, `--naming tfds`: where shards end and what they are called.
@Suite struct ShardingTests {
    /// The record counts of the shards a plan makes for `sizes` (framed record sizes).
    func split(_ policy: ShardingPolicy, sizes: [Int]) -> [[Int]] {
        let plan = ShardPlan(policy, totalRecords: sizes.count)
        var shards: [[Int]] = []
        var current: [Int] = []
        for size in sizes {
            if !current.isEmpty && plan.isFull(shard: shards.count, records: current.count,
                                               bytes: current.reduce(0, +), nextSize: size) {
                shards.append(current)
                current = []
            }
            current.append(size)
        }
        if !current.isEmpty { shards.append(current) }
        return shards
    }

    @Test func shardCountSplitsEvenlyLargerShardsFirst() {
        #expect(split(.shardCount(7), sizes: Array(repeating: 1, count: 10000)).map(\.count)
                == [1429, 1429, 1429, 1429, 1428, 1428, 1428])
        #expect(split(.shardCount(3), sizes: Array(repeating: 1, count: 9)).map(\.count) == [3, 3, 3])
        // Fewer records than shards: no empty shard.
        #expect(split(.shardCount(8), sizes: Array(repeating: 1, count: 5)).map(\.count) == [1, 1, 1, 1, 1])
        #expect(split(.shardCount(1), sizes: Array(repeating: 1, count: 5)).map(\.count) == [5])
    }

    @Test func targetBytesKeepsShardsWithinTheTarget() {
        var generator = SeededGenerator(seed: 9)
        let sizes = (0..<2000).map { _ in 16 + generator.next(upperBound: 5000) }
        let shards = split(.targetBytes(64 << 10), sizes: sizes)
        #expect(shards.flatMap { $0 } == sizes)
        for (index, shard) in shards.enumerated() {
            #expect(shard.reduce(0, +) <= 64 << 10)
            // Closed only when the next record would not fit.
            if index + 1 < shards.count { #expect(shard.reduce(0, +) + shards[index + 1][0] > 64 << 10) }
        }
        // A record larger than the target gets a shard of its own.
        #expect(split(.targetBytes(100), sizes: [40, 500, 40, 40, 40]).map(\.count) == [1, 1, 2, 1])
    }

    @Test func byteSizesParseAndFormat() throws {
        #expect(try ByteSize.parse("256MiB") == 256 << 20)
        #expect(try ByteSize.parse("256M") == 256 << 20)
        #expect(try ByteSize.parse("1GB") == 1_000_000_000)
        #expect(try ByteSize.parse("64k") == 65536)
        #expect(try ByteSize.parse("1.5KiB") == 1536)
        #expect(try ByteSize.parse("1000") == 1000)
        for bad in ["", "MiB", "12 parsecs", "-5M", "0", "1e400"] {
            #expect(throws: TFRecordError.self, "\(bad)") { try ByteSize.parse(bad) }
        }
        #expect(ByteSize.format(256 << 20) == "256 MiB")
        #expect(ByteSize.format(1536) == "1.5 KiB")
        #expect(ByteSize.format(300) == "300 B")
    }

    @Test func tfdsNames() throws {
        let template = try ShardNameTemplate.tfds(name: "mnist", split: "train")
        #expect(template.name(shard: 0, count: 10, shards: 7) == "mnist-train.tfrecord-00000-of-00007")
        #expect(template.match("mnist-train.tfrecord-00006-of-00007")?.shard == 6)
        #expect(throws: TFRecordError.self) { try ShardNameTemplate.tfds(name: "a/b", split: "train") }
        #expect(throws: TFRecordError.self) { try ShardNameTemplate.tfds(name: "mnist", split: "") }
    }

    @Test func convertWithShardCountAndTFDSNames() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("in.csv", sampleCSV(rows: 100, pixels: 16))
        let summary = try convert(input, into: scratch.file("out")) {
            $0.output.sharding = .shardCount(3)
            $0.output.nameTemplate = try! .tfds(name: "digits", split: "test")
        }.get()
        #expect(summary.shards.map(\.name) == ["digits-test.tfrecord-00000-of-00003", "digits-test.tfrecord-00001-of-00003",
                                              "digits-test.tfrecord-00002-of-00003"])
        #expect(summary.shards.map(\.records) == [34, 33, 33])
        // The same records as one big shard, in order.
        let whole = try convert(input, into: scratch.file("whole")) { $0.output.sharding = .recordsPerShard(1000) }.get()
        #expect(whole.rows == 100)
        var records: [[UInt8]] = []
        for shard in summary.shards {
            let reader = try RecordReader(path: scratch.file("out/" + shard.name))
            while let record = try reader.next() { records.append(record) }
        }
        #expect(records == (try readRecords(directory: scratch.file("whole"))))
    }

    @Test func convertWithShardSize() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("in.csv", sampleCSV(rows: 200, pixels: 64))
        let summary = try convert(input, into: scratch.file("out")) { $0.output.sharding = .targetBytes(4096) }.get()
        #expect(summary.shards.count > 1)
        #expect(summary.shards.allSatisfy { $0.bytes <= 4096 })
        #expect(summary.shards.reduce(0) { $0 + $1.records } == 200)
    }
}
