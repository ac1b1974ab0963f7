import Foundation
import TFRecord
import TFRecordTestSupport
import Testing

@testable import TFRecordSources

/// Gzip array files, inflated as they are read by the package's one zlib wrapper: the same
/// bytes as the `gzip` tool, concatenated members included, and every damage an error.
@Suite struct GzipFileTests {
    /// `count` bytes that deflate into several blocks but are not all alike.
    static func data(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let motif = generator.bytes(251)
        return (0..<count).map { motif[$0 % motif.count] ^ UInt8(truncatingIfNeeded: $0 / 1000) }
    }

    /// All of `path` through ``GzipFile``, in reads of `chunk` bytes.
    static func inflate(_ path: String, chunk: Int) throws(TFRecordError) -> [UInt8] {
        let file = try GzipFile(path: path)
        var all: [UInt8] = []
        while true {
            let bytes = try file.read(count: chunk)
            all += bytes
            if bytes.count < chunk {
                #expect(file.position == all.count)
                return all
            }
        }
    }

    /// What `gzip -dc` makes of `path`: the reference.
    static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return [UInt8](data)
    }

    @Test(arguments: [7, 4093, 1 << 20])
    func concatenatedMembersReadAsGzipDoes(chunk: Int) throws {
        let scratch = ScratchDirectory()
        let first = Self.data(300_000, seed: 1)
        let second = Self.data(777, seed: 2)
        let path = scratch.write("two.npy.gz", try gzipped(first) + gzipped(second) + gzipped([]))
        let inflated = try Self.inflate(path, chunk: chunk)
        #expect(inflated == first + second)
        #expect(inflated == (try Self.gunzip(path)))
    }

    @Test func everyTruncationIsAnError() throws {
        let scratch = ScratchDirectory()
        let data = Self.data(5000, seed: 3)
        let compressed = try gzipped(data)
        for cut in 1..<compressed.count {
            let path = scratch.write("cut.gz", Array(compressed.prefix(cut)))
            let error = Result { () throws(TFRecordError) in try Self.inflate(path, chunk: 1000) }.error
            #expect(error?.code == .badInput)
            let message = try #require(error?.message, "cut after \(cut) bytes")
            #expect(message.hasPrefix("truncated gzip data: the stream ends after "), "\(message)")
            #expect(message.hasSuffix(" uncompressed bytes (unexpected end of file)"), "\(message)")
            #expect(error?.location == SourceLocation(path: path))
        }
    }

    @Test func corruptionAfterTheHeaderIsAnError() throws {
        let scratch = ScratchDirectory()
        let data = Self.data(5000, seed: 4)
        let compressed = try gzipped(data)
        // The 10-byte header holds a time stamp and flags; the deflate data and the CRC-32 and
        // length after it are all checked.
        for index in 10..<compressed.count {
            var damaged = compressed
            damaged[index] ^= 0x41
            let path = scratch.write("damaged.gz", damaged)
            let error = Result { () throws(TFRecordError) in try Self.inflate(path, chunk: 4096) }.error
            #expect(error?.code == .badInput, "byte \(index)")
            let message = error?.message ?? ""
            #expect(message.hasPrefix("corrupt gzip data: ") || message.hasPrefix("truncated gzip data: "), "\(message)")
        }
    }

    @Test func bytesAfterTheStreamAreAnError() throws {
        let scratch = ScratchDirectory()
        let compressed = try gzipped(Self.data(1000, seed: 5))
        let path = scratch.write("trailing.gz", compressed + [0, 0, 0, 0])
        let error = Result { () throws(TFRecordError) in try Self.inflate(path, chunk: 4096) }.error
        #expect(error == TFRecordError(.badInput, "corrupt gzip data: unexpected bytes after the end of the gzip stream, "
                                       + "at compressed byte \(compressed.count)", at: SourceLocation(path: path)))
    }

    @Test func aMissingFileIsBadInput() {
        let scratch = ScratchDirectory()
        let error = Result { () throws(TFRecordError) in try GzipFile(path: scratch.file("missing.gz")) }.error
        #expect(error?.code == .badInput)
        #expect(error?.location == SourceLocation(path: scratch.file("missing.gz")))
    }
}
