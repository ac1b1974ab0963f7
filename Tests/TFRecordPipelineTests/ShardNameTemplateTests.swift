import TFRecord
import Testing

@testable import TFRecordShards

@Suite struct ShardNameTemplateTests {
    @Test func referenceNamesMatchThePythonFormat() {
        // reference_pipeline.py: "file_%.2i-%i.tfrec" % (k, len(samples))
        #expect(ShardNameTemplate.reference.name(shard: 0, count: 3000, shards: 7) == "file_00-3000.tfrec")
        #expect(ShardNameTemplate.reference.name(shard: 6, count: 2000, shards: 7) == "file_06-2000.tfrec")
        #expect(ShardNameTemplate.reference.name(shard: 123, count: 5, shards: 200) == "file_123-5.tfrec")
    }

    @Test func placeholdersAndMatching() throws {
        let tfds = try ShardNameTemplate("mnist-train.tfrecord-{shard:05}-of-{shards:05}")
        #expect(tfds.name(shard: 3, count: 10, shards: 7) == "mnist-train.tfrecord-00003-of-00007")
        #expect(tfds.match("mnist-train.tfrecord-00003-of-00007")?.shard == 3)
        #expect(tfds.match("mnist-train.tfrecord-00003-of-00007")?.shards == 7)
        #expect(tfds.match("other.tfrecord-00003-of-00007") == nil)
        let match = ShardNameTemplate.reference.match("file_06-2000.tfrec")
        #expect(match?.shard == 6 && match?.count == 2000)
        #expect(ShardNameTemplate.reference.match("file_06-2000.tfrec.tmp") == nil)
        #expect(ShardNameTemplate.reference.match("file_x-2000.tfrec") == nil)
    }

    @Test func badTemplatesAreUsageErrors() {
        for text in ["data.tfrec", "file_{shard", "file_{index}.tfrec", "dir/{shard}.tfrec", "{shard:xx}"] {
            let error = #expect(throws: TFRecordError.self) { try ShardNameTemplate(text) }
            #expect(error?.code == .usage, "\(text)")
        }
    }
}
