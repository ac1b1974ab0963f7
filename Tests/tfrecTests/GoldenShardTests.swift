import Foundation
import Testing

/// Golden bytes of `tfrec convert`: the SHA-256 of every file it writes (shards, `.idx` files,
/// `rejected.txt`; not manifest.json, which holds the command line) for a fixed set of option
/// sets on deterministic inputs, pinned in Golden/shard-digests.json. Every option set is
/// converted at 1, 2 and 5 threads and must give exactly the pinned bytes.
///
/// Everything goes through the `tfrec` executable, not the library API, so the pins survive a
/// rewrite of the conversion engine.
///
/// To regenerate the pins (after a deliberate change of the output bytes):
///
///     TFREC_UPDATE_GOLDEN=1 swift test --filter GoldenShardTests
///
/// which converts every option set at 1, 2 and 5 threads, refuses to write digests that differ
/// between thread counts, and rewrites Golden/shard-digests.json.
@Suite struct GoldenShardTests {
    /// One `tfrec convert` command line; the test appends `-o <fresh dir> --threads N --progress never`.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var testDescription: String { name }
    }

    static let threadCounts = [1, 2, 5]
    static let appended = ["-o", "<a fresh directory>", "--threads", "<1, 2 or 5>", "--progress", "never"]

    /// The option sets. Inputs (made by `makeInputs`) are named relative to the inputs directory,
    /// the working directory of every run.
    static let cases: [Case] = [
        Case(name: "int64-bytes-default", arguments: ["convert", "sample.csv", "--records-per-shard", "250"]),
        Case(name: "uint8-records-per-shard-333",
             arguments: ["convert", "sample.csv", "--encoding", "uint8", "--records-per-shard", "333"]),
        Case(name: "int64-list",
             arguments: ["convert", "sample.csv", "--encoding", "int64-list", "--records-per-shard", "400"]),
        Case(name: "jpeg-shard-size-64K",
             arguments: ["convert", "sample.csv", "--encoding", "jpeg", "--shard-size", "64K"]),
        Case(name: "png", arguments: ["convert", "sample.csv", "--encoding", "png", "--records-per-shard", "300"]),
        Case(name: "float32-scale",
             arguments: ["convert", "sample.csv", "--encoding", "float32", "--normalize", "scale",
                         "--records-per-shard", "300"]),
        Case(name: "float-list-standardize",
             arguments: ["convert", "sample.csv", "--encoding", "float-list", "--normalize", "standardize",
                         "--mean", "33.3", "--std", "78.6", "--records-per-shard", "300"]),
        Case(name: "float32-rgb-chw-standardize",
             arguments: ["convert", "rgb.csv", "--encoding", "float32", "--layout", "chw", "--shape", "28x28x3",
                         "--normalize", "standardize", "--mean", "120,130,140", "--std", "60,65,70",
                         "--records-per-shard", "128"]),
        Case(name: "float-list-rgb-chw",
             arguments: ["convert", "rgb.csv", "--encoding", "float-list", "--layout", "chw", "--shape", "28x28x3",
                         "--records-per-shard", "128"]),
        Case(name: "jpeg-rgb-quality-90-shard-size-64KiB",
             arguments: ["convert", "rgb.csv", "--encoding", "jpeg", "--shape", "28x28x3", "--quality", "90",
                         "--shard-size", "64KiB"]),
        Case(name: "gzip", arguments: ["convert", "sample.csv", "--compression", "gzip", "--records-per-shard", "400"]),
        Case(name: "zlib-level-9",
             arguments: ["convert", "sample.csv", "--encoding", "uint8", "--compression", "zlib",
                         "--compression-level", "9", "--records-per-shard", "400"]),
        Case(name: "shuffle-seed-7-index",
             arguments: ["convert", "sample.csv", "--shuffle", "--seed", "7", "--index", "--records-per-shard", "400"]),
        Case(name: "tfds-mnist-5-shards",
             arguments: ["convert", "sample.csv", "--naming", "tfds", "--name", "mnist", "--shards", "5"]),
        Case(name: "tfds-test-split-shuffle-gzip",
             arguments: ["convert", "sample.csv", "--naming", "tfds", "--name", "synth", "--split", "test",
                         "--shards", "3", "--shuffle", "--seed", "7", "--compression", "gzip", "--encoding", "uint8"]),
        Case(name: "shard-size-1MB", arguments: ["convert", "sample.csv", "--shard-size", "1MB"]),
        Case(name: "several-csv-index",
             arguments: ["convert", "sample.csv", "extra.csv", "headed.csv", "--encoding", "uint8",
                         "--records-per-shard", "333", "--index"]),
        Case(name: "name-template-keys",
             arguments: ["convert", "sample.csv", "--name-template", "part-{shard:03}-of-{shards}.tfrec",
                         "--image-key", "pixels", "--label-key", "digit", "--encoding", "uint8",
                         "--records-per-shard", "333"]),
        Case(name: "bad-rows-skip",
             arguments: ["convert", "bad.csv", "--on-bad-row", "skip", "--encoding", "uint8",
                         "--records-per-shard", "128"]),
        Case(name: "npy-int64",
             arguments: ["convert", "--images", "x.npy", "--labels", "x.labels.npy", "--encoding", "uint8",
                         "--records-per-shard", "120"]),
        Case(name: "npy-uint8-shuffle-png",
             arguments: ["convert", "--images", "u.npy", "--labels", "u.labels.npy", "--encoding", "png",
                         "--shuffle", "--seed", "7", "--records-per-shard", "128"]),
        Case(name: "image-folder", arguments: ["convert", "imgs", "--records-per-shard", "128"]),
    ]

    // MARK: The golden file

    struct GoldenSet: Codable, Equatable, Sendable {
        var arguments: [String]
        /// File name → SHA-256 (hex) of every file in the output directory but manifest.json.
        var files: [String: String]
    }

    struct Golden: Codable, Sendable {
        var about: String
        var appended: [String]
        var threads: [Int]
        var inputCommands: [String]
        /// Input file (or "imgs/": the digest of its `sha256sum` listing) → SHA-256.
        var inputs: [String: String]
        var sets: [String: GoldenSet]
    }

    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/shard-digests.json")

    static let updating = ProcessInfo.processInfo.environment["TFREC_UPDATE_GOLDEN"].map { !$0.isEmpty && $0 != "0" } ?? false

    static let golden = Result<Golden, any Error> {
        try JSONDecoder().decode(Golden.self, from: Data(contentsOf: goldenURL))
    }

    // MARK: Inputs

    /// How the inputs are made; `makeInputs` runs these (the CSV-derived files are written by Swift code
    /// and described here).
    static let inputCommands = [
        "tfrec synth -o sample.csv --rows 1000 --seed 11",
        "tfrec synth -o extra.csv --rows 300 --seed 12",
        "headed.csv: a header line 'label,p0,…,p783', then extra.csv",
        "bad.csv: extra.csv with 3 bad rows inserted before its rows 100, 200 and 250 "
            + "('3,1,2,x'; '5,1,2'; '7', 783 zeros and 256)",
        "rgb.csv: extra.csv as 28x28x3 rows: per pixel i of value p, the values p, 255-p, (p+17i)%256",
        "tfrec convert extra.csv -o int64 --no-manifest && tfrec dump int64 --format npy -o x.npy",
        "tfrec convert extra.csv -o uint8 --encoding uint8 --no-manifest && "
            + "tfrec dump uint8 --encoding uint8 --format npy -o u.npy",
        "tfrec images extra.csv -o imgs --seed 5 --threads 1",
    ]

    static let inputFiles = ["sample.csv", "extra.csv", "headed.csv", "bad.csv", "rgb.csv",
                             "x.npy", "x.labels.npy", "u.npy", "u.labels.npy"]

    /// The inputs directory, made once per test process and removed at exit.
    static let inputs = Result<String, any Error> {
        let dir = TFRecCLITests.scratch()
        try makeInputs(in: dir)
        inputsToRemove.withLock { $0 = dir }
        atexit {
            if let dir = GoldenShardTests.inputsToRemove.withLock({ $0 }) {
                try? FileManager.default.removeItem(atPath: dir)
            }
        }
        return dir
    }

    private static let inputsToRemove = Locked<String?>(nil)

    static func makeInputs(in dir: String) throws {
        func tfrec(_ arguments: String...) throws {
            let run = try TFRecCLITests.tfrec(arguments: arguments, in: dir)
            guard run.status == 0 else { throw Failure("making inputs: tfrec \(arguments.joined(separator: " ")): \(run.stderr)") }
        }
        func write(_ name: String, _ lines: [String]) throws {
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        try tfrec("synth", "-o", "sample.csv", "--rows", "1000", "--seed", "11")
        try tfrec("synth", "-o", "extra.csv", "--rows", "300", "--seed", "12")
        let extra = try String(contentsOfFile: dir + "/extra.csv", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard extra.count == 300 else { throw Failure("extra.csv has \(extra.count) rows") }

        try write("headed.csv", [(["label"] + (0..<784).map { "p\($0)" }).joined(separator: ",")] + extra)

        let outOfRange = (["7"] + Array(repeating: "0", count: 783) + ["256"]).joined(separator: ",")
        try write("bad.csv", Array(extra[0..<100]) + ["3,1,2,x"] + Array(extra[100..<200]) + ["5,1,2"]
            + Array(extra[200..<250]) + [outOfRange] + Array(extra[250...]))

        try write("rgb.csv", extra.map { row in
            let fields = row.split(separator: ",")
            var out = [String(fields[0])]
            for (i, field) in fields.dropFirst().enumerated() {
                let p = Int(field)!
                out += [String(p), String(255 - p), String((p + 17 * i) % 256)]
            }
            return out.joined(separator: ",")
        })

        try tfrec("convert", "extra.csv", "-o", "int64", "--no-manifest", "--progress", "never")
        try tfrec("dump", "int64", "--format", "npy", "-o", "x.npy")
        try tfrec("convert", "extra.csv", "-o", "uint8", "--encoding", "uint8", "--no-manifest", "--progress", "never")
        try tfrec("dump", "uint8", "--encoding", "uint8", "--format", "npy", "-o", "u.npy")
        try tfrec("images", "extra.csv", "-o", "imgs", "--seed", "5", "--threads", "1")
    }

    static func inputDigests(in dir: String) throws -> [String: String] {
        var digests = try sha256(files: inputFiles, in: dir)
        let images = try sha256(files: listing(dir + "/imgs"), in: dir + "/imgs")
        let text = images.keys.sorted().map { "\(images[$0]!)  \($0)\n" }.joined()
        digests["imgs/"] = try sha256(data: Data(text.utf8))
        return digests
    }

    // MARK: Converting and hashing

    /// Converts with `tfrec` into a fresh directory; the digests of every file there but manifest.json.
    static func convert(_ set: Case, threads: Int) throws -> [String: String] {
        let dir = try inputs.get()
        let out = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try TFRecCLITests.tfrec(
            arguments: set.arguments + ["-o", out, "--threads", String(threads), "--progress", "never"], in: dir)
        guard run.status == 0 else {
            throw Failure("option set \(set.name), \(threads) threads: tfrec exited \(run.status): \(run.stderr)")
        }
        return try sha256(files: listing(out).filter { $0 != "manifest.json" }, in: out)
    }

    /// Every entry of a directory (hidden ones too), sorted.
    static func listing(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    /// SHA-256 with coreutils' sha256sum (Foundation has none on Linux): name → lowercase hex.
    static func sha256(files: [String], in dir: String) throws -> [String: String] {
        guard !files.isEmpty else { return [:] }
        let output = try sha256sum(arguments: ["--"] + files, directory: dir, input: nil)
        var digests: [String: String] = [:]
        for line in output.split(separator: "\n") {
            // "<64 hex>  <name>" (text mode) or "<64 hex> *<name>" (binary mode).
            let hex = String(line.prefix(64))
            var name = line.dropFirst(64)
            guard hex.count == 64, name.count >= 2 else { throw Failure("sha256sum printed '\(line)'") }
            name = name.dropFirst(2)
            digests[String(name)] = hex
        }
        guard Set(digests.keys) == Set(files) else { throw Failure("sha256sum gave \(digests.keys.sorted()) for \(files)") }
        return digests
    }

    static func sha256(data: Data) throws -> String {
        String(try sha256sum(arguments: ["-"], directory: nil, input: data).prefix(64))
    }

    static func sha256sum(arguments: [String], directory: String?, input: Data?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            // sha256sum reads all of its input before it prints anything, so writing first cannot block.
            try stdin.fileHandleForWriting.write(contentsOf: input)
            try stdin.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure("sha256sum \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: stderr, as: UTF8.self))
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: Tests

    @Test(.disabled(if: updating, "TFREC_UPDATE_GOLDEN is set: regenerating instead"), arguments: cases, threadCounts)
    func shardsAreTheGoldenBytes(_ set: Case, threads: Int) throws {
        let golden = try Self.golden.get()
        let pinned = try #require(golden.sets[set.name],
                                  "option set \(set.name) has no digests in \(Self.goldenURL.lastPathComponent); regenerate with TFREC_UPDATE_GOLDEN=1")
        try #require(pinned.arguments == set.arguments,
                     "option set \(set.name): the golden file pins \(pinned.arguments), the test runs \(set.arguments); regenerate with TFREC_UPDATE_GOLDEN=1")
        let digests = try Self.convert(set, threads: threads)
        let missing = Set(pinned.files.keys).subtracting(digests.keys).sorted()
        let extra = Set(digests.keys).subtracting(pinned.files.keys).sorted()
        #expect(missing.isEmpty && extra.isEmpty,
                "option set \(set.name), \(threads) threads: files missing \(missing), files not pinned \(extra)")
        for name in pinned.files.keys.sorted() {
            guard let digest = digests[name] else { continue }
            #expect(digest == pinned.files[name],
                    "option set \(set.name), \(threads) threads: \(name) has SHA-256 \(digest), pinned \(pinned.files[name]!)")
        }
    }

    @Test(.disabled(if: updating, "TFREC_UPDATE_GOLDEN is set: regenerating instead"))
    func goldenFileMatchesTheOptionSetsAndInputs() throws {
        let golden = try Self.golden.get()
        #expect(Set(golden.sets.keys) == Set(Self.cases.map(\.name)),
                "the golden file's option sets differ from the test's; regenerate with TFREC_UPDATE_GOLDEN=1")
        #expect(golden.sets.count >= 12)
        #expect(golden.sets.values.allSatisfy { !$0.files.isEmpty })
        #expect(golden.threads == Self.threadCounts)
        #expect(golden.inputCommands == Self.inputCommands)
        // The inputs are made by tfrec too (synth, dump, images): a change there shows here first.
        let digests = try Self.inputDigests(in: try Self.inputs.get())
        for name in golden.inputs.keys.sorted() {
            #expect(digests[name] == golden.inputs[name],
                    "input \(name) has SHA-256 \(digests[name] ?? "none"), pinned \(golden.inputs[name]!): the sample changed, not (only) the conversion")
        }
        #expect(Set(digests.keys) == Set(golden.inputs.keys))
    }

    /// `TFREC_UPDATE_GOLDEN=1 swift test --filter GoldenShardTests` rewrites Golden/shard-digests.json.
    @Test(.enabled(if: updating, "set TFREC_UPDATE_GOLDEN=1 to regenerate the golden digests"))
    func regenerateGoldenDigests() throws {
        var sets: [String: GoldenSet] = [:]
        for set in Self.cases {
            let first = try Self.convert(set, threads: Self.threadCounts[0])
            for threads in Self.threadCounts.dropFirst() {
                let other = try Self.convert(set, threads: threads)
                try #require(other == first,
                             "option set \(set.name): \(threads) threads gives other bytes than \(Self.threadCounts[0]); not pinning them")
            }
            sets[set.name] = GoldenSet(arguments: set.arguments, files: first)
        }
        let golden = Golden(
            about: "SHA-256 of every file `tfrec convert` writes (but manifest.json) per option set, at every "
                + "thread count; checked by Tests/tfrecTests/GoldenShardTests.swift, regenerated with "
                + "TFREC_UPDATE_GOLDEN=1 swift test --filter GoldenShardTests. Each run is `tfrec <arguments> "
                + "<appended>` in a directory holding the inputs. JPEG, PNG and zlib bytes also depend on the "
                + "system's libjpeg-turbo, libpng and zlib.",
            appended: Self.appended,
            threads: Self.threadCounts,
            inputCommands: Self.inputCommands,
            inputs: try Self.inputDigests(in: try Self.inputs.get()),
            sets: sets)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(at: Self.goldenURL.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try (encoder.encode(golden) + Data("\n".utf8)).write(to: Self.goldenURL, options: .atomic)
    }
}

/// A value behind a lock, for the inputs directory removed at exit.
private final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
