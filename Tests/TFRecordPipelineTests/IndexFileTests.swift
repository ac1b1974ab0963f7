import Foundation
import TFRecord
import Testing

@testable import TFRecordShards
@testable import TFRecordTools

/// `.idx` files: written with the shards (`--index`), or built for existing files.
@Suite struct IndexFileTests {
    /// The index of a record file computed the slow way: offsets and framed sizes from
    /// the length fields, as `tfrecord2idx` does.
    static func referenceIndex(_ path: String) throws -> String {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var text = ""
        var offset = 0
        while offset < bytes.count {
            let length = bytes[offset..<(offset + 8)].reversed().reduce(0) { $0 << 8 | Int($1) }
            text += "\(offset) \(length + 16)\n"
            offset += length + 16
        }
        return text
    }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func linesAreOffsetSpaceSize() {
        var lines = RecordIndexLines()
        lines.append(offset: 0, size: 6326)
        lines.append(offset: 6326, size: 16)
        lines.append(offset: Int.max, size: 1_000_000_000_000)
        #expect(String(decoding: lines.bytes, as: UTF8.self) == "0 6326\n6326 16\n9223372036854775807 1000000000000\n")
        #expect(RecordIndexLines.fileName(forRecordFile: "out/file_00-3000.tfrec") == "out/file_00-3000.tfrec.idx")
    }

    @Test func convertWritesAnIndexBesideEveryShard() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 70, pixels: 30))
        let summary = try convert(input, into: scratch.file("out")) {
            $0.output.sharding = .recordsPerShard(30)
            $0.output.writeIndex = true
        }.get()
        #expect(scratch.list("out") == [
            "file_00-30.tfrec", "file_00-30.tfrec.idx", "file_01-30.tfrec", "file_01-30.tfrec.idx",
            "file_02-10.tfrec", "file_02-10.tfrec.idx", "manifest.json",
        ])
        #expect(summary.shards.map(\.index) == summary.shards.map { $0.name + ".idx" })
        for shard in summary.shards {
            let path = scratch.file("out/\(shard.name)")
            let index = try Self.text(path + ".idx")
            #expect(index == (try Self.referenceIndex(path)))
            #expect(index.split(separator: "\n").count == shard.records)
            // The builder of `tfrec index` writes the same bytes.
            let copy = scratch.file(shard.name)
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            #expect(try RecordIndexBuilder().buildIndex(forFile: copy) == shard.records)
            #expect(try Self.text(copy + ".idx") == index)
        }
        // verify and inspect skip the index files in a directory.
        #expect(try ShardFileList.resolve([scratch.file("out")], template: .reference).count == 3)
        #expect(try ShardVerifier().verify(paths: [scratch.file("out")]).isValid)
    }

    @Test func overwriteRunsReplaceAndRemoveIndexFiles() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 70, pixels: 30))
        let small = scratch.write("small.csv", sampleCSV(rows: 40, pixels: 30, seed: 9))
        _ = try convert(input, into: scratch.file("out")) {
            $0.output.sharding = .recordsPerShard(30)
            $0.output.writeIndex = true
        }.get()
        let refused = try #require(convert(small, into: scratch.file("out")) { $0.output.writeIndex = true }.error)
        #expect(refused.code == .usage)
        // Fewer shards: the index of the shard that is gone goes too; the others are new.
        _ = try convert(small, into: scratch.file("out")) {
            $0.output.sharding = .recordsPerShard(30)
            $0.output.writeIndex = true
            $0.output.overwrite = true
        }.get()
        #expect(scratch.list("out") == [
            "file_00-30.tfrec", "file_00-30.tfrec.idx", "file_01-10.tfrec", "file_01-10.tfrec.idx", "manifest.json",
        ])
        for name in ["file_00-30.tfrec", "file_01-10.tfrec"] {
            #expect(try Self.text(scratch.file("out/\(name).idx")) == Self.referenceIndex(scratch.file("out/\(name)")))
        }
        // Without --index, no stale index survives beside the new shards.
        _ = try convert(small, into: scratch.file("out")) {
            $0.output.sharding = .recordsPerShard(30)
            $0.output.overwrite = true
        }.get()
        #expect(scratch.list("out") == ["file_00-30.tfrec", "file_01-10.tfrec", "manifest.json"])
    }

    @Test func aFailedRunLeavesNoIndex() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 50, pixels: 30) + "1,2,x\n")
        let error = try #require(convert(input, into: scratch.file("out")) {
            $0.output.sharding = .recordsPerShard(20)
            $0.output.writeIndex = true
        }.error)
        #expect(error.code == .badInput)
        #expect(scratch.list("out") == [])
    }

    @Test func theBuilderRefusesCorruptAndCompressedFiles() throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("data.tfrec")
        let writer = try RecordWriter(path: path)
        for i in 0..<10 { try writer.write([UInt8](repeating: UInt8(i), count: 100 + i)) }
        try writer.close()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let fourth = 116 + 117 + 118 + 119  // offsets: records 0...3 are 116...119 bytes
        bytes[fourth + 20] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let corrupt = #expect(throws: TFRecordError.self) { try RecordIndexBuilder().buildIndex(forFile: path) }
        #expect(corrupt?.code == .badInput)
        #expect(corrupt?.description.hasPrefix("\(path): record 4 at byte offset \(fourth): data CRC mismatch") == true)
        #expect(scratch.list("") == ["data.tfrec"])

        let compressed = scratch.file("data.tfrec.gz")
        let gzip = try RecordWriter(path: compressed, compression: .gzip)
        try gzip.write([1, 2, 3])
        try gzip.close()
        let refused = #expect(throws: TFRecordError.self) { try RecordIndexBuilder().buildIndex(forFile: compressed) }
        #expect(refused?.code == .usage)
        #expect(refused?.description.hasPrefix("\(compressed): is gzip-compressed; .idx files index") == true)
        #expect(scratch.list("") == ["data.tfrec", "data.tfrec.gz"])
    }
}
