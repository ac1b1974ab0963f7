import Foundation
import TFRecord
import Testing
import TFRecordTestSupport

/// `RecordScanner`: every record that verifies, one damage event per damaged region, and
/// resynchronization that neither trusts a bad record's length nor re-reads the file.
@Suite struct RecordScannerTests {
    /// The framed bytes of one record.
    static func framed(_ payload: [UInt8]) -> [UInt8] {
        let buffer = RecordBuffer()
        payload.withUnsafeBytes { RecordFraming.append(payload: $0, to: buffer) }
        return buffer.bytes
    }

    /// Writes `bytes` to a new file and scans it to the end.
    static func scan(_ bytes: [UInt8], bufferSize: Int = 1 << 20) throws
        -> (events: [RecordScanner.Event], payloads: [[UInt8]], scanner: RecordScanner)
    {
        let path = temporaryPath("scan.tfrec")
        defer { unlink(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let scanner = try RecordScanner(path: path, bufferSize: bufferSize)
        var events: [RecordScanner.Event] = []
        var payloads: [[UInt8]] = []
        while let event = try scanner.next() {
            events.append(event)
            if case .record = event {
                payloads.append(scanner.withPayload { Array($0) })
                #expect(scanner.withFramedRecord { Array($0) } == framed(payloads.last!))
            }
        }
        return (events, payloads, scanner)
    }

    /// `0x` and 8 hex digits, as the messages print CRCs.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    static let payloads: [[UInt8]] = [
        Array(repeating: 1, count: 10), Array(repeating: 2, count: 20), Array(repeating: 3, count: 30),
    ]
    /// Three records at offsets 0, 26 and 62; the file is 108 bytes.
    static let file = payloads.flatMap(framed)

    @Test func cleanFileGivesEveryRecordAndNoDamage() throws {
        let (events, payloads, scanner) = try Self.scan(Self.file)
        #expect(events == [
            .record(.init(index: 0, offset: 0, payloadLength: 10)),
            .record(.init(index: 1, offset: 26, payloadLength: 20)),
            .record(.init(index: 2, offset: 62, payloadLength: 30)),
        ])
        #expect(payloads == Self.payloads)
        #expect(scanner.bytesRead == Self.file.count)
        #expect(try Self.scan([]).events.isEmpty)
    }

    @Test func dataCRCMismatchSkipsExactlyTheRecord() throws {
        var bytes = Self.file
        bytes[26 + 12 + 5] ^= 0x01
        let (events, payloads, _) = try Self.scan(bytes)
        var corrupted = Array(repeating: UInt8(2), count: 20)
        corrupted[5] ^= 1
        let stored = Self.hex(CRC32C.mask(CRC32C.checksum(Array(repeating: UInt8(2), count: 20))))
        let computed = Self.hex(CRC32C.mask(CRC32C.checksum(corrupted)))
        #expect(events.count == 3)
        guard case .damage(let damage) = events[1] else { Issue.record("no damage event: \(events)"); return }
        #expect(damage == RecordDamage(kind: .dataCRCMismatch, recordIndex: 1, offset: 26, length: 36,
                                       nextRecordOffset: 62,
                                       detail: "data CRC mismatch (stored \(stored), computed \(computed))"))
        #expect(damage.description == "record 1 at byte offset 26: data CRC mismatch (stored \(stored), "
                + "computed \(computed)); skipped 36 bytes to the next valid record at byte offset 62")
        #expect(events[2] == .record(.init(index: 2, offset: 62, payloadLength: 30)))
        #expect(payloads == [Self.payloads[0], Self.payloads[2]])
    }

    @Test func lengthCRCMismatchResynchronizesAtTheNextHeader() throws {
        var bytes = Self.file
        bytes[0] ^= 0x80  // the first record's length
        let (events, payloads, _) = try Self.scan(bytes)
        #expect(events.first == .damage(RecordDamage(
            kind: .lengthCRCMismatch, recordIndex: 0, offset: 0, length: 26, nextRecordOffset: 26,
            detail: "length CRC mismatch: the record header is corrupt")))
        #expect(events.dropFirst().first == .record(.init(index: 1, offset: 26, payloadLength: 20)))
        #expect(payloads == Array(Self.payloads[1...]))
    }

    @Test func truncationIsReportedToTheEndOfTheFile() throws {
        let cut = Array(Self.file[..<100])  // 8 bytes short of the last record's end
        let (events, payloads, _) = try Self.scan(cut)
        #expect(payloads == Array(Self.payloads[..<2]))
        #expect(events.last == .damage(RecordDamage(
            kind: .truncated, recordIndex: 2, offset: 62, length: 38, nextRecordOffset: nil,
            detail: "truncated record: 30 data bytes + 4 CRC bytes announced, 26 bytes left")))
        #expect(RecordDamage(kind: .truncated, recordIndex: 2, offset: 62, length: 38, nextRecordOffset: nil,
                             detail: "x").message == "x; skipped 38 bytes to the end of the file")

        let tail = try Self.scan(Self.file + [9, 9, 9, 9, 9])
        #expect(tail.payloads == Self.payloads)
        #expect(tail.events.last == .damage(RecordDamage(
            kind: .truncated, recordIndex: 3, offset: 108, length: 5, nextRecordOffset: nil,
            detail: "truncated record header: 5 of 12 bytes")))
    }

    /// Bytes deleted from a record's data leave its header intact: its length then points
    /// into the middle of what follows, so the scanner must not jump by it.
    @Test func deletedDataBytesDoNotHideTheNextRecord() throws {
        let big = Self.framed(Array(repeating: 7, count: 60))
        let small = Self.framed(Array(repeating: 8, count: 4))  // 20 bytes
        let tail = Self.framed(Array(repeating: 9, count: 40))
        // Delete exactly one small record's size from the big record's data, so that its
        // length points precisely at `tail`, skipping `small`.
        var damaged = big
        damaged.removeSubrange(20..<40)
        let (events, payloads, _) = try Self.scan(damaged + small + tail)
        #expect(payloads == [Array(repeating: 8, count: 4), Array(repeating: 9, count: 40)])
        guard case .damage(let damage) = events.first else { Issue.record("no damage event: \(events)"); return }
        #expect(damage.kind == .dataCRCMismatch)
        #expect((damage.offset, damage.length, damage.nextRecordOffset) == (0, big.count - 20, big.count - 20))
    }

    /// Records larger than the window are delivered whole; the window grows for them only.
    @Test func recordsLargerThanTheWindow() throws {
        let payloads: [[UInt8]] = [[], (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }, [1], []]
        let (events, read, scanner) = try Self.scan(payloads.flatMap(Self.framed), bufferSize: 64)
        #expect(read == payloads)
        #expect(events.count == 4)
        #expect(scanner.bufferCapacity == 5016)
    }

    /// A header in garbage that verifies by construction and announces nearly the whole file:
    /// its data is checked in window-sized pieces, the window does not grow, and the bytes
    /// read stay within two passes over the file.
    @Test func fakeHeaderAnnouncingAHugeRecordKeepsMemoryBounded() throws {
        var generator = SplitMix64(seed: 42)
        var garbage = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let fakeLength = UInt64(garbage.count - 1000 - 16)
        var header = withUnsafeBytes(of: fakeLength.littleEndian, Array.init)
        header += withUnsafeBytes(of: header.withUnsafeBytes { CRC32C.maskedChecksum($0) }.littleEndian, Array.init)
        garbage.replaceSubrange(1000..<1012, with: header)
        let good = Self.framed([5, 5, 5])
        let (events, payloads, scanner) = try Self.scan([1, 2, 3] + garbage + good, bufferSize: 4096)
        #expect(payloads == [[5, 5, 5]])
        #expect(scanner.bufferCapacity == 4096)
        #expect(scanner.bytesRead <= 2 * scanner.fileSize)
        #expect(events.first == .damage(RecordDamage(
            kind: .lengthCRCMismatch, recordIndex: 0, offset: 0, length: 200_003, nextRecordOffset: 200_003,
            detail: "length CRC mismatch: the record header is corrupt")))
    }

    /// Scanning garbage reads every byte once: no re-reading per candidate offset.
    @Test func garbageIsReadOnce() throws {
        var generator = SplitMix64(seed: 7)
        let garbage = (0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (events, payloads, scanner) = try Self.scan(Self.file + garbage + Self.file, bufferSize: 8192)
        #expect(payloads == Self.payloads + Self.payloads)
        #expect(events.count == 7)
        #expect(scanner.bytesRead == scanner.fileSize)
    }

    /// The C search for a header agrees with trying `payloadLength(header:)` at every offset,
    /// for random bytes with planted headers, some announcing more than fits.
    @Test func headerSearchMatchesTheByteByByteDefinition() {
        var generator = SplitMix64(seed: 99)
        var bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for _ in 0..<40 {
            let at = Int.random(in: 0..<(bytes.count - 12), using: &generator)
            let length = UInt64.random(in: 0...30_000, using: &generator)
            let lengthBytes = withUnsafeBytes(of: length.littleEndian, Array.init)
            let crc = CRC32C.mask(CRC32C.checksum(lengthBytes))
            bytes.replaceSubrange(at..<(at + 12), with: lengthBytes + withUnsafeBytes(of: crc.littleEndian, Array.init))
        }
        bytes.withUnsafeBytes { raw in
            for _ in 0..<200 {
                let start = Int.random(in: 0..<raw.count, using: &generator)
                let end = Int.random(in: start...raw.count, using: &generator)
                let room = Int.random(in: -20...40_000, using: &generator)
                let slice = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                var expected: (Int, UInt64)?
                if room >= 0 && slice.count >= 12 {
                    for offset in 0...(slice.count - 12) where offset <= room {
                        let header = UnsafeRawBufferPointer(rebasing: slice[offset...])
                        if let length = RecordFraming.payloadLength(header: header), length <= UInt64(room - offset) {
                            expected = (offset, length)
                            break
                        }
                    }
                }
                let found = RecordFraming.firstHeader(in: slice, room: room)
                #expect(found?.offset == expected?.0 && found?.length == expected?.1, "\(start)..<\(end), room \(room)")
            }
        }
    }

    /// The byte observer sees the whole file once, in order, however the scan goes: clean
    /// records, garbage, records larger than the window, a fake header announcing a huge
    /// record, a cut-off end; and the scan reads nothing twice for it.
    @Test func theObserverSeesEveryByteOnceInOrder() throws {
        var generator = SplitMix64(seed: 3)
        let garbage = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let large = Self.framed((0..<9000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        var fakeHeader = withUnsafeBytes(of: UInt64(40_000).littleEndian, Array.init)
        fakeHeader += withUnsafeBytes(of: fakeHeader.withUnsafeBytes { CRC32C.maskedChecksum($0) }.littleEndian, Array.init)
        let files: [[UInt8]] = [
            [], Self.file, Self.file + garbage + Self.file, large + Self.file + large,
            Self.file + fakeHeader + garbage + Self.file, Self.file + Array(Self.file.prefix(7)),
            Self.file + Array(large.dropLast(5)),
        ]
        let path = temporaryPath("observed.tfrec")
        defer { unlink(path) }
        for (index, bytes) in files.enumerated() {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            for bufferSize in [64, 1000, 4096, 1 << 20] {
                var observed: [UInt8] = []
                let scanner = try RecordScanner(path: path, bufferSize: bufferSize) { observed += $0 }
                while try scanner.next() != nil {}
                #expect(observed == bytes, "file \(index), window \(bufferSize)")
                let unobserved = try RecordScanner(path: path, bufferSize: bufferSize)
                while try unobserved.next() != nil {}
                #expect(scanner.bytesRead == unobserved.bytesRead, "file \(index), window \(bufferSize)")
            }
        }
    }

    @Test func pipesAreRefused() throws {
        let error = #expect(throws: TFRecordError.self) { try RecordScanner(path: "/dev/null") }
        #expect(error?.code == .io)
        #expect(error?.description
                == "/dev/null: not a regular file; scanning for damaged records needs to read at any offset")
    }
}

