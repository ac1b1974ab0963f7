import Foundation
import Testing

/// `tfrec plan`, `convert --plan`, `finalize` and `status` through the executable: the shards
/// of a plan's tasks are the pinned bytes of a one-machine run (Golden/shard-digests.json),
/// whatever the task count; retried tasks keep what is confirmed; bad plans write nothing.
@Suite struct PlanCLITests {
    typealias Run = TFRecCLITests.Run
    typealias Failure = GoldenShardTests.Failure

    static func tfrec(_ arguments: [String], in directory: String) throws -> Run {
        try TFRecCLITests.tfrec(arguments: arguments, in: directory)
    }

    /// The golden option sets a plan can take: shards cut by count, no skipped rows.
    static let plannable = GoldenShardTests.cases.filter { set in
        !set.arguments.contains("--shard-size") && !set.arguments.contains("skip")
    }

    /// Plans `set` into a fresh directory, runs `tasks` tasks (each with `threads` threads),
    /// finalizes, and returns the directory.
    static func runPlanned(_ arguments: [String], tasks: Int, threads: Int, in inputs: String) throws -> String {
        let out = TFRecCLITests.scratch()
        let plan = try tfrec(["plan"] + arguments.dropFirst() + ["-o", out, "--progress", "never"], in: inputs)
        guard plan.status == 0 else { throw Failure("plan exited \(plan.status): \(plan.stderr)") }
        for task in 0..<tasks {
            // From another directory: tasks find the inputs through the plan, not their cwd.
            let run = try tfrec(["convert", "--plan", out + "/plan.json", "--task-index", String(task), "--task-count",
                                 String(tasks), "--threads", String(threads), "--progress", "never"], in: "/")
            guard run.status == 0 else { throw Failure("task \(task) of \(tasks) exited \(run.status): \(run.stderr)") }
        }
        let finalize = try tfrec(["finalize", out], in: "/")
        guard finalize.status == 0 else { throw Failure("finalize exited \(finalize.status): \(finalize.stderr)") }
        return out
    }

    @Test(arguments: plannable)
    func tasksWriteThePinnedBytesOfOneMachine(_ set: GoldenShardTests.Case) throws {
        let golden = try #require(try GoldenShardTests.golden.get().sets[set.name])
        let inputs = try GoldenShardTests.inputs.get()
        // Task counts that do and do not divide the shard count, and more tasks than shards;
        // one per option set, in turn, to keep the suite short.
        let configurations = [(1, 2), (2, 2), (3, 1), (5, 1), (7, 1)]
        let turn = Self.plannable.firstIndex { $0.name == set.name }!
        for (tasks, threads) in [configurations[turn % configurations.count]] {
            let out = try Self.runPlanned(set.arguments, tasks: tasks, threads: threads, in: inputs)
            defer { try? FileManager.default.removeItem(atPath: out) }
            let files = try GoldenShardTests.listing(out).filter { $0 != "manifest.json" && $0 != "plan.json" }
            let digests = try GoldenShardTests.sha256(files: files, in: out)
            // finalize writes no TFDS metadata yet (dataset_info.json, features.json of --naming tfds).
            let pinned = golden.files.filter { !["dataset_info.json", "features.json"].contains($0.key) }
            #expect(digests == pinned, "\(set.name) as \(tasks) tasks")
        }
    }

