import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `tfrec convert -`: a CSV from standard input, plain or gzip-compressed, read in one pass;
/// options that need two passes refused; a producer that stops mid-row leaves nothing.
@Suite struct StandardInputCLITests {
    /// Runs `tfrec` with `input` written to its standard input through a pipe, as a producer
    /// program would (from another thread, so that a large input cannot block on a full pipe).
    static func tfrec(_ arguments: [String], input: Data, in directory: String) throws -> TFRecCLITests.Run {
        // A write to a pipe whose reader exited must fail with EPIPE, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = TFRecCLITests.executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let writer = Thread {
            // tfrec may exit before reading everything (a usage error): a write then fails, which is fine.
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return TFRecCLITests.Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                 stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `gzip -c` of `data`, with the system's gzip.
    static func gzipped(_ data: Data, in dir: String) throws -> Data {
        _ = FileManager.default.createFile(atPath: dir + "/gzip-input", contents: data)
        try InputKindCLITests.gzip(dir + "/gzip-input", to: dir + "/gzip-input.gz")
        return try Data(contentsOf: URL(fileURLWithPath: dir + "/gzip-input.gz"))
    }

    @Test func plainAndGzipStandardInputGiveTheFilesShards() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try TFRecCLITests.tfrec("synth", "-o", "s.csv", "--rows", "700", "--seed", "2", in: dir).status == 0)
        #expect(try TFRecCLITests.tfrec("convert", "s.csv", "-o", "file", "--records-per-shard", "300", in: dir).status == 0)
        let csv = try Data(contentsOf: URL(fileURLWithPath: dir + "/s.csv"))
        // Two gzip members back to back (cat a.gz b.gz) read as one stream, as gunzip does.
        let half = csv.count / 2
        let cut = csv[..<half].lastIndex(of: UInt8(ascii: "\n"))! + 1
        let twoMembers = try Self.gzipped(csv[..<cut], in: dir) + Self.gzipped(csv[cut...], in: dir)
        for (name, input) in [("plain", csv), ("gzip", try Self.gzipped(csv, in: dir)), ("members", twoMembers)] {
            let run = try Self.tfrec(["convert", "-", "-o", name, "--records-per-shard", "300", "--chunk-size", "4096"],
                                     input: input, in: dir)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(ArrayCLITests.shards(dir + "/" + name) == ArrayCLITests.shards(dir + "/file"), "\(name)")
            #expect(ArrayCLITests.shards(dir + "/" + name).count == 3)
        }
        // A size-based split is one pass too.
        let sized = try Self.tfrec(["convert", "-", "-o", "sized", "--shard-size", "1MB"], input: csv, in: dir)
        #expect(sized.status == 0, "\(sized.stderr)")
    }

    @Test func twoPassOptionsAreUsageErrors() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = Data("5,0,0,0\n3,1,2,3\n".utf8)
        let cases: [([String], String)] = [
            (["--shuffle"], "--shuffle reads the input twice and standard input (-) is read once; save it to a file and "
                + "convert that"),
            (["--shards", "2"], "--shards counts the rows before writing and standard input (-) is read once; use "
                + "--records-per-shard or --shard-size"),
        ]
        for (options, message) in cases {
            let run = try Self.tfrec(["convert", "-", "-o", "out"] + options, input: csv, in: dir)
            #expect(run.status == 2, "\(options): \(run.stderr)")
            #expect(run.stderr == "tfrec: error: \(message)\n")
        }
        let twice = try Self.tfrec(["convert", "-", "-", "-o", "out"], input: csv, in: dir)
        #expect(twice.status == 2)
        #expect(twice.stderr == "tfrec: error: standard input (-) is named more than once; it can be read only once\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func aRowCutShortIsALocatedErrorAndNothingIsCommitted() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try TFRecCLITests.tfrec("synth", "-o", "s.csv", "--rows", "400", in: dir).status == 0)
        let csv = try Data(contentsOf: URL(fileURLWithPath: dir + "/s.csv"))
        let lines = csv.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // The producer died inside row 351's (line 352, after the header) last field: the cut row
        // still has every field, so only the missing newline tells.
        let whole = lines[0..<351].reduce(0) { $0 + $1.count + 1 }
        let lastComma = lines[351].lastIndex(of: UInt8(ascii: ","))! - lines[351].startIndex
        let cut = csv.prefix(whole + lastComma + 2)
        for (name, input) in [("plain", Data(cut)), ("gzip", try Self.gzipped(Data(cut), in: dir))] {
            let run = try Self.tfrec(["convert", "-", "-o", name, "--records-per-shard", "100", "--chunk-size", "4096"],
                                     input: input, in: dir)
            #expect(run.status == 1, "\(name): \(run.stderr)")
            #expect(run.stderr == "tfrec: error: -:352:\(lastComma + 3): the input ends in the middle of a row "
                    + "(\(lastComma + 2) bytes after the last newline): the program writing to standard input may have "
                    + "stopped early; every row read from standard input must end with a newline\n", "\(name)")
            // No shard under a final name, no manifest, no temporary left behind.
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/" + name)) ?? []).isEmpty, "\(name)")
        }
        // A gzip stream cut short is located by the decompressor.
        let gz = try Self.gzipped(csv, in: dir)
        let truncated = try Self.tfrec(["convert", "-", "-o", "cut-gz"], input: gz.prefix(gz.count / 2), in: dir)
        #expect(truncated.status == 1)
        #expect(truncated.stderr.hasPrefix("tfrec: error: -: truncated gzip stream: the file ends after "), "\(truncated.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/cut-gz")) ?? []).isEmpty)
    }
}
