import Foundation
import Testing

/// `tfrec convert` with several inputs, a quoted pattern, `--shuffle --seed`, and an input
/// that changes under it.
@Suite struct ConvertInputsCLITests {
    static func shards(_ directory: String) -> [String: Data] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".tfrec") }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, FileManager.default.contents(atPath: directory + "/" + $0)!) })
    }

    /// `s.csv` (250 synthetic rows) and the same rows split into part-1.csv, part-2.csv, part-3.csv.
    static func inputs(in dir: String) throws {
        #expect(try TFRecCLITests.tfrec("synth", "-o", "s.csv", "--rows", "250", "--seed", "3", in: dir).status == 0)
        let lines = String(decoding: FileManager.default.contents(atPath: dir + "/s.csv")!, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for (part, range) in [(1, 0..<100), (2, 100..<101), (3, 101..<250)] {
            #expect(FileManager.default.createFile(atPath: dir + "/part-\(part).csv",
                                                   contents: Data((lines[range].joined(separator: "\n") + "\n").utf8)))
        }
    }

    @Test func severalInputsAndAQuotedPatternGiveTheRowsInOrder() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.inputs(in: dir)
        let one = try TFRecCLITests.tfrec("convert", "s.csv", "-o", "one", "--records-per-shard", "60", in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        let listed = try TFRecCLITests.tfrec("convert", "part-1.csv", "part-2.csv", "part-3.csv", "-o", "listed",
                                             "--records-per-shard", "60", in: dir)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stderr.contains("converted 250 rows into 5 shards"))
        let pattern = try TFRecCLITests.tfrec("convert", "part-*.csv", "-o", "pattern", "--records-per-shard", "60", in: dir)
        #expect(pattern.status == 0, "\(pattern.stderr)")
        let expected = Self.shards(dir + "/one")
        #expect(expected.count == 5)
        #expect(Self.shards(dir + "/listed") == expected)
        #expect(Self.shards(dir + "/pattern") == expected)
        let manifest = String(decoding: FileManager.default.contents(atPath: dir + "/pattern/manifest.json")!, as: UTF8.self)
        #expect(manifest.contains("\"sources\" : [\n    \"part-1.csv\",\n    \"part-2.csv\",\n    \"part-3.csv\"\n  ]"))

        let none = try TFRecCLITests.tfrec("convert", "nothing-*.csv", "-o", "none", in: dir)
        #expect(none.status == 1)
        #expect(none.stderr == "tfrec: error: nothing-*.csv: no file matches this pattern\n")
        #expect(FileManager.default.createFile(atPath: dir + "/narrow.csv", contents: Data("1,2,3\n".utf8)))
        let mixed = try TFRecCLITests.tfrec("convert", "part-1.csv", "narrow.csv", "-o", "mixed", in: dir)
        #expect(mixed.status == 1)
        #expect(mixed.stderr == "tfrec: error: narrow.csv:1: rows have 3 fields, but those of part-1.csv have 785; "
            + "every input needs the same layout\n")
    }

    @Test func shuffleIsReproducibleWithSeedZeroByDefault() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.inputs(in: dir)
        let plain = try TFRecCLITests.tfrec("convert", "s.csv", "-o", "plain", "--shuffle", in: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("tfrec: note: records shuffled with seed 0\n"))
        let zero = try TFRecCLITests.tfrec("convert", "part-*.csv", "-o", "zero", "--shuffle", "--seed", "0", "--threads", "1",
                                           in: dir)
        #expect(zero.status == 0, "\(zero.stderr)")
        let seven = try TFRecCLITests.tfrec("convert", "s.csv", "-o", "seven", "--shuffle", "--seed", "7", in: dir)
        #expect(seven.status == 0, "\(seven.stderr)")
        let ordered = try TFRecCLITests.tfrec("convert", "s.csv", "-o", "ordered", in: dir)
        #expect(ordered.status == 0)
        let first = Self.shards(dir + "/plain")
        #expect(first.count == 1)
        #expect(Self.shards(dir + "/zero") == first)
        #expect(Self.shards(dir + "/seven") != first)
        #expect(Self.shards(dir + "/ordered") != first)
        #expect(Self.shards(dir + "/ordered").values.first?.count == first.values.first?.count)
        let manifest = String(decoding: FileManager.default.contents(atPath: dir + "/seven/manifest.json")!, as: UTF8.self)
        #expect(manifest.contains("\"shuffleSeed\" : 7"))
        // The dump of a shuffled run holds the same rows.
        #expect(try TFRecCLITests.tfrec("dump", "seven", "-o", "back.csv", in: dir).status == 0)
        let rows = { (name: String) in
            String(decoding: FileManager.default.contents(atPath: dir + "/" + name)!, as: UTF8.self).split(separator: "\n").sorted()
        }
        #expect(rows("back.csv") == rows("s.csv"))

        let seedAlone = try TFRecCLITests.tfrec("convert", "s.csv", "-o", "x", "--seed", "3", in: dir)
        #expect(seedAlone.status == 2)
        #expect(seedAlone.stderr.contains("--seed goes with --shuffle."))
        let help = try TFRecCLITests.tfrec("convert", "--help")
        #expect(help.stdout.contains("--shuffle") && help.stdout.contains("--seed <seed>"))
        #expect(help.stdout.contains("tfrec convert 'data/part-*.csv' -o tfrecord/ --shuffle --seed 7"))
    }

    /// The file offset of `pid`'s descriptor open on the file with inode `inode`, if any.
    static func readPosition(pid: Int32, inode: UInt64) -> Int? {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        for fd in fds {
            var info = stat()
            guard stat("/proc/\(pid)/fd/\(fd)", &info) == 0, UInt64(info.st_ino) == inode,
                  let text = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8),
                  let line = text.split(separator: "\n").first(where: { $0.hasPrefix("pos:") })
            else { continue }
            return Int(line.dropFirst(4).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The run is stopped (SIGSTOP) while its reader is inside the file — checked from the
    /// descriptor's offset in /proc, not assumed from timing — and the file grows by a row
    /// before it goes on. The reader has not reached the end yet, so what it reads differs
    /// from the file it opened.
    @Test func inputChangedWhileReadingExitsOneAndWritesNothing() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let row = Array(("3" + String(repeating: ",0", count: 783) + ",255\n").utf8)
        let input = dir + "/in.csv"
        #expect(FileManager.default.createFile(atPath: input, contents: Data(Array(repeating: row, count: 3000).joined())))
        var info = stat()
        #expect(stat(input, &info) == 0)
        let size = Int(info.st_size)

        let process = Process()
        process.executableURL = TFRecCLITests.executable
        process.arguments = ["convert", input, "-o", dir + "/out", "--threads", "1", "--chunk-size", "16384",
                             "--progress", "never"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        var position: Int?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && process.isRunning {
            if let found = Self.readPosition(pid: process.processIdentifier, inode: UInt64(info.st_ino)), found > 0 {
                kill(process.processIdentifier, SIGSTOP)
                position = Self.readPosition(pid: process.processIdentifier, inode: UInt64(info.st_ino))
                break
            }
            usleep(200)
        }
        let handle = FileHandle(forWritingAtPath: input)!
        handle.seekToEndOfFile()
        handle.write(Data(row))
        handle.closeFile()
        kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stoppedAt = try #require(position, "the run was not caught reading its input")
        #expect(stoppedAt < size, "the reader had reached the end before it was stopped")
        #expect(process.terminationStatus == 1)
        #expect(stderr.hasPrefix("tfrec: error: \(input): input changed while being read (size \(size) → \(size + row.count) bytes, "
            + "\(size + row.count) bytes read of \(size)"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir + "/out")) == [])
    }
}
