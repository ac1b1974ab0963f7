import Foundation
import Testing

#if canImport(Glibc)
import Glibc
import TFRecordTestSupport
#endif

/// Faults a conversion must survive: SIGKILL at any moment, a full disk, a read-only
/// output directory. What is promised: every file under a final shard name is complete, a
/// rerun of the same command gives the same bytes, nothing partial is left, and the input
/// is untouched.
@Suite(.serialized) struct CrashSafetyTests {
    /// The command of every run (relative paths, so that manifests of runs in different
    /// directories are identical).
    static func convertArguments(resume: Bool) -> [String] {
        ["convert", "../in.csv", "-o", "out", "--records-per-shard", "100", "--encoding", "uint8", "--overwrite",
         "--progress", "never"] + (resume ? ["--resume"] : [])
    }

    /// Regular files by name, without hidden ones (the output a user sees).
    static func visibleFiles(_ directory: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where !name.hasPrefix(".") {
            files[name] = FileManager.default.contents(atPath: directory + "/" + name)
        }
        return files
    }

    static func hiddenFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix(".") }.sorted()
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    /// The parts a killed run's journal lists, by shard index.
    static func journalParts(_ directory: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: directory + "/.tfrec-resume.json"),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let parts = json["parts"] as? [[String: Any]] else { return [] }
        return parts.compactMap { $0["file"] as? String }
    }

    /// ≥ 50 runs killed with SIGKILL at random moments (some before the first shard, some
    /// mid-way, some during or after commit), half of them rerun with `--resume`.
    @Test func sigkillAtRandomMomentsNeverLeavesAPartialShard() throws {
        let root = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try TFRecCLITests.tfrec("synth", "-o", "in.csv", "--rows", "3000", "--seed", "11", in: root).status == 0)
        let input = FileManager.default.contents(atPath: root + "/in.csv")

        // Reference outputs, one per command variant, and how long a run takes.
        var reference: [Bool: [String: Data]] = [:]
        var duration = Double.infinity
        for resume in [false, true] {
            let dir = root + "/reference-\(resume)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let started = Date()
            let run = try TFRecCLITests.tfrec(arguments: Self.convertArguments(resume: resume), in: dir)
            duration = min(duration, Date().timeIntervalSince(started))
            #expect(run.status == 0, "\(run.stderr)")
            reference[resume] = Self.visibleFiles(dir + "/out")
            #expect(reference[resume]!.count == 31)  // 30 shards + manifest
        }

        var generator = SplitMix64(seed: 20261126)
        let runs = 60
        var killedBeforeAnyShard = 0, killedWithParts = 0, killedAfterCommit = 0, resumedShards = 0
        for index in 0..<runs {
            let resume = index % 2 == 1
            // Half the runs start from an empty directory, half over the complete output of
            // the previous rerun (a kill during an --overwrite run).
            let dir = root + "/run-\(resume)" + (index % 4 < 2 ? "-\(index)" : "")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = TFRecCLITests.executable
            process.arguments = Self.convertArguments(resume: resume)
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: generator.nextUnit() * duration)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            // Whatever is under a final name is a complete shard (equal to the reference's).
            let out = dir + "/out"
            for (name, data) in Self.visibleFiles(out) {
                #expect(reference[resume]![name] == data, "run \(index): \(name) is not a complete shard")
            }
            // Shards finish in any order (several are written at once), and a kill during
            // commit leaves a journal whose first parts are already renamed; --resume keeps
            // every listed part that is still there.
            let parts = Self.journalParts(out)
            let partInodes = parts.compactMap { (name) -> (shard: Int, inode: UInt64)? in
                guard let shard = Int(name.dropFirst(".tfrec-part-".count)), let inode = Self.inode(out + "/" + name)
                else { return nil }
                return (shard, inode)
            }
            if Self.visibleFiles(out).isEmpty && parts.isEmpty { killedBeforeAnyShard += 1 }
            if !parts.isEmpty { killedWithParts += 1 }
            if Self.visibleFiles(out).count == 31 && parts.isEmpty { killedAfterCommit += 1 }

            // The same command again gives the reference output and leaves nothing hidden.
            let rerun = try TFRecCLITests.tfrec(arguments: Self.convertArguments(resume: resume), in: dir)
            #expect(rerun.status == 0, "run \(index): \(rerun.stderr)")
            #expect(Self.visibleFiles(out) == reference[resume]!, "run \(index): the rerun's output differs")
            #expect(Self.hiddenFiles(out) == [], "run \(index): left \(Self.hiddenFiles(out))")
            if resume {
                // Every part the journal listed was kept as it was, not written again.
                for (shard, inode) in partInodes {
                    let name = String(format: "file_%02d-100.tfrec", shard)
                    #expect(Self.inode(out + "/" + name) == inode, "run \(index): shard \(shard) was rewritten")
                }
                resumedShards += partInodes.count
                if !partInodes.isEmpty {
                    #expect(rerun.stderr.contains("resumed: kept \(partInodes.count) complete shard"), "\(rerun.stderr)")
                }
            }
        }
        #expect(FileManager.default.contents(atPath: root + "/in.csv") == input, "the input changed")
        #expect(killedWithParts > 0 && killedBeforeAnyShard + killedWithParts + killedAfterCommit > 0)
        print("kill test: \(runs) SIGKILLs; \(killedBeforeAnyShard) before any shard, \(killedWithParts) with complete "
              + "parts, \(killedAfterCommit) after commit; \(resumedShards) shards kept by --resume reruns")
    }

    /// Mounts a tmpfs with `options` at a new directory, runs `body`, unmounts.
    static func withTmpfs(_ options: String, _ body: (String) throws -> Void) throws {
        let mountPoint = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        let mount = try Self.run("/bin/mount", "-t", "tmpfs", "-o", options, "tfrec-test", mountPoint)
        try #require(mount == 0, "cannot mount a tmpfs (the fault tests need root or CAP_SYS_ADMIN)")
        defer { _ = try? Self.run("/bin/umount", mountPoint) }
        try body(mountPoint)
    }

    static func run(_ tool: String, _ arguments: String...) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func diskFullExitsThreeAndLeavesNothing() throws {
        let root = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try TFRecCLITests.tfrec("synth", "-o", "in.csv", "--rows", "3000", "--seed", "5", in: root).status == 0)
        let input = FileManager.default.contents(atPath: root + "/in.csv")
        // 3000 uint8 records need about 2.4 MB; the file system holds 1 MiB.
        try Self.withTmpfs("size=1m") { mountPoint in
            let run = try TFRecCLITests.tfrec("convert", root + "/in.csv", "-o", mountPoint + "/out",
                                              "--encoding", "uint8", "--records-per-shard", "500")
            #expect(run.status == 3, "\(run.stderr)")
            #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
            #expect(run.stderr.contains(mountPoint + "/out/"), "the message names the file: \(run.stderr)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: mountPoint + "/out")) ?? ["?"]
            #expect(left == [], "left behind: \(left)")
        }
        #expect(FileManager.default.contents(atPath: root + "/in.csv") == input)
    }

    @Test func readOnlyOutputExitsThree() throws {
        let root = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try TFRecCLITests.tfrec("synth", "-o", "in.csv", "--rows", "50", "--seed", "5", in: root).status == 0)
        try Self.withTmpfs("ro,size=1m") { mountPoint in
            // The output directory exists but is read-only.
            let existing = try TFRecCLITests.tfrec("convert", root + "/in.csv", "-o", mountPoint)
            #expect(existing.status == 3, "\(existing.stderr)")
            #expect(existing.stderr.contains("Read-only file system"), "\(existing.stderr)")
            // The output directory would have to be created on a read-only file system.
            let missing = try TFRecCLITests.tfrec("convert", root + "/in.csv", "-o", mountPoint + "/out")
            #expect(missing.status == 3, "\(missing.stderr)")
            #expect(missing.stderr.contains("\(mountPoint)/out: cannot create directory: Read-only file system"),
                    "\(missing.stderr)")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: mountPoint)) == [])
        }
    }
}

