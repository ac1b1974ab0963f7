import Foundation
import Testing

/// What every command shares: `--progress` and `--threads` on the commands that run long
/// (the output is the same for any thread count, with or without the progress line),
/// counts with nouns in the right number, `tfrec --help` grouped by task, and the committed
/// completions and man page matching the binary's help.
@Suite struct ConsistencyCLITests {
    typealias CLI = TFRecCLITests

    /// A scratch directory with `sample.csv` (`rows` rows) converted into `shards/` (shards of 40).
    func prepared(rows: Int = 150) throws -> String {
        let dir = CLI.scratch()
        try CLI.tfrec("synth", "-o", "sample.csv", "--rows", String(rows), "--seed", "3", in: dir)
        let convert = try CLI.tfrec("convert", "sample.csv", "-o", "shards", "--records-per-shard", "40",
                                    "--progress", "never", in: dir)
        #expect(convert.status == 0, "\(convert.stderr)")
        return dir
    }

    /// Every file under `path` by relative name, with its bytes.
    func files(_ path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[name] = FileManager.default.contents(atPath: path + "/" + name)
            }
        }
        return result
    }

    /// stderr without the progress line's carriage returns and erase sequences.
    func withoutProgress(_ stderr: String) -> String {
        stderr.replacingOccurrences(of: "\r\u{1B}[K", with: "")
    }

    /// Runs `arguments` at 1 thread without progress and at 4 threads with it (writing into
    /// `a/` and `b/`), and returns both runs.
    func runBothWays(_ arguments: [String], in dir: String, threads: Bool = true) throws -> (CLI.Run, CLI.Run) {
        func run(_ out: String, _ extra: [String]) throws -> CLI.Run {
            try CLI.tfrec(arguments: arguments.map { $0.replacingOccurrences(of: "OUT", with: out) } + extra, in: dir)
        }
        let one = try run("a", (threads ? ["--threads", "1"] : []) + ["--progress", "never"])
        let many = try run("b", (threads ? ["--threads", "4"] : []) + ["--progress", "always"])
        #expect(many.stderr.contains("\r\u{1B}[K"), "\(arguments[0]) --progress always drew no line")
        #expect(!one.stderr.contains("\u{1B}"))
        return (one, many)
    }

    @Test func imagesGivesTheSameFilesAtAnyThreadCountWithProgress() throws {
        let dir = try prepared()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (one, many) = try runBothWays(["images", "sample.csv", "-o", "OUT", "--seed", "4", "--format", "png"], in: dir)
        #expect(one.status == 0 && many.status == 0)
        #expect(try files(dir + "/a") == files(dir + "/b"))
        #expect(try files(dir + "/a").count == 150)
        #expect(one.stderr.contains("wrote 150 PNG images (28x28x1, "), "\(one.stderr)")
        #expect(withoutProgress(many.stderr).contains("wrote 150 PNG images (28x28x1, "), "\(many.stderr)")
    }

    @Test func verifyReportsTheSameAtAnyThreadCountWithProgress() throws {
        let dir = try prepared()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (one, many) = try runBothWays(["verify", "shards"], in: dir)
        #expect(one.status == 0 && many.status == 0)
        #expect(one.stdout == many.stdout)
        #expect(one.stdout.contains("total (4 files)"))
    }

    @Test func indexWritesTheSameFilesAtAnyThreadCountWithProgress() throws {
        let dir = try prepared()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: dir + "/shards", toPath: dir + "/a")
        try FileManager.default.copyItem(atPath: dir + "/shards", toPath: dir + "/b")
        // A corrupt file among them: reported in file order, the others indexed anyway.
        let bad = dir + "/bad.tfrec"
        FileManager.default.createFile(atPath: bad, contents: Data([1, 2, 3]))
        let (one, many) = try runBothWays(["index", "OUT", bad], in: dir)
        #expect(one.status == 1 && many.status == 1)
        #expect(one.stdout.replacingOccurrences(of: "a/", with: "b/") == many.stdout)
        #expect(withoutProgress(many.stderr) == one.stderr)
        #expect(try files(dir + "/a") == files(dir + "/b"))
        #expect(try files(dir + "/a").keys.filter { $0.hasSuffix(".idx") }.count == 4)
        #expect(one.stdout.contains("file_03-30.tfrec.idx\t30 records"))
    }

    @Test(arguments: ["csv", "jsonl", "npy"])
    func dumpWritesTheSameAtAnyThreadCountWithProgress(_ format: String) throws {
        let dir = try prepared(rows: 5000)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (one, many) = try runBothWays(["dump", "shards", "--format", format, "-o", "OUT.\(format)"], in: dir)
        #expect(one.status == 0 && many.status == 0)
        #expect(FileManager.default.contents(atPath: dir + "/a.\(format)")
                == FileManager.default.contents(atPath: dir + "/b.\(format)"))
        if format == "csv" {
            #expect(FileManager.default.contents(atPath: dir + "/a.csv") == FileManager.default.contents(atPath: dir + "/sample.csv"))
            // To standard output as well.
            let toStdout = try CLI.tfrec("dump", "shards", "--threads", "3", in: dir)
            #expect(Data(toStdout.stdout.utf8) == FileManager.default.contents(atPath: dir + "/sample.csv"))
        }
    }

    @Test func dumpReportsTheFirstBadRecordAtAnyThreadCount() throws {
        let dir = try prepared(rows: 300)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A second directory of records of another size: one .npy array cannot hold both.
        try CLI.tfrec("synth", "-o", "small.csv", "--rows", "3", "--seed", "4", in: dir)
        try CLI.tfrec("convert", "small.csv", "-o", "uint8", "--encoding", "uint8", "--progress", "never", in: dir)
        let one = try CLI.tfrec("dump", "shards", "uint8", "--format", "npy", "-o", "a.npy", "--threads", "1", in: dir)
        let many = try CLI.tfrec("dump", "shards", "uint8", "--format", "npy", "-o", "b.npy", "--threads", "5", in: dir)
        #expect(one.status == 1 && many.status == 1)
        #expect(one.stderr == many.stderr)
        #expect(one.stderr.contains("file_00-3.tfrec: record 0 at byte offset 0"), "\(one.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/a.npy"))
    }

    @Test func salvageWritesTheSameWithProgress() throws {
        let dir = try prepared()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = try #require(FileManager.default.contents(atPath: dir + "/shards/file_00-40.tfrec"))
        bytes[300] ^= 0xFF
        FileManager.default.createFile(atPath: dir + "/damaged.tfrec", contents: bytes)
        let (one, many) = try runBothWays(["salvage", "damaged.tfrec", "-o", "OUT.tfrec"], in: dir, threads: false)
        #expect(one.status == 1 && many.status == 1)
        #expect(FileManager.default.contents(atPath: dir + "/a.tfrec") == FileManager.default.contents(atPath: dir + "/b.tfrec"))
        #expect(withoutProgress(many.stderr).replacingOccurrences(of: "b.tfrec", with: "a.tfrec") == one.stderr)
        #expect(one.stderr.contains("kept 39 records"))
        #expect(one.stderr.contains("1 damaged region ("))
        let help = try CLI.tfrec("salvage", "--help")
        #expect(help.stdout.contains("--progress"))
        #expect(!help.stdout.contains("--threads <"))
        #expect(help.stdout.contains("Salvage has no --threads"))
    }

    @Test func threadsMustBePositive() throws {
        for command in ["images", "verify", "index", "dump"] {
            let run = try CLI.tfrec(command, "x", "-o", "y", "--threads", "0")
            #expect(run.status == 2, "\(command)")
            #expect(run.stderr.contains("--threads must be at least 1"), "\(command): \(run.stderr)")
        }
    }

    @Test func oneOfAnythingIsSingular() throws {
        let dir = CLI.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let synth = try CLI.tfrec("synth", "-o", "one.csv", "--rows", "1", in: dir)
        #expect(synth.stderr.contains("wrote 1 row to one.csv"), "\(synth.stderr)")
        let convert = try CLI.tfrec("convert", "one.csv", "-o", "out", "--threads", "1", "--progress", "never", in: dir)
        #expect(convert.stderr.contains("converted 1 row into 1 shard ("), "\(convert.stderr)")
        #expect(convert.stderr.contains("[engine") && convert.stderr.contains(", 1 thread]"))
        let verify = try CLI.tfrec("verify", "out", in: dir)
        #expect(verify.stdout.contains("total (1 file)"), "\(verify.stdout)")
        let index = try CLI.tfrec("index", "out", in: dir)
        #expect(index.stdout.hasSuffix("\t1 record\n"), "\(index.stdout)")
        let dump = try CLI.tfrec("dump", "out", "-o", "back.csv", in: dir)
        #expect(dump.stderr.contains("wrote 1 record to back.csv"), "\(dump.stderr)")
        let images = try CLI.tfrec("images", "one.csv", "-o", "imgs", in: dir)
        #expect(images.stderr.contains("wrote 1 JPEG image ("), "\(images.stderr)")
        let inspect = try CLI.tfrec("inspect", "out", in: dir)
        #expect(inspect.stdout.contains("1 record in 1 file"), "\(inspect.stdout)")
        let salvage = try CLI.tfrec("salvage", "out/file_00-1.tfrec", "-o", "copy.tfrec", in: dir)
        #expect(salvage.stderr.contains("kept 1 record ("), "\(salvage.stderr)")
        for run in [synth, convert, verify, index, dump, images, inspect, salvage] {
            for wrong in [" 1 rows", " 1 shards", " 1 files", " 1 records", " 1 images", "(s)"] {
                #expect(!(run.stdout + run.stderr).contains(wrong), "\(run.stdout)\(run.stderr)")
            }
        }
    }

    /// Every subcommand the binary shows (from its own help dump) is listed under a group.
    @Test func helpGroupsEveryCommandByTask() throws {
        let dump = try CLI.tfrec("--experimental-dump-help")
        let json = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        let subcommands = try #require((json?["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
        // `help` is argument parser's own, named in the help's last line.
        let shown = subcommands.filter { $0["shouldDisplay"] as? Bool ?? true }.compactMap { $0["commandName"] as? String }
            .filter { $0 != "help" }
        #expect(shown.count >= 14)
        let help = try CLI.tfrec("--help").stdout
        let groups = ["CONVERT SUBCOMMANDS:", "SCALE OUT SUBCOMMANDS:", "CHECK & REPAIR SUBCOMMANDS:", "INSPECT SUBCOMMANDS:", "MACHINE SUBCOMMANDS:"]
        for group in groups { #expect(help.contains(group), "\(group) missing from tfrec --help") }
        let firstGroup = try #require(help.range(of: groups[0]))
        for command in shown {
            let listed = help[firstGroup.lowerBound...].contains("\n  \(command) ")
            #expect(listed, "\(command) is not listed under a group of tfrec --help")
        }
        #expect(!help.contains("\nSUBCOMMANDS:"), "a subcommand outside the groups")
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The committed completions and man page are what scripts/generate-docs makes of this binary.
    @Test(arguments: ["bash", "zsh", "fish"])
    func committedCompletionsAreCurrent(_ shell: String) throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("completions/tfrec.\(shell)"), encoding: .utf8)
        let generated = try CLI.tfrec("--generate-completion-script", shell)
        #expect(generated.status == 0)
        #expect(committed == generated.stdout, "completions/tfrec.\(shell) is stale: run scripts/generate-docs")
    }

    @Test func committedManPageIsCurrent() throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/man/tfrec.1"), encoding: .utf8)
        let marker = ".\\\" help-sha256: "
        let line = try #require(page.split(separator: "\n").first { $0.hasPrefix(marker) })
        let recorded = line.dropFirst(marker.count).prefix(64)
        let help = try CLI.tfrec("--experimental-dump-help")
        #expect(try String(recorded) == sha256(Data(help.stdout.utf8)), "docs/man/tfrec.1 is stale: run scripts/generate-docs")
        for command in ["convert", "verify", "salvage", "index", "dump", "images"] {
            #expect(page.contains(".It Em \(command)"), "\(command) missing from the man page")
        }
    }

    /// SHA-256 as hex, by `sha256sum` (coreutils).
    func sha256(_ data: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"]
        let input = Pipe(), output = Pipe()
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
