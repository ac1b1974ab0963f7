import Foundation
import TFRecord
import TFRecordTestSupport
import Testing

@testable import TFRecordSources

/// The libzip wrapper: members listed and read back byte for byte, stored or deflated, in
/// chunks with bounded memory; damage reported with the archive and the member.
@Suite struct ZipArchiveTests {
    /// `count` bytes that deflate well but are not all the same.
    static func pattern(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let motif = generator.bytes(97)
        return (0..<count).map { motif[$0 % motif.count] &+ UInt8(truncatingIfNeeded: $0 >> 12) }
    }

    /// Reads all of `reader` in chunks of `chunk` bytes.
    static func readAll(_ reader: ZipMemberReader, chunk: Int) throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let bytes = try reader.read(count: chunk)
            all += bytes
            if bytes.count < chunk { return all }
        }
    }

    @Test(arguments: [false, true])
    func membersReadBackByteForByte(deflate: Bool) throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("a.zip")
        let first = Self.pattern(300_000, seed: 1)
        let second = Array("a short member".utf8)
        try ZipTestArchive.write([.init("first.npy", first, deflate: deflate), .init("second.txt", second, deflate: deflate),
                                  .init("empty", [], deflate: deflate)], to: path)
        let archive = try ZipArchive(path: path)
        #expect(archive.members.map(\.name) == ["first.npy", "second.txt", "empty"])
        #expect(archive.members.map(\.size) == [300_000, second.count, 0])
        let member = try #require(archive.member(named: "first.npy"))
        #expect(member.isStored == !deflate)
        if deflate { #expect(member.compressedSize < member.size / 10) }
        // Odd chunk sizes: a chunk never has to line up with libzip's blocks.
        for chunk in [1, 7, 4096, 1 << 20] {
            let reader = try archive.open(member)
            #expect(try Self.readAll(reader, chunk: chunk) == first, "chunk \(chunk)")
            #expect(reader.position == first.count)
        }
        #expect(try Self.readAll(try archive.open(try #require(archive.member(named: "second.txt"))), chunk: 5) == second)
        #expect(try archive.open(try #require(archive.member(named: "empty"))).read(count: 10).isEmpty)
    }

    /// The resident set of this process in bytes (`/proc/self/statm`, pages × page size).
    static func residentBytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func aLargeDeflatedMemberIsReadInChunksWithBoundedMemory() throws {
        let scratch = ScratchDirectory()
        // 128 MiB written to disk in blocks and deflated by libzip from the file: neither the
        // writer nor the reader holds the member.
        let size = 128 << 20
        let raw = scratch.file("raw")
        let handle = try #require(FileHandle(forWritingAtPath: scratch.write("raw", [])))
        let block = Self.pattern(1 << 20, seed: 5)
        for _ in 0..<(size >> 20) { handle.write(Data(block)) }
        try handle.close()
        try ZipTestArchive.write([.init("big.npy", file: raw, deflate: true, level: 1)], to: scratch.file("big.zip"))
        try FileManager.default.removeItem(atPath: raw)

        let archive = try ZipArchive(path: scratch.file("big.zip"))
        let member = try #require(archive.member(named: "big.npy"))
        #expect(member.size == size && !member.isStored)
        let reader = try archive.open(member)
        let before = Self.residentBytes()
        var peak = before
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        var matches = true
        while true {
            let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            // memcmp: an element-wise comparison of 128 MiB is slow in a debug build.
            matches = matches && chunk.withUnsafeBytes { read in
                block.withUnsafeBytes { expected in memcmp(read.baseAddress!, expected.baseAddress!, n) == 0 }
            }
            total += n
            peak = max(peak, Self.residentBytes())
            if n < chunk.count { break }
        }
        #expect(total == size)
        #expect(matches)
        // Inflating the member whole would add 128 MiB; reading it in chunks adds libzip's
        // buffers. The margin leaves room for tests running beside this one.
        #expect(peak - before < 48 << 20, "resident set grew by \(peak - before) bytes")
    }

    @Test func damageIsReportedWithTheArchiveAndTheMember() throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("d.zip")
        let data = Self.pattern(200_000, seed: 3)
        try ZipTestArchive.write([.init("x.npy", data, deflate: true)], to: path)
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        // Flip bits in the deflated data, past the 30-byte local header and the name.
        for i in stride(from: 60, to: 600, by: 11) { bytes[i] ^= 0x5A }
        _ = scratch.write("d.zip", bytes)
        let archive = try ZipArchive(path: path)
        let reader = try archive.open(try #require(archive.member(named: "x.npy")))
        #expect {
            _ = try Self.readAll(reader, chunk: 1 << 16)
        } throws: { error in
            let error = error as? TFRecordError
            return error?.code == .badInput && error?.location.path == path
                && error?.message.hasPrefix("corrupt data in member x.npy after ") == true
        }

        let notZip = scratch.write("n.zip", Array("PK\u{3}\u{4} but nothing else".utf8))
        #expect(throws: TFRecordError(.badInput, "not a readable zip archive: Not a zip archive",
                                      at: SourceLocation(path: notZip))) {
            _ = try ZipArchive(path: notZip)
        }
    }
}
