#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import TFRecord

/// `.tfrec-receipts/<shard name>.json`: the proof that a task of a plan wrote a shard whole.
///
/// A task renames a shard to its final name only when it is complete and synced, then writes
/// its receipt (atomically, synced). A shard whose receipt names this plan and whose file has
/// the receipt's size is done: a retried task keeps it, `tfrec finalize` lists it in the
/// manifest. A shard without a receipt, or with one of another plan, is written again.
public struct ShardReceipt: Codable, Sendable, Equatable {
    /// The hidden directory of receipts beside the shards (removed by `finalize`).
    public static let directoryName = ".tfrec-receipts"

    public var format = "swift-tfrecord shard receipt"
    public var version = 1
    /// The id of the plan the shard belongs to.
    public var plan: String
    /// The shard's index in the plan.
    public var shard: Int
    /// What the manifest says of it: name, records, bytes, SHA-256.
    public var info: ShardInfo
    /// Who wrote it: the task index and count (when it ran as a task of several), the host
    /// and the process.
    public var task: Int?
    public var taskCount: Int?
    public var host: String
    public var pid: Int32

    /// Creates the receipt of shard `shard` of plan `plan`, written by this process.
    public init(plan: String, shard: Int, info: ShardInfo, task: Int?, taskCount: Int?) {
        self.plan = plan
        self.shard = shard
        self.info = info
        self.task = task
        self.taskCount = taskCount
        host = TemporaryFileName.currentHost
        pid = getpid()
    }

    /// The receipts directory of the output directory `directory` (created if missing).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    public static func directory(in directory: OutputDirectory) throws(TFRecordError) -> OutputDirectory {
        try OutputDirectory(path: directory.file(directoryName))
    }

    /// The receipt's file name for the shard named `shardName`.
    static func fileName(forShard shardName: String) -> String { shardName + ".json" }

    /// Writes the receipt atomically into `receipts` and syncs the directory, so that a
    /// receipt never exists without its whole shard.
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    func write(to receipts: OutputDirectory) throws(TFRecordError) {
        try receipts.writeJSON(self, name: Self.fileName(forShard: info.name), describing: "the receipt of shard \(shard)")
    }

    /// The receipt of the shard named `shardName` in `receipts`; `nil` if there is none or
    /// it does not parse (receipts are written atomically: a foreign file).
    public static func read(shard shardName: String, in receipts: OutputDirectory) -> ShardReceipt? {
        guard let data = FileManager.default.contents(atPath: receipts.file(fileName(forShard: shardName))) else {
            return nil
        }
        return try? JSONDecoder().decode(ShardReceipt.self, from: data)
    }

    /// Whether the receipt is one of plan `planID` for shard `shard`, and the shard file in
    /// `directory` (and its `.idx`) is there with the size the receipt records.
    ///
    /// - Complexity: O(1): a `stat` per file, no read. A shard is renamed into place only
    ///   when complete, so a file of the right size under the final name is that shard.
    public func confirms(plan planID: String, shard: Int, in directory: OutputDirectory) -> Bool {
        guard plan == planID, self.shard == shard else { return false }
        var status = stat()
        guard stat(directory.file(info.name), &status) == 0, Int(status.st_size) == info.bytes else { return false }
        if let index = info.index, stat(directory.file(index), &status) != 0 { return false }
        return true
    }

    /// Removes the receipts of the shards named `shardNames` from `directory`'s receipts
    /// directory, and the directory once it is empty (receipts of other plans stay).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    package static func remove(shards shardNames: [String], in directory: OutputDirectory) throws(TFRecordError) {
        let receipts = try Self.directory(in: directory)
        for name in shardNames { try receipts.remove(fileName(forShard: name)) }
        _ = rmdir(receipts.path)  // fails, harmlessly, while other files remain
    }
}
