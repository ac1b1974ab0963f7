import Foundation
import Testing

/// The `tfrec` executable as a user runs it: help text, exit codes and messages.
@Suite struct TFRecCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `tfrec` beside the test bundle.
    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // xctest bundles are directories on some platforms; walk up to the products folder.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("tfrec").path) && dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("tfrec")
    }()

    @discardableResult
    static func tfrec(_ arguments: String..., in directory: String? = nil) throws -> Run {
        try tfrec(arguments: arguments, in: directory)
    }

    @discardableResult
    static func tfrec(arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func scratch() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tfrec-cli-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func helpListsTheSubcommandsAndExitCodes() throws {
        let run = try Self.tfrec("--help")
        #expect(run.status == 0)
        for command in ["convert", "verify", "salvage", "clean", "inspect", "dump", "synth"] {
            #expect(run.stdout.contains(command))
        }
        #expect(run.stdout.contains("1 bad input"))
        let convert = try Self.tfrec("convert", "--help")
        for option in ["--records-per-shard", "--name-template", "--encoding", "--image-key", "--label-key",
                       "--label-column", "--header", "--overwrite", "--threads", "--engine", "--no-manifest",
                       "--progress", "--shards", "--shard-size", "--naming", "--name", "--split", "--resume"] {
            #expect(convert.stdout.contains(option), "convert --help lacks \(option)")
        }
        #expect(convert.stdout.contains("tfrec convert mnist_train_small.csv -o tfrecord/"))
    }

    @Test func usageErrorsExitTwo() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try Self.tfrec("convert", "x.csv")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Missing expected argument '--output <output>'"))
        let badEncoding = try Self.tfrec("convert", "x.csv", "-o", dir, "--encoding", "jpegx")
        #expect(badEncoding.status == 2)
        let badTemplate = try Self.tfrec("convert", "x.csv", "-o", dir, "--name-template", "data.tfrec")
        #expect(badTemplate.status == 2)
        let zero = try Self.tfrec("convert", "x.csv", "-o", dir, "--records-per-shard", "0")
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--records-per-shard must be at least 1."))
        let two = try Self.tfrec("convert", "x.csv", "-o", dir, "--shards", "3", "--records-per-shard", "5")
        #expect(two.status == 2)
        #expect(two.stderr.contains("Give one of --records-per-shard, --shards and --shard-size."))
        let size = try Self.tfrec("convert", "x.csv", "-o", dir, "--shard-size", "12 parsecs")
        #expect(size.status == 2)
        #expect(size.stderr.contains("--shard-size: '12 parsecs' is not a size; use e.g. 256MiB, 1GB, 64K or a number of bytes"))
        let tfds = try Self.tfrec("convert", "x.csv", "-o", dir, "--naming", "tfds")
        #expect(tfds.status == 2)
        #expect(tfds.stderr.contains("--naming tfds needs --name, e.g. --name mnist."))
    }

    @Test func convertVerifyInspectDumpRoundTrip() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.tfrec("synth", "-o", "s.csv", "--rows", "250", "--seed", "3", in: dir).status == 0)
        let convert = try Self.tfrec("convert", "s.csv", "-o", "out", "--records-per-shard", "100", "--progress", "never", in: dir)
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(convert.stderr.contains("converted 250 rows into 3 shards"))
        let verify = try Self.tfrec("verify", "out", in: dir)
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("out/file_02-50.tfrec"))
        #expect(verify.stdout.contains("total (3 files)"))
        let inspect = try Self.tfrec("inspect", "out", in: dir)
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("250 records in 3 files"))
        #expect(inspect.stdout.contains("label histogram (label):"))
        let dump = try Self.tfrec("dump", "out", "-o", "back.csv", in: dir)
        #expect(dump.status == 0)
        #expect(FileManager.default.contents(atPath: dir + "/back.csv") == FileManager.default.contents(atPath: dir + "/s.csv"))
        // Same command again: refused without --overwrite.
        let again = try Self.tfrec("convert", "s.csv", "-o", "out", in: dir)
        #expect(again.status == 2)
        #expect(again.stderr.contains("pass --overwrite"))
    }

    @Test func badInputExitsOneWithLocation() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/bad.csv", contents: Data("1,2,3\n4,5,x\n".utf8))
        let run = try Self.tfrec("convert", "bad.csv", "-o", "out", in: dir)
        #expect(run.status == 1)
        #expect(run.stderr == "tfrec: error: bad.csv:2:5: expected a digit, found 'x'\n")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir + "/out")) == [])
        let missing = try Self.tfrec("convert", "nope.csv", "-o", "out", in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.csv: cannot open: No such file or directory"))
    }

    @Test func verifyExitsOneNamingTheBadRecord() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/d.csv", contents: Data("1,2,3\n4,5,6\n7,8,9\n".utf8))
        #expect(try Self.tfrec("convert", "d.csv", "-o", "out", "--encoding", "uint8", in: dir).status == 0)
        let shard = dir + "/out/file_00-3.tfrec"
        var bytes = [UInt8](FileManager.default.contents(atPath: shard)!)
        let recordSize = bytes.count / 3
        bytes[2 * recordSize + 14] ^= 0xFF
        FileManager.default.createFile(atPath: shard, contents: Data(bytes))
        let run = try Self.tfrec("verify", "out", in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("out/file_00-3.tfrec: record 2 at byte offset \(2 * recordSize): data CRC mismatch"))
        #expect(run.stdout.contains("FAILED"))
    }
}

/// Interrupting a conversion: exit 130, no shard under a final name, no temporary left;
/// the complete shards are kept under part names for `--resume`.
@Suite struct InterruptTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedConversionLeavesNothing(signal number: Int32) throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The run is mid-way, with complete shards under part names, when the signal arrives.
        let conversion = try StalledConversion(in: dir)
        #expect(conversion.parts.count >= 2, "no shard was complete")
        let (status, stderr) = conversion.stop(number)
        #expect(status == 130)
        #expect(stderr.contains("interrupted; no shard was written under its final name; rerun with --resume"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/out")) ?? []
        #expect(left.contains(".tfrec-resume.json"))
        #expect(left.allSatisfy { $0 == ".tfrec-resume.json" || $0.hasPrefix(".tfrec-part-") }, "\(left)")
    }
}
