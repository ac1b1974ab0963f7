import Foundation
import Testing
import TFRecord
@testable import TFRecordConversion
@testable import TFRecordShards

/// `--resume`: the complete shards of an interrupted run are kept when intact and when the
/// input and options are the same; everything else starts over.
@Suite struct ResumeTests {
    /// The input identities behind the fingerprint are the same lines, in the same order,
    /// whether one thread or every core takes them (more than 1 024 inputs split).
    @Test func inputIdentitiesAreTheSameSplitOrNot() {
        let scratch = ScratchDirectory()
        let paths = (0..<3000).map { index in
            index % 7 == 0 ? scratch.file("missing-\(index)") : scratch.write("input-\(index).csv", "\(index)\n")
        }
        let split = ResumeJournal.identities(of: paths)
        #expect(split == ResumeJournal.identities(of: Array(paths.prefix(400))) + ResumeJournal.identities(of: Array(paths[400...])))
        #expect(split.count == 3000)
        #expect(split[7] == scratch.file("missing-7") + "\tmissing\n")
        #expect(split[8].hasPrefix(scratch.file("input-8.csv") + "\t2\t"))
    }

    /// Framed records of `count` payloads of varied sizes.
    func records(_ count: Int) -> [[UInt8]] {
        (0..<count).map { i in
            let buffer = RecordBuffer(capacity: 64)
            Array(repeating: UInt8(i & 0xFF), count: 10 + i % 7).withUnsafeBytes {
                RecordFraming.append(payload: $0, to: buffer)
            }
            return buffer.bytes
        }
    }

    /// Shard formats a resumed run must carry over: plain, with `.idx` files, compressed.
    enum Format: String, CaseIterable, Sendable { case plain, indexed, gzip }

    func options(_ directory: String, resume: Bool, format: Format = .plain) -> ShardOutputOptions {
        var options = ShardOutputOptions(directory: directory)
        options.sharding = .recordsPerShard(10)
        options.resume = resume
        options.writeIndex = format == .indexed
        if format == .gzip { (options.compression, options.compressionThreads) = (.gzip, 2) }
        return options
    }

    /// Appends `records[..<upTo]` and drops the output as an interrupted run does.
    func interruptedRun(_ directory: String, _ records: [[UInt8]], upTo: Int, fingerprint: String = "f",
                        format: Format = .plain) throws {
        let flag = CancellationFlag()
        let output = try ShardedOutput(options: options(directory, resume: false, format: format), fingerprint: fingerprint,
                                       cancellation: flag)
        for record in records[..<upTo] { try output.append(record: record) }
        flag.cancel()
    }

    func completeRun(_ directory: String, _ records: [[UInt8]], resume: Bool, fingerprint: String = "f",
                     format: Format = .plain) throws(TFRecordError) -> (shards: [ShardInfo], resumed: Int)
    {
        let output = try ShardedOutput(options: options(directory, resume: resume, format: format),
                                       fingerprint: fingerprint)
        for record in records { try output.append(record: record) }
        let shards = try output.commit { shards in
            Manifest(command: [], source: "test", records: records.count, features: [:], shards: shards)
        }
        return (shards, output.resumedShards)
    }

