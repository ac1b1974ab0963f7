import Dispatch
import Foundation
import Testing
import TFRecord
@testable import TFRecordConversion
@testable import TFRecordShards

/// TFDS metadata beside `--naming tfds` shards: what it declares, where the label classes
/// come from (a resumed run included), and how an overwrite replaces it. The interop suite
/// (Tests/Interop/test_tfds.py) loads it with the real tensorflow-datasets.
@Suite struct TFDSMetadataTests {
    /// Framed Examples of one uint8 pixel and a label each.
    func records(labels: [Int64]) throws -> [[UInt8]] {
        let encoder = try RowRecordEncoder(encoding: .uint8, pixelCount: 1, imageKey: "image", labelKey: "label")
        return try labels.map { (label) throws(TFRecordError) in
            let buffer = RecordBuffer(capacity: 64)
            try [UInt8(7)].withUnsafeBufferPointer { (pixels) throws(TFRecordError) in
                try encoder.appendRecord(pixels: pixels, label: label, to: buffer)
            }
            return buffer.bytes
        }
    }

    func options(_ directory: String, resume: Bool = false, overwrite: Bool = false,
                 tfds: Bool = true) throws -> ShardOutputOptions {
        var options = ShardOutputOptions(directory: directory)
        options.sharding = .recordsPerShard(10)
        (options.resume, options.overwrite) = (resume, overwrite)
        if tfds {
            let dataset = try TFDSDataset(name: "digits", split: "train")
            (options.tfds, options.nameTemplate) = (dataset, dataset.nameTemplate)
        }
        return options
    }

    static let features = [
        "image": Manifest.Feature(kind: "bytes", encoding: "uint8", dtype: "uint8", shape: [1, 1, 1]),
        "label": Manifest.Feature(kind: "int64_list", encoding: nil, dtype: "int64", shape: []),
    ]

    func commit(_ output: ShardedOutput, records: Int, label: TFDSLabel?) throws -> [ShardInfo] {
        try output.commit(label: label) { shards in
            Manifest(command: [], source: "test", records: records, features: Self.features, shards: shards)
        }
    }

    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    func numClasses(in directory: String) throws -> String? {
        let dict = try json(directory + "/features.json")["featuresDict"] as? [String: Any]
        let label = (dict?["features"] as? [String: Any])?["label"] as? [String: Any]
        return (label?["classLabel"] as? [String: Any])?["numClasses"] as? String
    }

