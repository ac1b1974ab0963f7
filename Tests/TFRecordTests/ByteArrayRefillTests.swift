import Foundation
import TFRecordTestSupport
import Testing

@testable import TFRecord

/// `[UInt8].refill(count:keeping:with:)` against the plain way of building the same array
/// (`kept` bytes of the old contents, then what `fill` wrote), over random sizes, short
/// fills and failures.
@Suite("[UInt8].refill: a reused read buffer")
struct ByteArrayRefillTests {
    @Test func matchesAFreshArrayOverRandomRefills() throws {
        var random = SplitMix64(seed: 0x5eed_0f_b0ff)
        var buffer: [UInt8] = []
        for _ in 0..<2000 {
            let count = random.below(5000)
            let kept = random.below(min(count, buffer.count) + 1)
            let source = random.bytes(count - kept)
            let short = random.chance(200) ? random.below(source.count + 1) : source.count
            let expected = Array(buffer[..<kept]) + source[..<short]
            try buffer.refill(count: count, keeping: kept) { (rest) throws(TFRecordError) in
                #expect(rest.count == count - kept)
                source[..<short].withUnsafeBytes { rest.copyMemory(from: $0) }
                return short
            }
            #expect(buffer == expected)
        }
    }

    @Test func reusesItsStorageOnceLargeEnough() throws {
        var buffer: [UInt8] = []
        try buffer.refill(count: 1 << 16) { (rest) throws(TFRecordError) in rest.count }
        let storage = buffer.withUnsafeBytes { $0.baseAddress }
        for count in [100, 1 << 16, 1 << 15] {
            try buffer.refill(count: count) { (rest) throws(TFRecordError) in
                rest.initializeMemory(as: UInt8.self, repeating: 9)
                return rest.count
            }
            #expect(buffer.withUnsafeBytes { $0.baseAddress } == storage)
            #expect(buffer == [UInt8](repeating: 9, count: count))
        }
    }

    @Test func aFailedFillKeepsOnlyTheKeptBytes() {
        var buffer: [UInt8] = [1, 2, 3, 4]
        #expect(throws: TFRecordError.self) {
            try buffer.refill(count: 10, keeping: 2) { (_) throws(TFRecordError) -> Int in
                throw TFRecordError(.io, "read failed")
            }
        }
        #expect(buffer == [1, 2])
    }
}

/// ``OutputFile/writebackInterval``: starting writeback along the way changes nothing in
/// what the file holds or in how many bytes it counts.
@Suite("OutputFile: writeback while writing")
struct OutputFileWritebackTests {
    @Test func aFileWrittenWithWritebackHoldsExactlyItsBytes() throws {
        let path = NSTemporaryDirectory() + "tfrec-writeback-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var random = SplitMix64(seed: 42)
        var expected: [UInt8] = []
        let file = try OutputFile(creating: path)
        file.writebackInterval = 4096
        for _ in 0..<200 {
            let piece = random.bytes(random.below(10_000))
            try file.write(piece)
            expected += piece
        }
        file.startWriteback()
        try file.sync()
        try file.close()
        #expect(file.bytesWritten == expected.count)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }
}