    @Test(arguments: Format.allCases)
    func resumeKeepsIntactPartsAndEqualsAnUninterruptedRun(_ format: Format) throws {
        let scratch = ScratchDirectory()
        let all = records(95)
        let expected = try completeRun(scratch.file("reference"), all, resume: false, format: format).shards
        try interruptedRun(scratch.file("out"), all, upTo: 47, format: format)
        // Four complete shards under part names (with their .idx files), the fifth (in progress) gone.
        let parts = (0..<4).flatMap { k in [".tfrec-part-\(k)"] + (format == .indexed ? [".tfrec-part-\(k).idx"] : []) }
        #expect(scratch.list("out") == (parts + [".tfrec-resume.json"]).sorted())
        let inode = try FileManager.default.attributesOfItem(atPath: scratch.file("out/.tfrec-part-2"))[.systemFileNumber]
            as? UInt64
        let (shards, resumed) = try completeRun(scratch.file("out"), all, resume: true, format: format)
        #expect(resumed == 4)
        #expect(shards == expected)
        let kept = try FileManager.default.attributesOfItem(atPath: scratch.file("out/file_02-10.tfrec"))[.systemFileNumber]
            as? UInt64
        #expect(kept != nil && kept == inode)
        for name in shards.flatMap({ [$0.name] + ($0.index.map { [$0] } ?? []) }) {
            #expect(FileManager.default.contents(atPath: scratch.file("out/" + name))
                    == FileManager.default.contents(atPath: scratch.file("reference/" + name)), "\(name)")
        }
        #expect(shards.allSatisfy { ($0.index != nil) == (format == .indexed) })
        #expect(!scratch.list("out").contains { $0.hasPrefix(".") })
    }

    @Test func aDamagedPartAndThoseAfterItAreWrittenAgain() throws {
        let scratch = ScratchDirectory()
        let all = records(60)
        let expected = try completeRun(scratch.file("reference"), all, resume: false).shards
        try interruptedRun(scratch.file("out"), all, upTo: 55)
        // Same size, one byte different: only the SHA-256 can tell.
        let path = scratch.file("out/.tfrec-part-2")
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes[20] ^= 1
        _ = scratch.write("out/.tfrec-part-2", bytes)
        let (shards, resumed) = try completeRun(scratch.file("out"), all, resume: true)
        #expect(resumed == 2)
        #expect(shards == expected)
        #expect(try readRecords(directory: scratch.file("out")) == (try readRecords(directory: scratch.file("reference"))))
    }

    @Test func otherInputOrOptionsRefuseToResume() throws {
        let scratch = ScratchDirectory()
        let all = records(30)
        try interruptedRun(scratch.file("out"), all, upTo: 25, fingerprint: "first")
        #expect(throws: TFRecordError(.usage, "cannot resume: the interrupted run had other input or options; rerun without resume to start over",
                                      at: SourceLocation(path: scratch.file("out")))) {
            _ = try completeRun(scratch.file("out"), all, resume: true, fingerprint: "second")
        }
        // Without --resume the leftovers are discarded and the run starts over.
        let (shards, resumed) = try completeRun(scratch.file("out"), all, resume: false, fingerprint: "second")
        #expect(resumed == 0)
        #expect(shards.count == 3)
        #expect(!scratch.list("out").contains { $0.hasPrefix(".") })
    }

    @Test func aFailedRunLeavesNothingAndResumeWithoutJournalStartsOver() throws {
        let scratch = ScratchDirectory()
        let all = records(30)
        do {
            let output = try ShardedOutput(options: options(scratch.file("out"), resume: false))
            for record in all[..<25] { try output.append(record: record) }
        }  // dropped without commit or cancellation: a failed run
        #expect(scratch.list("out") == [])
        let (shards, resumed) = try completeRun(scratch.file("out"), all, resume: true)
        #expect(resumed == 0 && shards.count == 3)
    }

    @Test func aSecondRunIntoTheSameDirectoryIsRefused() throws {
        let scratch = ScratchDirectory()
        let first = try ShardedOutput(options: options(scratch.file("out"), resume: false))
        #expect(throws: TFRecordError(.usage, "another tfrec run is writing into this directory; wait for it or choose another",
                                      at: SourceLocation(path: scratch.file("out")))) {
            _ = try ShardedOutput(options: options(scratch.file("out"), resume: false))
        }
        _ = first
    }

    @Test func csvConversionResumesAfterAnInterruption() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("in.csv", sampleCSV(rows: 300, pixels: 32))
        _ = try convert(input, into: scratch.file("reference")) { $0.output.sharding = .recordsPerShard(25) }.get()
        // Interrupt from the progress callback once some shards are complete.
        let flag = CancellationFlag()
        var options = CSVConversionOptions(input: input, outputDirectory: scratch.file("out"))
        options.output.sharding = .recordsPerShard(25)
        options.chunkSize = 512
        options.threads = 1
        let result = Result { () throws(TFRecordError) in
            try CSVConversion(options: options).run(cancellation: flag) { progress in
                if progress.rows >= 100 { flag.cancel() }
            }
        }
        // The callback comes at most every 100 ms; a fast machine may finish first.
        if case .failure(let error) = result {
            #expect(error.code == .interrupted)
            #expect(scratch.list("out").contains(ResumeJournal.fileName))
        }
        options.output.resume = true
        options.output.overwrite = true
        let summary = try CSVConversion(options: options).run()
        #expect(summary.rows == 300)
        #expect(try readRecords(directory: scratch.file("out")) == (try readRecords(directory: scratch.file("reference"))))
        // A different engine and thread count resume the same run: they do not shape the output.
        options.threads = 2
        options.engine = .scalar
        #expect(options.outputFingerprint == CSVConversionOptions(input: input, outputDirectory: "x").with {
            $0.output.sharding = .recordsPerShard(25); $0.chunkSize = 512
        }.outputFingerprint)
    }
}

extension CSVConversionOptions {
    func with(_ change: (inout CSVConversionOptions) -> Void) -> CSVConversionOptions {
        var copy = self
        change(&copy)
        return copy
    }
}
