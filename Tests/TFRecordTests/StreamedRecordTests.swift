import TFRecord
import Testing

/// A record streamed in pieces (``ExampleEncoder/streamRecord``) against the same record
/// built whole (``ExampleEncoder/appendRecord``): the same bytes, whatever the fields, the
/// streamed field's place in wire order, the piece size and how the content is pushed.
@Suite struct StreamedRecordTests {
    static let kinds: [ExampleEncoder.Kind] = [.bytes, .int64List, .floatList]

    @Test func streamedRecordsEqualWholeOnes() throws {
        var generator = SeededGenerator(seed: 71)
        for round in 0..<400 {
            // 1 to 4 fields with random keys (so the streamed one falls anywhere in wire order).
            let count = 1 + generator.next(upperBound: 4)
            var keys: Set<String> = []
            while keys.count < count { keys.insert(String(generator.next(upperBound: 1000))) }
            let fields = keys.shuffled(using: &generator).map {
                ExampleEncoder.Field(key: $0, kind: Self.kinds[generator.next(upperBound: 3)])
            }
            let streamed = generator.next(upperBound: count)
            let contents = fields.indices.map { field in
                let size = field == streamed ? 1 + generator.next(upperBound: round % 10 == 0 ? 300_000 : 5000)
                    : generator.next(upperBound: 300)
                return (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            }
            let encoder = ExampleEncoder(fields: fields)
            let whole = RecordBuffer()
            encoder.appendRecord(contentSizes: contents.map(\.count), to: whole) { field, out in
                contents[field].withUnsafeBytes { out.copyMemory(from: $0) }
            }

            let pieceSize = 1 + generator.next(upperBound: 70_000)
            let buffer = RecordBuffer()
            var streamedBytes: [UInt8] = []
            var flushes = 0
            var completed = false
            try encoder.streamRecord(
                contentSizes: contents.map(\.count), streamed: streamed, through: buffer, pieceSize: pieceSize,
                flush: { records, complete in
                    #expect(!completed, "nothing after the last piece")
                    #expect(complete || records.count >= pieceSize)
                    streamedBytes += records.bytes
                    flushes += 1
                    completed = complete
                },
                writeContent: { field, out in
                    #expect(field != streamed)
                    contents[field].withUnsafeBytes { out.copyMemory(from: $0) }
                },
                streamContent: { (emit) throws(TFRecordError) in
                    // Pushed in uneven parts, an empty one included now and then.
                    let content = contents[streamed]
                    var start = 0
                    while start < content.count {
                        let end = min(content.count, start + generator.next(upperBound: 40_000))
                        try emit(end - start) { out in
                            content[start..<end].withUnsafeBytes { out.copyMemory(from: $0) }
                        }
                        start = end
                    }
                })
            #expect(completed)
            #expect(streamedBytes == whole.bytes, "round \(round): fields \(fields), streamed \(streamed)")
            if contents[streamed].count > 2 * pieceSize { #expect(flushes > 1) }
        }
    }

    @Test func aStreamedRecordReadsBack() throws {
        // The pieces, written one after another, are one valid record to the reader.
        let encoder = ExampleEncoder(fields: [.init(key: "image", kind: .bytes), .init(key: "label", kind: .int64List)])
        let image = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var file: [UInt8] = []
        try encoder.streamRecord(
            contentSizes: [image.count, 1], streamed: 0, through: RecordBuffer(), pieceSize: 4096,
            flush: { records, _ in file += records.bytes },
            writeContent: { _, out in _ = ExampleEncoder.writeVarint(7, into: out) },
            streamContent: { (emit) throws(TFRecordError) in
                for start in stride(from: 0, to: image.count, by: 10_000) {
                    try emit(10_000) { out in image[start..<(start + 10_000)].withUnsafeBytes { out.copyMemory(from: $0) } }
                }
            })
        let reader = RecordReader(bytes: file)
        let record = try #require(try reader.next())
        #expect(record == encoder.encodeExample(contents: [image, [7]]))
        #expect(try reader.next() == nil)
    }
}
