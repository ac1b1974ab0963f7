import Foundation
import Testing

/// `convert --compression/--index`, the read commands' `--compression`, and `tfrec index`.
@Suite struct CompressionAndIndexCLITests {
    typealias CLI = TFRecCLITests

    static func contents(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    @Test func helpListsTheOptions() throws {
        let convert = try CLI.tfrec("convert", "--help")
        for option in ["--compression <compression>", "--compression-level", "--index"] {
            #expect(convert.stdout.contains(option), "convert --help lacks \(option)")
        }
        for command in ["verify", "inspect", "preview", "dump"] {
            let help = try CLI.tfrec(command, "--help")
            #expect(help.stdout.contains("--compression <compression>"), "\(command) --help lacks --compression")
        }
        let index = try CLI.tfrec("index", "--help")
        #expect(index.status == 0)
        #expect(index.stdout.contains("tfrec index tfrecord/"))
        #expect(try CLI.tfrec("--help").stdout.contains("index"))
    }

    @Test func compressedShardsConvertVerifyInspectAndDumpBack() throws {
        let dir = CLI.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CLI.tfrec("synth", "-o", "s.csv", "--rows", "250", "--seed", "3", in: dir).status == 0)
        for format in ["gzip", "zlib"] {
            let convert = try CLI.tfrec("convert", "s.csv", "-o", format, "--records-per-shard", "100", "--progress", "never",
                                        "--compression", format, "--compression-level", "9", in: dir)
            #expect(convert.status == 0, "\(convert.stderr)")
            #expect(convert.stderr.contains("compressed from"))
            let verify = try CLI.tfrec("verify", format, in: dir)
            #expect(verify.status == 0 && verify.stdout.hasSuffix("ok\n"), "\(verify.stdout)\(verify.stderr)")
            #expect(try CLI.tfrec("verify", format, "--compression", format, in: dir).status == 0)
            let inspect = try CLI.tfrec("inspect", format, in: dir)
            #expect(inspect.status == 0 && inspect.stdout.contains("250"), "\(inspect.stdout)")
            let dump = try CLI.tfrec("dump", format, "-o", "back-\(format).csv", in: dir)
            #expect(dump.status == 0, "\(dump.stderr)")
            #expect(Self.contents(dir + "/back-\(format).csv") == Self.contents(dir + "/s.csv"))
            let preview = try CLI.tfrec("preview", format, "-o", "sheet.png", "--count", "4", in: dir)
            #expect(preview.status == 0, "\(preview.stderr)")
            // An explicit --compression overrides detection: read as plain, the first header is corrupt.
            let wrong = try CLI.tfrec("dump", format, "--compression", "none", in: dir)
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("\(format)/file_00-100.tfrec: record 0 at byte offset 0: length CRC mismatch"))
        }
        let manifest = String(decoding: Self.contents(dir + "/gzip/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"compression\" : \"gzip\""))
    }

    @Test func aCorruptCompressedShardExitsOneNamingIt() throws {
        let dir = CLI.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CLI.tfrec("synth", "-o", "s.csv", "--rows", "50", "--seed", "3", in: dir).status == 0)
        #expect(try CLI.tfrec("convert", "s.csv", "-o", "out", "--compression", "gzip", "--progress", "never", in: dir).status == 0)
        let shard = dir + "/out/file_00-50.tfrec"
        let good = Self.contents(shard)
        FileManager.default.createFile(atPath: shard, contents: Data(good[..<(good.count - 3)]))
        let run = try CLI.tfrec("verify", "out", in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("out/file_00-50.tfrec: record "), "\(run.stderr)")
        #expect(run.stderr.contains("truncated gzip stream: the file ends after \(good.count - 3) bytes"), "\(run.stderr)")
    }

    @Test func indexOptionsAndUsageErrors() throws {
        let dir = CLI.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CLI.tfrec("synth", "-o", "s.csv", "--rows", "120", "--seed", "3", in: dir).status == 0)
        let both = try CLI.tfrec("convert", "s.csv", "-o", "out", "--index", "--compression", "zlib", in: dir)
        #expect(both.status == 2)
        #expect(both.stderr.contains("--index cannot go with --compression zlib"))
        let level = try CLI.tfrec("convert", "s.csv", "-o", "out", "--compression-level", "10", in: dir)
        #expect(level.status == 2)
        #expect(level.stderr.contains("--compression-level must be between 0 and 9."))
        #expect(try CLI.tfrec("convert", "s.csv", "-o", "out", "--compression", "lz4", in: dir).status == 2)
        #expect(try CLI.tfrec("verify", "out", "--compression", "lz4", in: dir).status == 2)

        let convert = try CLI.tfrec("convert", "s.csv", "-o", "out", "--records-per-shard", "50", "--index",
                                    "--progress", "never", in: dir)
        #expect(convert.status == 0, "\(convert.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted()
        #expect(names == ["file_00-50.tfrec", "file_00-50.tfrec.idx", "file_01-50.tfrec", "file_01-50.tfrec.idx",
                          "file_02-20.tfrec", "file_02-20.tfrec.idx", "manifest.json"])
        #expect(try CLI.tfrec("verify", "out", in: dir).status == 0)

        // tfrec index rebuilds the same files.
        try FileManager.default.createDirectory(atPath: dir + "/copy", withIntermediateDirectories: true)
        for name in names where name.hasSuffix(".tfrec") {
            try FileManager.default.copyItem(atPath: dir + "/out/" + name, toPath: dir + "/copy/" + name)
        }
        let index = try CLI.tfrec("index", "copy", in: dir)
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.contains("copy/file_00-50.tfrec.idx\t50 records"))
        for name in names where name.hasSuffix(".idx") {
            #expect(Self.contents(dir + "/copy/" + name) == Self.contents(dir + "/out/" + name), "\(name)")
        }
    }

    @Test func indexExitsOneOnACorruptRecordAndTwoOnACompressedFile() throws {
        let dir = CLI.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/d.csv", contents: Data("1,2,3\n4,5,6\n7,8,9\n".utf8))
        #expect(try CLI.tfrec("convert", "d.csv", "-o", "out", "--encoding", "uint8", in: dir).status == 0)
        #expect(try CLI.tfrec("convert", "d.csv", "-o", "gz", "--encoding", "uint8", "--compression", "gzip", in: dir).status == 0)
        let shard = dir + "/out/file_00-3.tfrec"
        var bytes = Self.contents(shard)
        let recordSize = bytes.count / 3
        bytes[recordSize + 14] ^= 0xFF
        FileManager.default.createFile(atPath: shard, contents: Data(bytes))
        let corrupt = try CLI.tfrec("index", "out/file_00-3.tfrec", in: dir)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("tfrec: error: out/file_00-3.tfrec: record 1 at byte offset \(recordSize): data CRC mismatch"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == ["file_00-3.tfrec", "manifest.json"])

        let compressed = try CLI.tfrec("index", "gz", in: dir)
        #expect(compressed.status == 2)
        #expect(compressed.stderr.contains("gz/file_00-3.tfrec: is gzip-compressed; .idx files index"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/gz").sorted() == ["file_00-3.tfrec", "manifest.json"])
    }
}
