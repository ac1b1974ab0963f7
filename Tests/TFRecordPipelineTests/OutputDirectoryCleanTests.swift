import Foundation
import TFRecord
import TFRecordShards
import Testing

/// Temporary file names and `OutputDirectory.clean`: leftovers of exited runs go, files of
/// running ones stay, other files are never touched.
@Suite struct OutputDirectoryCleanTests {
    /// The start time this process has in its temporary names (`/proc/self/stat` field 22).
    static var ownStartTime: UInt64? { TemporaryFileName(suffix: "x").writerStartTime }

    /// The pid of a process that has exited and been reaped.
    static func exitedPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func namesRoundTripAndOlderNamesParse() throws {
        let own = TemporaryFileName(suffix: "3")
        #expect(own.writer == getpid())
        let start = try #require(Self.ownStartTime, "no /proc/self/stat")
        #expect(own.name == ".tfrec-tmp-\(getpid()).\(start)@\(TemporaryFileName.currentHost)-3")
        #expect(TemporaryFileName(own.name) == own)
        let old = try #require(TemporaryFileName(".tfrec-tmp-4242-manifest.json"))
        #expect((old.writer, old.writerStartTime, old.suffix) == (4242, nil, "manifest.json"))
        let dotted = try #require(TemporaryFileName(".tfrec-tmp-7.99-file.tfrec"))
        #expect((dotted.writer, dotted.writerStartTime, dotted.suffix) == (7, 99, "file.tfrec"))
        let hosted = try #require(TemporaryFileName(".tfrec-tmp-7.99@node_3.example-12"))
        #expect((hosted.writer, hosted.writerStartTime, hosted.writerHost, hosted.suffix) == (7, 99, "node_3.example", "12"))
        #expect(TemporaryFileName.hostLabel("gpu-node-7.cluster") == "gpu_node_7.cluster")
        for name in [".tfrec-tmp-1.2@-3", ".tfrec-tmp-", ".tfrec-tmp-x-1", ".tfrec-tmp-12", ".tfrec-tmp-12.-1", ".tfrec-tmp-0-1",
                     ".tfrec-tmp-12.5", "file_00-3.tfrec", ".tfrec-tmp-١٢-1"] {
            #expect(TemporaryFileName(name) == nil, "\(name)")
        }
    }

    @Test func writerStatusTellsExitedRunningAndReusedPIDs() throws {
        let start = try #require(Self.ownStartTime, "no /proc/self/stat")
        #expect(TemporaryFileName(suffix: "0").writerStatus == .running)
        #expect(TemporaryFileName(".tfrec-tmp-\(getpid())-0")?.writerStatus == .running)
        #expect(TemporaryFileName(".tfrec-tmp-\(getpid()).\(start + 1)-0")?.writerStatus == .pidReused)
        let gone = try Self.exitedPID()
        #expect(TemporaryFileName(".tfrec-tmp-\(gone).\(start)-0")?.writerStatus == .exited)
        #expect(TemporaryFileName(".tfrec-tmp-\(gone)-0")?.writerStatus == .exited)
        // The parent of this process runs, and started no later than it did.
        let parent = getppid()
        #expect(TemporaryFileName(".tfrec-tmp-\(parent)-0")?.writerStatus == .running)
        #expect(TemporaryFileName(".tfrec-tmp-\(parent).\(start + 1_000_000)-0")?.writerStatus == .pidReused)
        // Another host's processes cannot be seen: its files may be in use (a task of a plan
        // on a shared file system), whatever pid they name.
        let other = TemporaryFileName(".tfrec-tmp-\(gone).\(start)@not_\(TemporaryFileName.currentHost)-0")
        #expect(other?.writerStatus == .otherHost)
        #expect(other?.writerStatus.mayBeWriting == true)
        #expect(TemporaryFileName(".tfrec-tmp-\(gone).\(start)@\(TemporaryFileName.currentHost)-0")?.writerStatus == .exited)
    }

    @Test func cleanRemovesLeftoversKeepsLiveFilesAndIgnoresOthers() throws {
        let scratch = ScratchDirectory()
        let start = try #require(Self.ownStartTime, "no /proc/self/stat")
        let gone = try Self.exitedPID()
        let live = ".tfrec-tmp-\(getpid()).\(start)-0"
        let leftovers = [
            ".tfrec-tmp-\(gone).\(start)-0", ".tfrec-tmp-\(gone)-manifest.json", ".tfrec-tmp-\(getpid()).1-2",
        ]
        let others = ["file_00-3.tfrec", ".tfrec-tmp-notapid", ".hidden", "manifest.json"]
        _ = try OutputDirectory(path: scratch.file("out"))
        for name in [live] + leftovers + others { _ = scratch.write("out/" + name, "12345") }
        let directory = try OutputDirectory(existing: scratch.file("out"))

        let dry = try directory.clean(dryRun: true)
        #expect(dry.dryRun)
        #expect(dry.removed.map(\.name) == leftovers.sorted())
        #expect(dry.removed.map(\.reason) == leftovers.sorted().map { name in
            name.contains(".1-2") ? "process \(getpid()) has exited; its pid now belongs to a later process"
                                  : "process \(gone) has exited"
        })
        #expect(dry.removed.allSatisfy { $0.bytes == 5 && $0.path == scratch.file("out/" + $0.name) })
        #expect(dry.removedBytes == 15)
        #expect(dry.kept.map(\.name) == [live])
        #expect(dry.kept.map(\.reason) == ["process \(getpid()) is still running"])
        #expect(scratch.list("out") == ([live] + leftovers + others).sorted())

        let cleaned = try directory.clean()
        #expect(cleaned.removed.map(\.name) == leftovers.sorted())
        #expect(scratch.list("out") == ([live] + others).sorted())
        #expect(try directory.removeStaleTemporaries() == [])
        #expect(try directory.clean().removed.isEmpty)
    }

    @Test func existingDirectoryIsRequired() throws {
        let scratch = ScratchDirectory()
        let missing = #expect(throws: TFRecordError.self) { try OutputDirectory(existing: scratch.file("nope")) }
        #expect(missing?.description == "\(scratch.file("nope")): no such directory")
        _ = scratch.write("file", "x")
        let file = #expect(throws: TFRecordError.self) { try OutputDirectory(existing: scratch.file("file")) }
        #expect(file?.description == "\(scratch.file("file")): not a directory")
        #expect(scratch.list("") == ["file"])
    }

    /// Small files written atomically leave no temporary behind, and a conversion sweeps
    /// the leftovers of an exited run from its output directory.
    @Test func atomicWritesAndConversionsUseTheSameRule() throws {
        let scratch = ScratchDirectory()
        let directory = try OutputDirectory(path: scratch.file("out"))
        try directory.writeAtomically(name: "notes.txt", contents: Array("hello".utf8))
        #expect(scratch.list("out") == ["notes.txt"])
        let gone = try Self.exitedPID()
        _ = scratch.write("out/.tfrec-tmp-\(gone)-0", "stale")
        _ = scratch.write("out/.tfrec-tmp-\(getpid())-9", "ours")
        let csv = scratch.write("in.csv", sampleCSV(rows: 5, pixels: 4))
        _ = try convert(csv, into: scratch.file("out")) { $0.output.overwrite = true }.get()
        #expect(scratch.list("out") == [".tfrec-tmp-\(getpid())-9", "file_00-5.tfrec", "manifest.json", "notes.txt"])
    }
}
