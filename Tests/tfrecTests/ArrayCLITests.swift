import Foundation
import Testing

/// `tfrec convert` with array inputs, as a user runs it.
@Suite struct ArrayCLITests {
    static func tfrec(_ arguments: String..., in directory: String) throws -> TFRecCLITests.Run {
        try tfrec(arguments, in: directory)
    }

    /// Runs the built `tfrec` (see ``TFRecCLITests/executable``) with an argument list.
    static func tfrec(_ arguments: [String], in directory: String) throws -> TFRecCLITests.Run {
        try TFRecCLITests.tfrec(arguments: arguments, in: directory)
    }

    static func shards(_ directory: String) -> [String: Data] {
        var shards: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".tfrec") {
            shards[name] = FileManager.default.contents(atPath: directory + "/" + name)
        }
        return shards
    }

    @Test func dumpedArraysConvertBackToTheSameShards() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.tfrec("synth", "-o", "s.csv", "--rows", "250", "--seed", "3", in: dir).status == 0)
        #expect(try Self.tfrec("convert", "s.csv", "-o", "csv", "--records-per-shard", "100", in: dir).status == 0)
        // dump --format npy writes (250, 28, 28) int64 images and 250 int64 labels.
        #expect(try Self.tfrec("dump", "csv", "--format", "npy", "-o", "x.npy", in: dir).status == 0)
        let expected = Self.shards(dir + "/csv")
        #expect(expected.count == 3)
        for (name, arguments) in [("a", ["--images", "x.npy"]), ("b", ["x.npy"]), ("c", ["--images", "[x].npy"])] {
            let run = try Self.tfrec(["convert"] + arguments + ["--labels", "x.labels.npy", "-o", name,
                                               "--records-per-shard", "100", "--progress", "never"], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("converted 250 rows into 3 shards"), "\(run.stderr)")
            #expect(Self.shards(dir + "/" + name) == expected, "\(arguments)")
        }
        // Shuffled: the same seed gives the same bytes, the default seed is 0.
        for (name, seed) in [("s1", ["--seed", "0"]), ("s2", [])] {
            let run = try Self.tfrec(["convert", "x.npy", "--labels", "x.labels.npy", "-o", name, "--shuffle",
                                               "--records-per-shard", "100"] + seed, in: dir)
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(Self.shards(dir + "/s1") == Self.shards(dir + "/s2"))
        #expect(Self.shards(dir + "/s1") != expected)
        #expect(try Self.tfrec("verify", "s1", in: dir).status == 0)
    }

    @Test func arrayUsageAndInputErrors() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.tfrec("synth", "-o", "s.csv", "--rows", "10", in: dir).status == 0)
        _ = FileManager.default.createFile(atPath: dir + "/bad.npy", contents: Data("not numpy".utf8))
        let cases: [([String], Int32, String)] = [
            (["--images", "bad.npy", "--labels", "y.npy"], 1,
             "tfrec: error: bad.npy: not a .npy file: bad magic 6e 6f 74 20 6e 75 (a .npy file starts with 93 4e 55 4d 50 59, "
                + "\\x93NUMPY)\n"),
            (["--images", "missing.npy"], 1, "tfrec: error: missing.npy: cannot open: No such file or directory\n"),
            (["--images", "nothing-*.npy"], 1, "tfrec: error: nothing-*.npy: no file matches this pattern\n"),
            (["s.csv", "--seed", "4"], 2, "--seed goes with --shuffle."),
            (["bad.npy", "--images", "bad.npy"], 2, "Give the image arrays either as arguments or with --images, not both."),
            ([], 2, "Missing expected argument '<inputs> ...'."),
        ]
        for (arguments, status, message) in cases {
            let run = try Self.tfrec(["convert"] + arguments + ["-o", "out"], in: dir)
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        let help = try Self.tfrec("convert", "--help", in: dir)
        for option in ["--images", "--labels", "--shuffle", "--seed"] { #expect(help.stdout.contains(option)) }
        #expect(help.stdout.contains("tfrec convert --images x.npy --labels y.npy -o tfrecord/ --shuffle --seed 7"))
    }
}
