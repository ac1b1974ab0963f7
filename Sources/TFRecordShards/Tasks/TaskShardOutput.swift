import Foundation
import TFRecord

/// The output of one task of a plan: whole shards written straight to their final names in
/// a directory that other tasks, on this machine or others, write into at the same time.
///
/// Unlike ``ShardedOutput`` there is no directory lock (tasks share the directory) and no
/// commit step: `tfrec finalize` checks the receipts and writes the manifest once every task
/// is done.
///
/// Invariants:
/// - A shard is written under a ``TemporaryFileName`` that holds this host and pid, synced,
///   then renamed to its final name; its ``ShardReceipt`` is written after the rename. So a
///   file under a final name is always a whole shard, and a receipt always has its shard.
/// - Two attempts of the same task may run at once (a scheduler starting a second pod for
///   an index): both write their own temporary files and rename them over one another.
///   Rename is atomic and both hold the same bytes, so each reader sees one whole shard.
/// - A killed task leaves at most temporary files (removed by `tfrec clean` on the same
///   host once the process is gone) and shards without receipts (written again by a retry).
package final class TaskShardOutput: @unchecked Sendable {
    /// The output directory and its receipts directory.
    package let directory: OutputDirectory
    private let receipts: OutputDirectory
    private let planID: String
    /// Every shard's final name, by index.
    private let names: [String]
    private let format: ShardFileFormat
    private let computeDigest: Bool
    private let task: (index: Int, count: Int)?
    private let completed = NSLock()
    private var completedCount = 0
    private var completedBytes = 0

    /// Prepares `options.directory` for the shards of one task of plan `planID`.
    ///
    /// - Parameters:
    ///   - names: every shard's final name, by index.
    ///   - task: the task's index and the task count, recorded in receipts; `nil` for a
    ///     task given by shard.
    /// - Throws: ``TFRecordError`` `.io`, `.usage` (bad options).
    package init(options: ShardOutputOptions, planID: String, names: [String], task: (index: Int, count: Int)?)
        throws(TFRecordError)
    {
        try options.validate()
        directory = try OutputDirectory(path: options.directory)
        receipts = try ShardReceipt.directory(in: directory)
        self.planID = planID
        self.names = names
        self.task = task
        format = try ShardFileFormat(options: options)
        computeDigest = options.writeManifest
        // Leftovers of a killed attempt on this host; another host's files are kept.
        try directory.removeStaleTemporaries()
    }

    /// The shards among `shards` that a receipt of this plan confirms (see
    /// ``ShardReceipt/confirms(plan:shard:in:)``): a retried task keeps them.
    package func confirmedShards(_ shards: Range<Int>) -> Set<Int> {
        Set(shards.filter { index in
            ShardReceipt.read(shard: names[index], in: receipts)?.confirms(plan: planID, shard: index, in: directory) ?? false
        })
    }

    /// Shards this task has written so far.
    package var completedShards: Int { completed.withLock { completedCount } }

    /// Bytes of the shards this task has written so far.
    package var bytesWritten: Int { completed.withLock { completedBytes } }

    /// Creates the temporary file of shard `index`. Thread-safe.
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    package func openShard(_ index: Int) throws(TFRecordError) -> ShardFile {
        try ShardWriter.openFile(shard: index, in: directory, format: format, computeDigest: computeDigest)
    }

    /// Finishes `file`, the complete shard `index` of `records` records: syncs it, renames
    /// it (and its `.idx`) to the final name and writes its receipt. Thread-safe.
    ///
    /// - Throws: ``TFRecordError`` `.io`; the temporary file is then removed.
    package func closeShard(_ index: Int, file: ShardFile, records: Int) throws(TFRecordError) {
        let closed: ShardFile.Closed
        do { closed = try file.close() } catch {
            file.discard()
            throw error
        }
        let name = names[index]
        var indexName: String?
        if let indexPath = file.indexPath {
            indexName = RecordIndexLines.fileName(forRecordFile: name)
            try directory.rename(path: indexPath, to: indexName!)
        }
        try directory.rename(path: file.path, to: name)
        try directory.sync()
        let info = ShardInfo(name: name, records: records, bytes: closed.bytes, sha256: closed.sha256,
                             uncompressedBytes: file.isCompressed ? closed.uncompressedBytes : nil, index: indexName)
        try ShardReceipt(plan: planID, shard: index, info: info, task: task?.index, taskCount: task?.count)
            .write(to: receipts)
        completed.withLock {
            completedCount += 1
            completedBytes += closed.bytes
        }
    }
}
