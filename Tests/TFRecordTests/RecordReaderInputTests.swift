import Foundation
import Testing

@testable import TFRecord

/// A record header announcing `length` data bytes, with a correct length CRC: what a fuzzer
/// produces once it has learned the CRC, and what a crafted file holds.
private func header(length: UInt64) -> [UInt8] {
    let lengthBytes = withUnsafeBytes(of: length.littleEndian, Array.init)
    let crc = lengthBytes.withUnsafeBytes { CRC32C.maskedChecksum($0) }
    return lengthBytes + withUnsafeBytes(of: crc.littleEndian, Array.init)
}

private func framed(_ payloads: [[UInt8]]) -> [UInt8] {
    let buffer = RecordBuffer()
    for payload in payloads { payload.withUnsafeBytes { RecordFraming.append(payload: $0, to: buffer) } }
    return buffer.bytes
}

private func readAll(_ reader: RecordReader) throws(TFRecordError) -> [[UInt8]] {
    var records: [[UInt8]] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

@Suite("RecordReader: inputs other than a whole regular file")
struct RecordReaderInputTests {
    @Test(arguments: [64, 1 << 16])
    func bytesInMemoryReadLikeAFile(bufferSize: Int) throws {
        let payloads: [[UInt8]] = [[], [0], Array(repeating: 7, count: 100_000), Array("x".utf8)]
        let bytes = framed(payloads)
        let path = temporaryPath("memory.tfrec")
        defer { unlink(path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try readAll(RecordReader(bytes: bytes, bufferSize: bufferSize)) == payloads)
        #expect(try readAll(RecordReader(path: path, bufferSize: bufferSize)) == payloads)
        #expect(try readAll(RecordReader(bytes: [])) == [])
    }

    @Test func bytesInMemoryNameTheirErrors() throws {
        var bytes = framed([Array(repeating: 1, count: 10), Array(repeating: 2, count: 10)])
        bytes[26 + 12 + 3] ^= 0x40
        let reader = RecordReader(bytes: bytes, name: "download.tfrec")
        #expect(reader.path == "download.tfrec")
        #expect(try reader.next() == Array(repeating: 1, count: 10))
        let error = #expect(throws: TFRecordError.self) { try reader.next() }
        #expect(error?.code == .badInput)
        #expect(error?.location.path == "download.tfrec")
        #expect(error?.location.recordIndex == 1 && error?.location.byteOffset == 26)
        #expect(error?.message.contains("data CRC mismatch") == true)
    }

    /// Fuzz finding (record_reader): a length of 2^64 - 1 under a valid length CRC trapped on
    /// `length + 4` overflowing instead of throwing "truncated record".
    @Test(arguments: [UInt64.max, UInt64.max - 3, UInt64.max - 4, UInt64(Int.max)])
    func lengthNearTwoToTheSixtyFourIsCorrupt(length: UInt64) throws {
        let bytes = header(length: length) + Array("x".utf8)
        let path = temporaryPath("huge-length.tfrec")
        defer { unlink(path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for reader in [RecordReader(bytes: bytes), try RecordReader(path: path)] {
            let error = #expect(throws: TFRecordError.self) { try reader.next() }
            #expect(error?.code == .badInput)
            #expect(error?.message.contains("truncated record") == true, "\(String(describing: error))")
        }
    }

    /// Without a known size (a pipe) the reader must not allocate what a header announces:
    /// 1 TiB announced over a few bytes is a truncation error, not a failed allocation.
    @Test(arguments: [UInt64(1) << 40, UInt64(Int.max / 2) - 1, UInt64.max])
    func unknownSizeDoesNotAllocateTheAnnouncedLength(length: UInt64) {
        let bytes = header(length: length) + Array(repeating: 0x55, count: 100)
        let reader = RecordReader(input: MemoryInput(bytes, name: "pipe", announcesSize: false), bufferSize: 64)
        let error = #expect(throws: TFRecordError.self) { try reader.next() }
        #expect(error?.code == .badInput)
        let message = error?.message ?? ""
        #expect(message.contains("truncated record") || message.contains("implausible record length"), "\(message)")
    }

    @Test func unknownSizeReadsWholeRecords() throws {
        let payloads: [[UInt8]] = [Array(repeating: 9, count: 5000), [], Array(repeating: 4, count: 70)]
        let reader = RecordReader(input: MemoryInput(framed(payloads), name: "pipe", announcesSize: false), bufferSize: 64)
        #expect(try readAll(reader) == payloads)
    }

    /// A file appended to after opening (a shard still being written): its size from opening
    /// is smaller than the offset of the next record, which used to trap converting a
    /// negative byte count to UInt64.
    @Test func fileGrownAfterOpeningIsReadOn() throws {
        let path = temporaryPath("growing.tfrec")
        defer { unlink(path) }
        let first = Array(repeating: UInt8(1), count: 10), second = Array(repeating: UInt8(2), count: 30)
        try Data(framed([first])).write(to: URL(fileURLWithPath: path))
        let reader = try RecordReader(path: path)
        #expect(try reader.next() == first)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(framed([second])))
        try handle.close()
        #expect(try reader.next() == second)
        #expect(try reader.next() == nil)
    }
}