    @Test func declaresFeaturesSplitAndShardLengths() throws {
        let scratch = ScratchDirectory()
        let out = scratch.file("1.2.3")
        let output = try ShardedOutput(options: options(out))
        let labels = ObservedLabels(key: "label")
        for (i, record) in try records(labels: (0..<25).map { Int64($0 % 4) }).enumerated() {
            try output.append(record: record)
            labels.observe(Int64(i % 4))
        }
        let shards = try commit(output, records: 25, label: .observed(labels))

        let info = try json(out + "/dataset_info.json")
        #expect(info["name"] as? String == "digits")
        #expect(info["version"] as? String == "1.2.3")  // the directory's name, as write_metadata does
        let split = (info["splits"] as? [[String: Any]])?.first
        #expect(split?["shardLengths"] as? [String] == ["10", "10", "5"])
        // Serialized Examples, without the 16 framing bytes of each record.
        #expect(split?["numBytes"] as? String == String(shards.reduce(0) { $0 + $1.bytes } - 16 * 25))
        #expect(try numClasses(in: out) == "4")
        let image = try #require(TFDSMetadata(manifest: Manifest(command: [], source: "", records: 0,
                                                                  features: Self.features, shards: []),
                                              dataset: TFDSDataset(name: "d", split: "s"), version: "1.0.0",
                                              label: ("label", nil)).features["image"])
        #expect(image == .tensor(shape: [1, 1, 1], dtype: "uint8", encoding: .bytes))
    }

    /// Shards kept by `--resume` were encoded by the interrupted run: their labels are read back.
    @Test func resumedRunCountsTheLabelsOfKeptShards() throws {
        let scratch = ScratchDirectory()
        let out = scratch.file("out")
        // Labels 0...19 in the first two shards, 0 after them.
        let all = try records(labels: (0..<30).map { $0 < 20 ? Int64($0) : 0 })
        let flag = CancellationFlag()
        do {
            let interrupted = try ShardedOutput(options: options(out), cancellation: flag)
            for record in all[..<25] { try interrupted.append(record: record) }
            flag.cancel()
        }
        let output = try ShardedOutput(options: options(out, resume: true))
        #expect(output.resumedShards == 2)
        let labels = ObservedLabels(key: "label")
        for record in all { try output.append(record: record) }
        labels.observe(0)  // what the encoders of this run saw: the records after the kept shards
        _ = try commit(output, records: 30, label: .observed(labels))
        #expect(try numClasses(in: out) == "20")
    }

    @Test func overwriteReplacesEarlierMetadata() throws {
        let scratch = ScratchDirectory()
        let out = scratch.file("out")
        let first = try ShardedOutput(options: options(out))
        for record in try records(labels: [0, 1, 2]) { try first.append(record: record) }
        _ = try commit(first, records: 3, label: .names(key: "label", names: ["cat", "dog", "fox"]))
        #expect(try String(contentsOfFile: out + "/label.labels.txt", encoding: .utf8) == "cat\ndog\nfox\n")
        #expect(try numClasses(in: out) == "3")

        let second = try ShardedOutput(options: options(out, overwrite: true))
        for record in try records(labels: [0, 5]) { try second.append(record: record) }
        let labels = ObservedLabels(key: "label")
        [0, 5].forEach { labels.observe($0) }
        _ = try commit(second, records: 2, label: .observed(labels))
        #expect(try numClasses(in: out) == "6")
        #expect(!FileManager.default.fileExists(atPath: out + "/label.labels.txt"))

        let plain = try ShardedOutput(options: options(out, overwrite: true, tfds: false))
        for record in try records(labels: [1]) { try plain.append(record: record) }
        _ = try commit(plain, records: 1, label: nil)
        // Shards of other names stay (as without TFDS); the metadata that described them goes.
        #expect(scratch.list("out") == ["digits-train.tfrecord-00000-of-00001", "file_00-1.tfrec", "manifest.json"])
    }

    @Test func compressedShardsGetNoMetadata() throws {
        let scratch = ScratchDirectory()
        var options = try options(scratch.file("out"))
        (options.compression, options.compressionThreads) = (.gzip, 1)
        let output = try ShardedOutput(options: options)
        for record in try records(labels: [1]) { try output.append(record: record) }
        _ = try commit(output, records: 1, label: nil)
        #expect(!scratch.list("out").contains(TFDSMetadata.datasetInfoFileName))
        #expect(output.notes.contains { $0.contains("TFDS reads uncompressed shards only") })
    }

    @Test func shardNamesMustBeTFDSNames() throws {
        var options = try options(ScratchDirectory().path)
        options.nameTemplate = .reference
        #expect(throws: TFRecordError.self) { try options.validate() }
    }

    @Test func classesOfObservedLabels() {
        #expect(TFDSLabelClasses(observed: 0...9) == .count(10))
        #expect(TFDSLabelClasses(observed: 3...3) == .count(4))
        #expect(TFDSLabelClasses(observed: -1...3) == nil)
        #expect(TFDSLabelClasses(observed: nil) == nil)
        #expect(TFDSDataset.version(ofDirectory: "out/mnist/3.0.1") == "3.0.1")
        #expect(TFDSDataset.version(ofDirectory: "out/v3.0") == "1.0.0")
    }

    @Test func observedLabelsFromEveryThread() {
        let labels = ObservedLabels(key: "label")
        #expect(labels.range == nil)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for i in 0..<10_000 { labels.observe(Int64((i * 7919 + thread) % 1000) - 17) }
        }
        #expect(labels.range == -17...982)
    }
}
