import Foundation
import Testing

/// `tfrec verify` on damaged files, `tfrec salvage` and `tfrec clean`, as a user runs them:
/// messages, stdout and exit codes.
@Suite struct RepairCLITests {
    /// Converts four 3-pixel rows (`uint8`) into `out/file_00-4.tfrec`, then damages it: the
    /// length of record 1 and the last two bytes (record 3 is cut short). Returns the record size.
    static func damagedShard(in dir: String) throws -> Int {
        let csv = Data("1,2,3\n4,5,6\n7,8,9\n0,1,2\n".utf8)
        #expect(FileManager.default.createFile(atPath: dir + "/d.csv", contents: csv))
        let convert = try TFRecCLITests.tfrec("convert", "d.csv", "-o", "out", "--encoding", "uint8", in: dir)
        #expect(convert.status == 0, "\(convert.stderr)")
        let shard = dir + "/out/file_00-4.tfrec"
        var bytes = [UInt8](FileManager.default.contents(atPath: shard)!)
        let size = bytes.count / 4
        bytes[size] ^= 0x04
        bytes.removeLast(2)
        #expect(FileManager.default.createFile(atPath: shard, contents: Data(bytes)))
        return size
    }

    @Test func verifyReportsEveryDamagedRecordAndReadsOn() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let size = try Self.damagedShard(in: dir)
        let shard = "out/file_00-4.tfrec"
        let run = try TFRecCLITests.tfrec("verify", "out", in: dir)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(5)) == [
            "tfrec: error: \(shard): record 1 at byte offset \(size): length CRC mismatch: "
                + "the record header is corrupt; skipped \(size) bytes to the next valid record at byte offset "
                + "\(2 * size)",
            "tfrec: error: \(shard): record 3 at byte offset \(3 * size): truncated record: "
                + "\(size - 16) data bytes + 4 CRC bytes announced, \(size - 14) bytes left; "
                + "skipped \(size - 2) bytes to the end of the file",
            "tfrec: error: \(shard): name says 4 records, the file holds 2",
            "tfrec: error: \(shard): manifest says 4 records, the file holds 2",
            "tfrec: error: \(shard): manifest says \(4 * size) bytes, the file has \(4 * size - 2)",
        ])
        #expect(lines.count == 6)
        #expect(lines.last?.hasPrefix("tfrec: error: \(shard): SHA-256 ") == true)
        let row = run.stdout.split(separator: "\n").first { $0.hasPrefix(shard) }
        #expect(row?.split(separator: " ") == [Substring(shard), "2", "\(4 * size - 2)", "FAILED:", "6", "problems"])
        #expect(run.stdout.hasSuffix("6 problems\n"))

        let limited = try TFRecCLITests.tfrec("verify", shard, "--max-errors", "1", in: dir)
        #expect(limited.status == 1)
        #expect(limited.stderr == lines[0] + "\n" + "tfrec: stopped after 1 error (--max-errors)\n")
        let zero = try TFRecCLITests.tfrec("verify", shard, "--max-errors", "0", in: dir)
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--max-errors must be at least 1."))
    }

    /// `--threads` changes how many files are checked at a time, not what is printed: the
    /// same table, the same errors in file order and the same exit code for 1 and 4 threads,
    /// with and without `--max-errors`.
    @Test func verifyPrintsTheSameForAnyNumberOfThreads() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rows = (0..<12).map { "\($0 % 10),\($0),\($0 * 2)\n" }.joined()
        #expect(FileManager.default.createFile(atPath: dir + "/d.csv", contents: Data(rows.utf8)))
        let convert = try TFRecCLITests.tfrec("convert", "d.csv", "-o", "out", "--encoding", "uint8",
                                              "--records-per-shard", "2", in: dir)
        #expect(convert.status == 0, "\(convert.stderr)")
        let shards = (0..<6).map { "\(dir)/out/file_0\($0)-2.tfrec" }
        func damage(_ shard: String, _ change: (inout [UInt8]) -> Void) {
            var bytes = [UInt8](FileManager.default.contents(atPath: shard)!)
            change(&bytes)
            #expect(FileManager.default.createFile(atPath: shard, contents: Data(bytes)))
        }
        damage(shards[1]) { $0[1] ^= 0x04 }  // record 0: a length byte
        damage(shards[3]) { $0.removeLast(2) }  // record 1 cut short
        damage(shards[4]) { $0[20] ^= 0xFF }  // record 0: a data byte
        for limit in [[], ["--max-errors", "1"], ["--max-errors", "4"], ["--max-errors", "7"]] {
            let one = try TFRecCLITests.tfrec(arguments: ["verify", "out", "--threads", "1"] + limit, in: dir)
            #expect(one.status == 1)
            #expect(one.stderr.split(separator: "\n").count >= 2)
            let four = try TFRecCLITests.tfrec(arguments: ["verify", "out", "--threads", "4"] + limit, in: dir)
            #expect((four.status, four.stdout, four.stderr) == (one.status, one.stdout, one.stderr), "\(limit)")
        }
        let invalid = try TFRecCLITests.tfrec("verify", "out", "--threads", "0", in: dir)
        #expect(invalid.status != 0 && invalid.stderr.contains("--threads must be at least 1."))
    }

    @Test func salvageKeepsTheRecordsThatVerifyAndExitsOneWhenSomethingWasLost() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let size = try Self.damagedShard(in: dir)
        let shard = "out/file_00-4.tfrec"
        let run = try TFRecCLITests.tfrec("salvage", shard, "-o", "good.tfrec", in: dir)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == """
            tfrec: \(shard): record 1 at byte offset \(size): length CRC mismatch: the record header is corrupt; \
            skipped \(size) bytes to the next valid record at byte offset \(2 * size)
            tfrec: \(shard): record 3 at byte offset \(3 * size): truncated record: \(size - 16) data bytes \
            + 4 CRC bytes announced, \(size - 14) bytes left; skipped \(size - 2) bytes to the end of the file
            tfrec: kept 2 records (\(2 * size) bytes) in good.tfrec; skipped 2 damaged regions \
            (\(2 * size - 2) bytes) of \(shard)

            """)
        let verify = try TFRecCLITests.tfrec("verify", "good.tfrec", in: dir)
        #expect(verify.status == 0, "\(verify.stderr)")
        let original = [UInt8](FileManager.default.contents(atPath: dir + "/" + shard)!)
        let salvaged = [UInt8](FileManager.default.contents(atPath: dir + "/good.tfrec")!)
        #expect(salvaged == Array(original[0..<size] + original[(2 * size)..<(3 * size)]))

        let again = try TFRecCLITests.tfrec("salvage", shard, "-o", "good.tfrec", in: dir)
        #expect(again.status == 2)
        #expect(again.stderr == "tfrec: error: good.tfrec: already exists; pass --overwrite to replace it\n")
        let clean = try TFRecCLITests.tfrec("salvage", "good.tfrec", "-o", "copy.tfrec", in: dir)
        #expect(clean.status == 0)
        #expect(clean.stderr == "tfrec: kept 2 records (\(2 * size) bytes) in copy.tfrec; good.tfrec had no damage\n")
        let itself = try TFRecCLITests.tfrec("salvage", "good.tfrec", "-o", "./good.tfrec", "--overwrite", in: dir)
        #expect(itself.status == 2)
        #expect(itself.stderr
                == "tfrec: error: ./good.tfrec: is the input file; salvage writes the records to a new file\n")
        let missing = try TFRecCLITests.tfrec("salvage", "nope.tfrec", "-o", "x.tfrec", in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr == "tfrec: error: nope.tfrec: cannot open: No such file or directory\n")
        let usage = try TFRecCLITests.tfrec("salvage", "good.tfrec", in: dir)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("Missing expected argument '--output <output>'"))
        let help = try TFRecCLITests.tfrec("salvage", "--help")
        #expect(help.stdout.contains("Exit codes: 0 the input had no damage (the output is a copy), 1 damage was"))
        #expect(help.stdout.contains("tfrec salvage damaged.tfrec -o repaired.tfrec"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir))
                == ["d.csv", "out", "good.tfrec", "copy.tfrec"])
    }

    /// `clean` removes what exited runs left, keeps the files of a conversion in progress
    /// (its temporary and its complete parts), and removes those too once that conversion
    /// is killed.
    @Test func cleanRemovesLeftoversButNotTheFilesOfARunningConversion() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let conversion = try StalledConversion(in: dir)
        conversion.waitUntilStalled()
        let live = conversion.temporaries
        let resumeState = conversion.parts + [".tfrec-resume.json"]
        #expect(live.count == 1 && resumeState.count == 6, "the conversion did not write its six shards")
        let pid = conversion.process.processIdentifier
        #expect(live.allSatisfy { $0.hasPrefix(".tfrec-tmp-\(pid).") })

        // Leftovers: an exited process (new and old name forms), and a pid now in use by a
        // process that started later than the name says (this test process).
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let gone = exited.processIdentifier
        let stale = [".tfrec-tmp-\(gone).5-0", ".tfrec-tmp-\(gone)-manifest.json", ".tfrec-tmp-\(getpid()).1-3"]
        for name in stale {
            #expect(FileManager.default.createFile(atPath: conversion.output + "/" + name, contents: Data("abc".utf8)))
        }
        #expect(FileManager.default.createFile(atPath: conversion.output + "/.tfrec-tmp-notapid", contents: Data()))
        let reasons = [
            ".tfrec-tmp-\(gone).5-0": "process \(gone) has exited",
            ".tfrec-tmp-\(gone)-manifest.json": "process \(gone) has exited",
            ".tfrec-tmp-\(getpid()).1-3": "process \(getpid()) has exited; its pid now belongs to a later process",
        ]
        let removedLines = { (verb: String) in
            stale.sorted().map { "\(verb) out/\($0) (3 bytes): \(reasons[$0]!)" }
        }

        let dry = try TFRecCLITests.tfrec("clean", "out", "--dry-run", in: dir)
        #expect(dry.status == 0)
        let dryLines = dry.stdout.split(separator: "\n").map(String.init)
        #expect(Array(dryLines.prefix(3)) == removedLines("would remove"))
        #expect(dryLines.count == 3 + resumeState.count + live.count)
        for (line, name) in zip(dryLines.dropFirst(3), resumeState) {
            #expect(line.hasPrefix("kept out/\(name) ("), "\(line)")
            #expect(line.hasSuffix(" bytes): a run is writing into the directory"), "\(line)")
        }
        for (line, name) in zip(dryLines.dropFirst(3 + resumeState.count), live) {
            #expect(line.hasPrefix("kept out/\(name) ("), "\(line)")
            #expect(line.hasSuffix(" bytes): process \(pid) is still running"), "\(line)")
        }
        #expect(dry.stderr == "tfrec: out: would remove 3 temporary files (9 bytes); kept 7 of a run in progress\n")
        #expect(conversion.temporaries == (live + stale + [".tfrec-tmp-notapid"]).sorted())

        let run = try TFRecCLITests.tfrec("clean", "out", in: dir)
        #expect(run.status == 0)
        #expect(Array(run.stdout.split(separator: "\n").map(String.init).prefix(3)) == removedLines("removed"))
        #expect(run.stderr == "tfrec: out: removed 3 temporary files (9 bytes); kept 7 of a run in progress\n")
        #expect(conversion.temporaries == (live + [".tfrec-tmp-notapid"]).sorted())

        // Killed: its files are leftovers now.
        let (status, _) = conversion.stop(SIGKILL)
        #expect(status == SIGKILL)
        let after = try TFRecCLITests.tfrec("clean", "out", in: dir)
        #expect(after.status == 0)
        let afterLines = after.stdout.split(separator: "\n").map(String.init)
        #expect(afterLines.count == resumeState.count + live.count)
        for (line, name) in zip(afterLines, resumeState) {
            #expect(line.hasPrefix("removed out/\(name) ("), "\(line)")
            #expect(line.hasSuffix(" bytes): left by an interrupted run, for resuming it"), "\(line)")
        }
        #expect(afterLines.dropFirst(resumeState.count).allSatisfy { $0.hasPrefix("removed out/.tfrec-tmp-\(pid).") })
        #expect(afterLines.dropFirst(resumeState.count).allSatisfy { $0.hasSuffix("process \(pid) has exited") })
        #expect(after.stderr.hasPrefix("tfrec: out: removed 7 temporary files ("))
        #expect(conversion.temporaries == [".tfrec-tmp-notapid"])

        let nothing = try TFRecCLITests.tfrec("clean", "out", in: dir)
        #expect(nothing.status == 0)
        #expect(nothing.stdout.isEmpty)
        #expect(nothing.stderr == "tfrec: out: no temporary files\n")
        let missing = try TFRecCLITests.tfrec("clean", "missing", in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr == "tfrec: error: missing: no such directory\n")
    }
}
