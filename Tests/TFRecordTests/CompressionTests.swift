import Foundation
import TFRecord
import Testing

/// GZIP/ZLIB record files: ``ParallelDeflater`` against zlib's one-shot deflate and
/// inflate, thread-count invariance, the reader's detection and its errors.
@Suite struct CompressionTests {
    static let formats: [RecordCompression] = [.gzip, .zlib]

    /// Bytes that compress like shards do: runs of zeros, small values and noise.
    static func shardLikeBytes(count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let run = Int(state >> 58) + 1
            let kind = (state >> 40) & 3
            for j in i..<min(count, i + run) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[j] = kind == 0 ? UInt8(truncatingIfNeeded: state >> 56) : kind == 1 ? UInt8((state >> 60) & 7) : 0
            }
            i += run
        }
        return bytes
    }

    /// Compresses `data` with a ``ParallelDeflater``, handing it over in pieces of `piece` bytes.
    static func deflate(_ data: [UInt8], format: RecordCompression, level: Int = 6, threads: Int,
                        blockSize: Int = 1 << 16, piece: Int = 10_007, maxBlocksInFlight: Int? = nil) throws -> [UInt8] {
        let workers = try DeflateWorkers(threads: threads, level: level)
        var output: [UInt8] = []
        let deflater = ParallelDeflater(format: format, workers: workers, blockSize: blockSize,
                                        maxBlocksInFlight: maxBlocksInFlight) { output += $0 }
        try data.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = min(raw.count, start + piece)
                try deflater.write(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
        try deflater.finish()
        #expect(deflater.uncompressedCount == data.count)
        #expect(deflater.compressedCount == output.count)
        return output
    }

    @Test(arguments: formats)
    func multiBlockStreamInflatesToTheInputWithZlib(format: RecordCompression) throws {
        // 20 blocks of 64 KiB and a partial one, handed over in odd-sized pieces.
        let data = Self.shardLikeBytes(count: 20 * (1 << 16) + 12_345)
        for level in [0, 1, 6, 9] {
            let compressed = try Self.deflate(data, format: format, level: level, threads: 3)
            #expect(ZlibReference.decompress(compressed, format: format) == data, "level \(level)")
        }
        // Against zlib's one-shot stream: block priming keeps the ratio within 1%.
        let ours = try Self.deflate(data, format: format, threads: 2, blockSize: 1 << 20)
        let theirs = ZlibReference.compress(data, format: format, level: 6)
        #expect(Double(ours.count) <= Double(theirs.count) * 1.01, "\(ours.count) vs zlib's \(theirs.count)")
    }

    @Test(arguments: formats)
    func oneBlockStreamIsByteIdenticalToZlibsOneShot(format: RecordCompression) throws {
        // Below one block, header, deflate bytes and trailer are all zlib's: the hand-written
        // header and trailer are checked byte for byte (and the empty stream too).
        for (count, level) in [(0, 6), (1, 6), (50_000, 1), (50_000, 6), (50_000, 9), (65_535, 6), (3_000, 0)] {
            let data = Self.shardLikeBytes(count: count, seed: UInt64(count))
            let ours = try Self.deflate(data, format: format, level: level, threads: 1)
            let same = ours == ZlibReference.compress(data, format: format, level: level)
            #expect(same, "\(count) bytes, level \(level)")
        }
    }

    @Test(arguments: formats)
    func outputDoesNotDependOnThreadsOrPieces(format: RecordCompression) throws {
        let data = Self.shardLikeBytes(count: 1_500_000, seed: 7)
        let reference = try Self.deflate(data, format: format, threads: 1)
        for (threads, piece, inFlight) in [(2, 1 << 20, nil), (4, 333, 1), (3, 65_536, 20), (8, 100_000, nil)] {
            let other = try Self.deflate(data, format: format, threads: threads, piece: piece, maxBlocksInFlight: inFlight)
            #expect(other == reference, "\(threads) threads, pieces of \(piece)")
        }
    }

    @Test(arguments: formats)
    func writerAndReaderRoundTripCompressedFiles(format: RecordCompression) throws {
        let path = temporaryPath("roundtrip.tfrec.\(format)")
        let plainPath = temporaryPath("roundtrip.tfrec")
        defer {
            unlink(path)
            unlink(plainPath)
        }
        let payloads: [[UInt8]] = (0..<400).map { Self.shardLikeBytes(count: $0 * 37 % 9000, seed: UInt64($0)) } + [[]]
        let writer = try RecordWriter(path: path, compression: format, compressionThreads: 2, bufferSize: 5000)
        let plain = try RecordWriter(path: plainPath)
        for payload in payloads {
            try writer.write(payload)
            try plain.write(payload)
        }
        try writer.close()
        try plain.close()
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let uncompressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: plainPath)))
        #expect(ZlibReference.decompress(compressed, format: format) == uncompressed)

        for compression in [nil, format] {
            let reader = try RecordReader(path: path, compression: compression, bufferSize: 100)
            #expect(reader.compression == format)
            var read: [[UInt8]] = []
            while let record = try reader.next() { read.append(record) }
            #expect(read == payloads)
            #expect(reader.offset == uncompressed.count)
            #expect(reader.fileBytesRead == compressed.count)
        }
        // zlib's own stream of the same records reads the same.
        let zlibPath = temporaryPath("zlib-made.tfrec")
        defer { unlink(zlibPath) }
        try Data(ZlibReference.compress(uncompressed, format: format, level: 9)).write(to: URL(fileURLWithPath: zlibPath))
        let reader = try RecordReader(path: zlibPath)
        var count = 0
        while try reader.next() != nil { count += 1 }
        #expect(count == payloads.count && reader.compression == format)
    }

    @Test func detectionChecksForAPlainRecordFirst() throws {
        // A first record of 0x9c78 = 40 056 bytes starts with 78 9c, zlib's usual header.
        let path = temporaryPath("looks-like-zlib.tfrec")
        defer { unlink(path) }
        let writer = try RecordWriter(path: path)
        try writer.write([UInt8](repeating: 5, count: 0x9c78))
        try writer.close()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[0] == 0x78 && bytes[1] == 0x9c)
        #expect(RecordCompression.detect(prefix: Array(bytes[..<2])) == .zlib)
        #expect(RecordCompression.detect(prefix: Array(bytes[..<12])) == RecordCompression.none)
        let reader = try RecordReader(path: path)
        #expect(reader.compression == RecordCompression.none)
        #expect(try reader.next()?.count == 0x9c78)

        #expect(RecordCompression.detect(prefix: [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0]) == .gzip)
        for header: [UInt8] in [[0x78, 0x01], [0x78, 0x5e], [0x78, 0x9c], [0x78, 0xda], [0x48, 0x0d]] {
            #expect(RecordCompression.detect(prefix: header + [UInt8](repeating: 0, count: 10)) == .zlib)
        }
        // Wrong method, window too large, bad check bits: not zlib.
        for header: [UInt8] in [[0x79, 0x9c], [0x88, 0x1c], [0x78, 0x9d]] {
            #expect(RecordCompression.detect(prefix: header + [UInt8](repeating: 0, count: 10)) == RecordCompression.none)
        }
        #expect(RecordCompression.detect(prefix: []) == RecordCompression.none)
    }

    @Test func emptyFilesHoldNoRecords() throws {
        let path = temporaryPath("empty.tfrec")
        defer { unlink(path) }
        try Data().write(to: URL(fileURLWithPath: path))
        let reader = try RecordReader(path: path)
        #expect(reader.compression == RecordCompression.none)
        #expect(try reader.next() == nil)
        // An empty compressed file (no records) is a valid stream of no bytes.
        for format in Self.formats {
            let writer = try RecordWriter(path: path, compression: format)
            try writer.close()
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(bytes == ZlibReference.compress([], format: format, level: 6))
            let reader = try RecordReader(path: path)
            #expect(reader.compression == format)
            #expect(try reader.next() == nil)
        }
    }

    @Test func anExplicitCompressionOverridesDetection() throws {
        let path = temporaryPath("gz.tfrec")
        defer { unlink(path) }
        let writer = try RecordWriter(path: path, compression: .gzip)
        try writer.write(Array("hello".utf8))
        try writer.close()
        let plain = #expect(throws: TFRecordError.self) { try RecordReader(path: path, compression: RecordCompression.none).next() }
        #expect(plain?.message.contains("length CRC mismatch") == true)
        let zlib = #expect(throws: TFRecordError.self) { try RecordReader(path: path, compression: .zlib).next() }
        #expect(zlib?.code == .badInput)
        #expect(zlib?.message.contains("corrupt zlib stream") == true, "\(String(describing: zlib))")
        #expect(try RecordReader(path: path, compression: .gzip).next() == Array("hello".utf8))
    }

    /// Writes 200 records of 5 000 bytes compressed as `format`; returns the path and the file.
    static func compressedFile(_ format: RecordCompression, name: String) throws -> (String, [UInt8]) {
        let path = temporaryPath(name)
        let writer = try RecordWriter(path: path, compression: format)
        for i in 0..<200 { try writer.write(shardLikeBytes(count: 5000, seed: UInt64(i))) }
        try writer.close()
        return (path, try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Reads every record of `path`; returns how many before the error, and the error.
    static func readAll(_ path: String) -> (records: Int, error: TFRecordError?) {
        var records = 0
        do throws(TFRecordError) {
            let reader = try RecordReader(path: path, bufferSize: 4096)
            while try reader.next() != nil { records += 1 }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    @Test(arguments: formats)
    func aCorruptStreamIsAnErrorNamingTheFile(format: RecordCompression) throws {
        let (path, good) = try Self.compressedFile(format, name: "corrupt.\(format)")
        defer { unlink(path) }
        var bad = good
        bad[good.count / 2] ^= 0x55
        try Data(bad).write(to: URL(fileURLWithPath: path))
        let (records, error) = Self.readAll(path)
        #expect(records < 200)
        #expect(error?.code == .badInput)
        #expect(error?.location.path == path)
        #expect(error?.location.recordIndex == records)
        // Either inflate rejects the bytes, or they inflate to a record whose CRC fails.
        let message = error?.message ?? ""
        #expect(message.contains("corrupt \(format) stream at compressed byte") || message.contains("CRC mismatch"), "\(message)")

        // A flipped checksum in the trailer: every record reads, then the stream fails.
        var badTrailer = good
        badTrailer[good.count - (format == .gzip ? 8 : 1)] ^= 1
        try Data(badTrailer).write(to: URL(fileURLWithPath: path))
        let trailer = Self.readAll(path)
        #expect(trailer.records == 200)
        #expect(trailer.error?.message.contains("corrupt \(format) stream") == true, "\(String(describing: trailer.error))")
        #expect(trailer.error?.message.contains("incorrect data check") == true)
    }

    @Test(arguments: formats)
    func aTruncatedStreamIsAnError(format: RecordCompression) throws {
        let (path, good) = try Self.compressedFile(format, name: "truncated.\(format)")
        defer { unlink(path) }
        for cut in [good.count - 1, good.count - 4, good.count / 2, 11] {
            try Data(good[..<cut]).write(to: URL(fileURLWithPath: path))
            let (records, error) = Self.readAll(path)
            #expect(error?.code == .badInput, "cut at \(cut)")
            #expect(error?.message.contains("truncated \(format) stream: the file ends after \(cut) bytes") == true,
                    "cut at \(cut): \(String(describing: error))")
            #expect(error?.description.hasPrefix("\(path): record \(records) at byte offset") == true)
        }
    }

    @Test func trailingBytesAreAnErrorButGzipMembersReadOn() throws {
        let (path, good) = try Self.compressedFile(.gzip, name: "members.gz")
        defer { unlink(path) }
        try Data(good + good).write(to: URL(fileURLWithPath: path))
        #expect(Self.readAll(path).records == 400 && Self.readAll(path).error == nil)
        try Data(good + [0, 0, 0]).write(to: URL(fileURLWithPath: path))
        let gzip = Self.readAll(path)
        #expect(gzip.records == 200)
        #expect(gzip.error?.message.contains("unexpected bytes after the end of the gzip stream") == true)

        let (zlibPath, zlib) = try Self.compressedFile(.zlib, name: "trailing.zlib")
        defer { unlink(zlibPath) }
        try Data(zlib + zlib).write(to: URL(fileURLWithPath: zlibPath))
        let twice = Self.readAll(zlibPath)
        #expect(twice.records == 200)
        #expect(twice.error?.message.contains("unexpected bytes after the end of the zlib stream") == true)
    }

    @Test func levelsAndThreadCountsAreChecked() {
        for (threads, level) in [(0, 6), (1, -1), (1, 10)] {
            let error = #expect(throws: TFRecordError.self) { try DeflateWorkers(threads: threads, level: level) }
            #expect(error?.code == .usage)
        }
    }
}