    @Test func finalizedManifestEqualsOneMachinesButForTheCommand() throws {
        let inputs = try GoldenShardTests.inputs.get()
        for arguments in [["convert", "sample.csv", "extra.csv", "--records-per-shard", "333", "--shuffle", "--seed", "3"],
                          ["convert", "--images", "u.npy", "--labels", "u.labels.npy", "--shards", "4", "--compression", "gzip"],
                          ["convert", "imgs", "--records-per-shard", "100", "--encoding", "png"]] {
            let planned = try Self.runPlanned(arguments, tasks: 2, threads: 1, in: inputs)
            let local = TFRecCLITests.scratch()
            defer { for dir in [planned, local] { try? FileManager.default.removeItem(atPath: dir) } }
            let run = try Self.tfrec(arguments + ["-o", local, "--progress", "never"], in: inputs)
            #expect(run.status == 0, "\(run.stderr)")
            /// The manifest without "command", as canonical JSON.
            func manifest(_ dir: String) throws -> String {
                let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
                var fields = try #require(object as? [String: Any])
                #expect(fields.removeValue(forKey: "command") != nil)
                return String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
            }
            #expect(try manifest(planned) == manifest(local), "\(arguments)")
            let command = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: planned + "/manifest.json"))) as? [String: Any])["command"] as? [String]
            #expect(command?.dropFirst().first == "convert", "the manifest records the one-machine command")
            #expect(!FileManager.default.fileExists(atPath: planned + "/.tfrec-receipts"), "finalize removes the receipts")
        }
    }

    @Test func aRetriedTaskKeepsConfirmedShardsAndRewritesTheRest() throws {
        let inputs = try GoldenShardTests.inputs.get()
        let out = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try Self.tfrec(["plan", "sample.csv", "-o", out, "--records-per-shard", "100"], in: inputs).status == 0)
        let task = ["convert", "--plan", out + "/plan.json", "--task-index", "0", "--task-count", "2", "--progress", "never"]
        #expect(try Self.tfrec(task, in: inputs).status == 0)
        // One shard truncated (as if another writer lost its disk), one receipt lost: both are written again.
        let truncated = out + "/file_01-100.tfrec"
        let handle = try #require(FileHandle(forWritingAtPath: truncated))
        try handle.truncate(atOffset: 10)
        try handle.close()
        try FileManager.default.removeItem(atPath: out + "/.tfrec-receipts/file_03-100.tfrec.json")
        let again = try Self.tfrec(task, in: inputs)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("kept 3 shards an earlier attempt completed"), "\(again.stderr)")
        #expect(try Self.tfrec(["convert", "--plan", out + "/plan.json", "--task-index", "1", "--task-count", "2"],
                               in: inputs).status == 0)
        #expect(try Self.tfrec(["finalize", out], in: inputs).status == 0)
        let verify = try Self.tfrec(["verify", out], in: inputs)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let golden = try #require(try GoldenShardTests.golden.get().sets["int64-bytes-default"])
        let local = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: local) }
        #expect(try Self.tfrec(["convert", "sample.csv", "-o", local, "--records-per-shard", "100"], in: inputs).status == 0)
        for name in try GoldenShardTests.listing(local) where name.hasSuffix(".tfrec") {
            #expect(FileManager.default.contentsEqual(atPath: local + "/" + name, andPath: out + "/" + name), "\(name)")
        }
        _ = golden
    }

    @Test func finalizeListsMissingShardsWithTheirTasksAndWritesNothing() throws {
        let inputs = try GoldenShardTests.inputs.get()
        let out = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try Self.tfrec(["plan", "sample.csv", "-o", out, "--shards", "6"], in: inputs).status == 0)
        #expect(try Self.tfrec(["convert", "--plan", out + "/plan.json", "--task-index", "1", "--task-count", "3"],
                               in: inputs).status == 0)
        let status = try Self.tfrec(["status", out], in: inputs)
        #expect(status.status == 0)
        #expect(status.stdout.contains("task 0: shards 0-1: 0 done; missing: 0, 1"), "\(status.stdout)")
        #expect(status.stdout.contains("task 1: shards 2-3: 2 done"), "\(status.stdout)")
        #expect(status.stdout.contains("2 of 6 shards done"), "\(status.stdout)")
        let finalize = try Self.tfrec(["finalize", out], in: inputs)
        #expect(finalize.status == 1)
        #expect(finalize.stderr.contains("4 of 6 shards of the plan are not written"), "\(finalize.stderr)")
        #expect(finalize.stderr.contains("task 0 of 3: shards 0, 1"), "\(finalize.stderr)")
        #expect(finalize.stderr.contains("task 2 of 3: shards 4, 5"), "\(finalize.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/manifest.json"))
        // --shard writes one shard; then finalize names only the rest.
        for shard in ["0", "1", "4"] {
            #expect(try Self.tfrec(["convert", "--plan", out + "/plan.json", "--shard", shard], in: inputs).status == 0)
        }
        let still = try Self.tfrec(["finalize", out, "--task-count", "3"], in: inputs)
        #expect(still.status == 1)
        #expect(still.stderr.contains("task 2 of 3: shard 5"), "\(still.stderr)")
        // A file under a shard's name without a receipt of this plan is not taken for the shard.
        try FileManager.default.copyItem(atPath: out + "/" + "file_00-167.tfrec", toPath: out + "/file_05-166.tfrec")
        let foreign = try Self.tfrec(["status", out, "--task-count", "3"], in: inputs)
        #expect(foreign.stdout.contains("task 2: shards 4-5: 1 done; without a receipt of this plan: 5"), "\(foreign.stdout)")
        #expect(try Self.tfrec(["finalize", out], in: inputs).status == 1)
        #expect(try Self.tfrec(["convert", "--plan", out + "/plan.json", "--shard", "5"], in: inputs).status == 0)
        #expect(try Self.tfrec(["finalize", out], in: inputs).status == 0)
        // A one-machine run into the directory replaces the plan with its shards.
        #expect(try Self.tfrec(["convert", "sample.csv", "-o", out, "--overwrite"], in: inputs).status == 0)
        #expect(!FileManager.default.fileExists(atPath: out + "/plan.json"))
    }

    @Test func badPlansAndTasksFailClearlyAndWriteNothing() throws {
        let inputs = try GoldenShardTests.inputs.get()
        let scratch = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.copyItem(atPath: inputs + "/extra.csv", toPath: scratch + "/in.csv")
        let out = scratch + "/out"
        #expect(try Self.tfrec(["plan", "in.csv", "-o", out, "--records-per-shard", "100"], in: scratch).status == 0)
        let plan = out + "/plan.json"

        // What cannot be planned: usage errors (exit 2).
        for arguments in [["plan", "in.csv", "-o", scratch + "/a", "--shard-size", "1MB"],
                          ["plan", "in.csv", "-o", scratch + "/b", "--on-bad-row", "skip"],
                          ["plan", "in.csv", "-o", out, "--records-per-shard", "50"]] {
            let run = try Self.tfrec(arguments, in: scratch)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
        }
        // Task options that do not fit.
        for arguments in [["convert", "--plan", plan, "--task-index", "3", "--task-count", "3"],
                          ["convert", "--plan", plan, "--task-index", "1"],
                          ["convert", "--plan", plan, "--shard", "9"],
                          ["convert", "--plan", plan, "in.csv"],
                          ["convert", "in.csv", "-o", scratch + "/c", "--task-index", "0", "--task-count", "2"]] {
            let run = try Self.tfrec(arguments, in: scratch)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
        }
        let auto = try Self.tfrec(["convert", "--plan", plan, "--task-index", "auto"], in: scratch)
        #expect(auto.status == 2)
        #expect(auto.stderr.contains("SLURM_ARRAY_TASK_ID") && auto.stderr.contains("PARALLEL_SEQ"), "\(auto.stderr)")

        // An input changed since planning: exit 1, nothing written.
        let appended = try #require(FileHandle(forWritingAtPath: scratch + "/in.csv"))
        try appended.seekToEnd()
        try appended.write(contentsOf: Data("1\n".utf8))
        try appended.close()
        let changed = try Self.tfrec(["convert", "--plan", plan], in: scratch)
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("in.csv") && changed.stderr.contains("since planning"), "\(changed.stderr)")
        #expect(try GoldenShardTests.listing(out) == ["plan.json"])

        // An edited plan.
        var text = try String(contentsOfFile: plan, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"records\" : 300", with: "\"records\" : 299")
        try text.write(toFile: plan, atomically: true, encoding: .utf8)
        let edited = try Self.tfrec(["convert", "--plan", plan], in: scratch)
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("edited"), "\(edited.stderr)")
    }

    @Test func autoTaskIndexReadsTheSchedulersEnvironment() throws {
        let inputs = try GoldenShardTests.inputs.get()
        let out = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try Self.tfrec(["plan", "sample.csv", "-o", out, "--shards", "4"], in: inputs).status == 0)
        // GNU parallel numbers jobs from 1; Slurm arrays may start anywhere.
        let runs: [([String: String], [String])] = [
            (["PARALLEL_SEQ": "1"], ["--task-count", "2"]),
            (["SLURM_ARRAY_TASK_ID": "11", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "2"], []),
        ]
        for (environment, extra) in runs {
            let process = Process()
            process.executableURL = TFRecCLITests.executable
            process.arguments = ["convert", "--plan", out + "/plan.json", "--task-index", "auto", "--progress", "never"] + extra
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM") } .merging(environment) { $1 }
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(environment)")
        }
        let finalize = try Self.tfrec(["finalize", out], in: inputs)
        #expect(finalize.status == 0, "\(finalize.stderr)")
    }
}
