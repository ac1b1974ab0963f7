import Foundation
import TFRecord
import TFRecordShards

/// The shard jobs of a positional conversion, handed out in index order as the source
/// learns where they are: all at once for arrays and image folders, and for CSV as the
/// newline scan finds each shard's last row, so that the first shards are written while
/// the scan is still reading the rest of the input (one pass of the input, not two).
///
/// Thread-safe: workers call ``job(_:)``, the scan calls ``publish(rows:)`` and ``finish(rows:)``.
final class ShardJobFeed: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var rowsKnown = 0
    private var totalRows: Int?
    private var failure: TFRecordError?
    private let sharding: ShardingPolicy

    /// A feed whose records are not yet known; the source publishes them.
    init(sharding: ShardingPolicy) {
        self.sharding = sharding
    }

    /// A feed of `recordCount` records known now.
    convenience init(sharding: ShardingPolicy, recordCount: Int) {
        self.init(sharding: sharding)
        finish(rows: recordCount)
    }

    /// Whether the sharding cuts shards by record counts, so that jobs exist at all.
    static func isCountBased(_ sharding: ShardingPolicy) -> Bool {
        if case .targetBytes = sharding { false } else { true }
    }

    /// At least `rows` records exist (the scan has passed them).
    func publish(rows: Int) {
        condition.lock()
        if rows > rowsKnown {
            rowsKnown = rows
            condition.broadcast()
        }
        condition.unlock()
    }

    /// The source holds exactly `rows` records.
    func finish(rows: Int) {
        condition.lock()
        rowsKnown = rows
        totalRows = rows
        condition.broadcast()
        condition.unlock()
    }

    /// No more jobs: the source cannot give its records (the scan failed) or the run
    /// stopped; every worker waiting now or later gets `error` (the first one given).
    func fail(_ error: TFRecordError) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// Whether ``fail(_:)`` was called: a scan stops then.
    var hasFailed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return failure != nil
    }

    /// The number of records, once known.
    var recordCount: Int? {
        condition.lock()
        defer { condition.unlock() }
        return totalRows
    }

    /// Job `index`, waiting until the source knows where it ends; `nil` past the last shard.
    ///
    /// `--records-per-shard N` needs rows up to `(index + 1) × N`; `--shards` needs the total.
    ///
    /// - Throws: the source's failure (``fail(_:)``).
    func job(_ index: Int) throws(TFRecordError) -> ShardJob? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { throw failure }
            if let totalRows {
                return ShardPlan(sharding, totalRecords: totalRows).job(index, recordCount: totalRows)
            }
            if case .recordsPerShard(let perShard) = sharding, rowsKnown >= (index + 1) * perShard {
                return ShardJob(index: index, records: (index * perShard)..<((index + 1) * perShard))
            }
            condition.wait()
        }
    }
}
