import Foundation
import TFRecord
import Testing

@Suite struct RecordFramingTests {
    /// A record framed by TensorFlow's `tf.io.TFRecordWriter` for the data "hello" — the
    /// bytes are fixed by the format: length 5, masked CRC32C of the length bytes, data,
    /// masked CRC32C of the data.
    @Test func framingMatchesTheFormat() {
        let data = Array("hello".utf8)
        let buffer = RecordBuffer()
        data.withUnsafeBytes { RecordFraming.append(payload: $0, to: buffer) }
        let record = buffer.bytes
        #expect(record.count == 5 + 16)
        #expect(Array(record[0..<8]) == [5, 0, 0, 0, 0, 0, 0, 0])
        let lengthCRC = CRC32C.mask(CRC32C.checksum(record[0..<8]))
        #expect(Array(record[8..<12]) == withUnsafeBytes(of: lengthCRC.littleEndian, Array.init))
        #expect(Array(record[12..<17]) == data)
        let dataCRC = CRC32C.mask(CRC32C.checksum(data))
        #expect(Array(record[17..<21]) == withUnsafeBytes(of: dataCRC.littleEndian, Array.init))
    }

    @Test func maskRoundTripsAndMatchesTensorFlow() {
        // TensorFlow's crc32c_test.cc: Mask(crc) != crc, Unmask(Mask(crc)) == crc.
        for crc: UInt32 in [0, 1, 0xE306_9283, 0xFFFF_FFFF, 0x1234_5678] {
            #expect(CRC32C.unmask(CRC32C.mask(crc)) == crc)
            #expect(CRC32C.mask(crc) != crc)
            #expect(CRC32C.mask(CRC32C.mask(crc)) != crc)
        }
        // The framing constant: mask(0) is the delta itself.
        #expect(CRC32C.mask(0) == 0xA282_EAD8)
    }

    @Test func writerAndReaderRoundTrip() throws {
        let path = temporaryPath("roundtrip.tfrec")
        defer { unlink(path) }
        let payloads: [[UInt8]] = [[], [0], Array(repeating: 7, count: 100_000), Array("x".utf8)]
        let writer = try RecordWriter(path: path, bufferSize: 1000)
        for payload in payloads { try writer.write(payload) }
        try writer.close()
        #expect(writer.recordCount == 4)
        let reader = try RecordReader(path: path, bufferSize: 64)
        var read: [[UInt8]] = []
        while let record = try reader.next() { read.append(record) }
        #expect(read == payloads)
    }

    @Test func readerReportsCorruptionWithOffset() throws {
        let path = temporaryPath("corrupt.tfrec")
        defer { unlink(path) }
        let writer = try RecordWriter(path: path)
        try writer.write(Array(repeating: 1, count: 10))
        try writer.write(Array(repeating: 2, count: 10))
        try writer.close()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[26 + 12 + 3] ^= 0x40  // a data byte of the second record (first is 26 bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try RecordReader(path: path)
        #expect(try reader.next() == Array(repeating: 1, count: 10))
        let error = #expect(throws: TFRecordError.self) { try reader.next() }
        #expect(error?.code == .badInput)
        #expect(error?.location.recordIndex == 1)
        #expect(error?.location.byteOffset == 26)
        #expect(error?.message.contains("data CRC mismatch") == true)
    }

    @Test func readerReportsBadLengthCRCAndTruncation() throws {
        let path = temporaryPath("truncated.tfrec")
        defer { unlink(path) }
        let writer = try RecordWriter(path: path)
        try writer.write(Array(repeating: 3, count: 50))
        try writer.close()
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))

        var badLength = good
        badLength[0] ^= 1
        try Data(badLength).write(to: URL(fileURLWithPath: path))
        let lengthError = #expect(throws: TFRecordError.self) { try RecordReader(path: path).next() }
        #expect(lengthError?.message.contains("length CRC mismatch") == true)

        for cut in [5, 12, 30, good.count - 1] {
            try Data(good[..<cut]).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: TFRecordError.self) { try RecordReader(path: path).next() }
            #expect(error?.message.contains("truncated") == true, "cut at \(cut): \(String(describing: error))")
            #expect(error?.location.byteOffset == 0)
        }
    }

    @Test func errorDescriptionsReadLikeCompilerMessages() {
        let csv = TFRecordError(.badInput, "expected a digit, found 'x'",
                                at: SourceLocation(path: "data.csv", line: 1207, column: 31))
        #expect(csv.description == "data.csv:1207:31: expected a digit, found 'x'")
        let record = TFRecordError(.badInput, "data CRC mismatch",
                                   at: SourceLocation(path: "a.tfrec", recordIndex: 3, byteOffset: 900))
        #expect(record.description == "a.tfrec: record 3 at byte offset 900: data CRC mismatch")
        #expect(TFRecordError.Code.badInput.exitCode == 1)
        #expect(TFRecordError.Code.usage.exitCode == 2)
        #expect(TFRecordError.Code.io.exitCode == 3)
    }
}

func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfrecord-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("\(UUID().uuidString)-\(name)").path
}
