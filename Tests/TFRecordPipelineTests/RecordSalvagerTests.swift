import Foundation
import TFRecord
import TFRecordTools
import Testing

/// `RecordSalvager`: what it keeps from damaged files (a seeded property test over random
/// shards and random damage) and how it treats its output path.
@Suite struct RecordSalvagerTests {
    static func framed(_ payload: [UInt8]) -> [UInt8] {
        let buffer = RecordBuffer()
        payload.withUnsafeBytes { RecordFraming.append(payload: $0, to: buffer) }
        return buffer.bytes
    }

    static func randomBytes(_ count: Int, _ generator: inout SeededGenerator) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            while offset < count {
                let word = generator.next()
                for byte in 0..<min(8, count - offset) {
                    raw[offset + byte] = UInt8(truncatingIfNeeded: word >> (8 * byte))
                }
                offset += 8
            }
            initialized = count
        }
    }

    /// A random payload: often empty or small, sometimes large (larger than the smaller
    /// scan windows), sometimes itself a framed record, so that damage exposes valid
    /// headers inside data.
    static func randomPayload(_ generator: inout SeededGenerator) -> [UInt8] {
        switch generator.below(100) {
        case 0..<15: []
        case 15..<55: randomBytes(1 + generator.below(64), &generator)
        case 55..<90: randomBytes(65 + generator.below(3000), &generator)
        case 90..<96: framed(randomBytes(generator.below(200), &generator))
        default: randomBytes(5_000 + generator.below(70_000), &generator)
        }
    }

    /// The kinds of damage the property test applies.
    enum Damage: CaseIterable {
        case flipBytes, truncate, insertGarbage, insertCopy, overwriteGarbage, overwriteCopy, delete
    }

    /// Applies one random damage of `kind` to `file`.
    static func apply(_ kind: Damage, to file: inout DamagedFile, _ generator: inout SeededGenerator) {
        let count = file.count
        guard count > 0 else { return }
        func position() -> Int { generator.below(count + 1) }
        func span(from start: Int) -> Range<Int> {
            let length = generator.below(min(count - start, 300) + 1)
            return start..<(start + length)
        }
        /// A piece of the original file: often one whole record or several, else any range.
        func copy() -> [UInt8] {
            guard !file.original.isEmpty else { return randomBytes(1 + generator.below(100), &generator) }
            let start = generator.below(file.original.count)
            let length = 1 + generator.below(min(file.original.count - start, 2000))
            return Array(file.original[start..<(start + length)])
        }
        switch kind {
        case .flipBytes:
            for _ in 0...generator.below(4) {
                let at = generator.below(file.count)
                let old = file.bytes[at]
                file.replace(at..<(at + 1), with: [old ^ UInt8(1 + generator.below(255))])
            }
        case .truncate:
            let at = position()
            file.replace(at..<count, with: [])
        case .insertGarbage:
            let at = position()
            file.replace(at..<at, with: randomBytes(1 + generator.below(400), &generator))
        case .insertCopy:
            let at = position()
            file.replace(at..<at, with: copy())
        case .overwriteGarbage:
            let range = span(from: generator.below(count))
            file.replace(range, with: randomBytes(range.count, &generator))
        case .overwriteCopy:
            let piece = copy()
            let start = generator.below(count)
            let range = start..<min(count, start + piece.count)
            file.replace(range, with: Array(piece.prefix(range.count)))
        case .delete:
            file.replace(span(from: generator.below(count)), with: [])
        }
    }

    /// The index in `haystack` at or after `from` where `needle` starts, or `nil`.
    static func find(_ needle: Data, in haystack: Data, from: Int) -> Int? {
        guard from <= haystack.count else { return nil }
        return haystack.range(of: needle, in: from..<haystack.count)?.lowerBound
    }

    static let iterations = 1000

    /// Random shards, random damage, salvage; the output must
    /// - read back completely through `RecordReader` (every record passes both CRCs);
    /// - consist of records that each lie, framed, as a contiguous range of the damaged file,
    ///   in order and not overlapping (spliced copies of records are valid records and are
    ///   kept, so the output may hold records that are not among the originals);
    /// - contain every original record whose framed bytes are untouched, in order;
    /// - account for every input byte: kept records plus skipped regions make the input;
    /// - be a byte-for-byte copy, with no damage reported, when nothing was damaged.
    @Test func salvageKeepsEveryUntouchedRecordAndOnlyValidRecords() throws {
        let scratch = ScratchDirectory()
        var generator = SeededGenerator(seed: 20_251_126)
        var damagedRuns = 0
        var lostRecords = 0
        var foreignRecordsKept = 0
        for iteration in 0..<Self.iterations {
            let payloads = (0..<generator.below(31)).map { _ in Self.randomPayload(&generator) }
            let records = payloads.map(Self.framed)
            let original = records.flatMap { $0 }
            var ranges: [Range<Int>] = []
            for record in records {
                let start = ranges.last?.upperBound ?? 0
                ranges.append(start..<(start + record.count))
            }

            var file = DamagedFile(original)
            var applied: [Damage] = []
            for _ in 0..<generator.below(5) {
                let kind = Damage.allCases[generator.below(Damage.allCases.count)]
                Self.apply(kind, to: &file, &generator)
                applied.append(kind)
            }
            let damaged = file.bytes
            let input = scratch.write("in-\(iteration).tfrec", damaged)
            let output = scratch.file("out-\(iteration).tfrec")
            let bufferSize = [64, 100, 1000, 4096, 1 << 16][generator.below(5)]
            var regions: [RecordDamage] = []
            let summary = try RecordSalvager(bufferSize: bufferSize).salvage(input: input, output: output) {
                regions.append($0)
            }
            let context = "iteration \(iteration), damage \(applied), buffer \(bufferSize)"

            var kept: [[UInt8]] = []
            let reader = try RecordReader(path: output)
            while let payload = try reader.next() { kept.append(payload) }
            #expect(kept.count == summary.records, "\(context)")
            #expect(summary.outputBytes + summary.skippedBytes == damaged.count, "\(context)")
            #expect(regions.count == summary.damagedRegions, "\(context)")
            #expect(regions.reduce(0) { $0 + $1.length } == summary.skippedBytes, "\(context)")

            // Each output record is a contiguous range of the damaged file, in order.
            var cursor = 0
            let haystack = Data(damaged)
            for payload in kept {
                let bytes = Self.framed(payload)
                guard let at = Self.find(Data(bytes), in: haystack, from: cursor) else {
                    Issue.record("\(context): output record of \(payload.count) bytes not in the input after \(cursor)")
                    break
                }
                cursor = at + bytes.count
            }
            // Every untouched original record is in the output, in order.
            var next = 0
            var missing = 0
            for (index, range) in ranges.enumerated() where file.isUntouched(range) {
                guard let found = kept[next...].firstIndex(of: payloads[index]) else {
                    missing += 1
                    Issue.record("\(context): untouched record \(index) (\(payloads[index].count) bytes) missing")
                    continue
                }
                next = found + 1
            }
            if damaged == original {
                #expect(summary.isClean && regions.isEmpty, "\(context)")
                #expect(FileManager.default.contents(atPath: output).map([UInt8].init) == original, "\(context)")
            } else {
                damagedRuns += 1
                lostRecords += ranges.filter { !file.isUntouched($0) }.count
                foreignRecordsKept += max(0, kept.count - ranges.filter { file.isUntouched($0) }.count)
            }
            #expect(missing == 0)
            unlink(input)
            unlink(output)
        }
        // The damage must actually have exercised the oracle.
        #expect(damagedRuns > Self.iterations / 2)
        #expect(lostRecords > Self.iterations / 2)
        #expect(foreignRecordsKept > 0)
        #expect(scratch.list("").isEmpty)
    }

    @Test func cleanInputIsCopiedAndDamageReportedWithOffsets() throws {
        let scratch = ScratchDirectory()
        let records = [[UInt8](repeating: 1, count: 10), [], [UInt8](repeating: 3, count: 30)].map(Self.framed)
        let clean = scratch.write("clean.tfrec", records.flatMap { $0 })
        let copy = try RecordSalvager().salvage(input: clean, output: scratch.file("copy.tfrec"))
        #expect(copy == SalvageSummary(input: clean, output: scratch.file("copy.tfrec"), inputBytes: 88, records: 3,
                                       outputBytes: 88, damagedRegions: 0, skippedBytes: 0))
        #expect(FileManager.default.contents(atPath: scratch.file("copy.tfrec"))
                == FileManager.default.contents(atPath: clean))

        var bytes = records.flatMap { $0 }
        bytes[26 + 3] ^= 0xFF  // the empty record's length CRC
        bytes.insert(contentsOf: [7, 7, 7], at: 0)
        let damaged = scratch.write("damaged.tfrec", bytes)
        var regions: [String] = []
        let summary = try RecordSalvager().salvage(input: damaged, output: scratch.file("good.tfrec")) {
            regions.append($0.description)
        }
        #expect(regions == [
            "record 0 at byte offset 0: length CRC mismatch: the record header is corrupt; "
                + "skipped 3 bytes to the next valid record at byte offset 3",
            "record 2 at byte offset 29: length CRC mismatch: the record header is corrupt; "
                + "skipped 16 bytes to the next valid record at byte offset 45",
        ])
        #expect(summary.records == 2 && summary.damagedRegions == 2 && summary.skippedBytes == 19 && !summary.isClean)
        #expect(FileManager.default.contents(atPath: scratch.file("good.tfrec")).map([UInt8].init)
                == records[0] + records[2])
        #expect(scratch.list("") == ["clean.tfrec", "copy.tfrec", "damaged.tfrec", "good.tfrec"])
    }

    @Test func outputPathIsCheckedBeforeAnythingIsWritten() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("in.tfrec", Self.framed([1, 2, 3]))
        let existing = scratch.write("existing.tfrec", [9])
        func failure(_ output: String, overwrite: Bool = false) -> TFRecordError? {
            #expect(throws: TFRecordError.self) {
                try RecordSalvager().salvage(input: input, output: output, overwrite: overwrite)
            }
        }
        #expect(failure(existing)?.description == "\(existing): already exists; pass overwrite to replace it")
        #expect(failure(existing)?.code == .usage)
        #expect(failure(input, overwrite: true)?.description
                == "\(input): is the input file; salvage writes the records to a new file")
        #expect(link(input, scratch.file("hardlink.tfrec")) == 0)
        #expect(failure(scratch.file("hardlink.tfrec"), overwrite: true)?.message
                == "is the input file; salvage writes the records to a new file")
        #expect(failure(scratch.path, overwrite: true)?.description
                == "\(scratch.path): is a directory; name the file to write")
        let missing = #expect(throws: TFRecordError.self) {
            try RecordSalvager().salvage(input: scratch.file("nope.tfrec"), output: scratch.file("out.tfrec"))
        }
        #expect(missing?.code == .badInput)
        #expect(missing?.description == "\(scratch.file("nope.tfrec")): cannot open: No such file or directory")
        #expect(FileManager.default.contents(atPath: existing) == Data([9]))

        let replaced = try RecordSalvager().salvage(input: input, output: existing, overwrite: true)
        #expect(replaced.isClean)
        #expect(FileManager.default.contents(atPath: existing).map([UInt8].init) == Self.framed([1, 2, 3]))
        #expect(scratch.list("") == ["existing.tfrec", "hardlink.tfrec", "in.tfrec"])
    }

    /// A cancelled salvage leaves neither the output nor its temporary file.
    @Test func cancelledSalvageLeavesNothing() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("in.tfrec", Self.framed([1]) + Self.framed([2]))
        let flag = CancellationFlag()
        flag.cancel()
        let error = #expect(throws: TFRecordError.self) {
            try RecordSalvager().salvage(input: input, output: scratch.file("out/good.tfrec"), cancellation: flag)
        }
        #expect(error?.code == .interrupted)
        #expect(error?.message == "interrupted; \(scratch.file("out/good.tfrec")) was not written")
        #expect(scratch.list("out") == [])
    }
}

extension SeededGenerator {
    /// A number in `0 ..< bound`.
    mutating func below(_ bound: Int) -> Int { Int(next(upperBound: UInt64(bound))) }
}
