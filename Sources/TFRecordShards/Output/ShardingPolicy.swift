import TFRecord

/// How records are split into shards: `--records-per-shard`, `--shards` or `--shard-size`.
public enum ShardingPolicy: Sendable, Equatable, CustomStringConvertible {
    /// Every shard holds this many records; the last holds the rest.
    case recordsPerShard(Int)
    /// This many shards (fewer if there are fewer records: no shard is empty), their
    /// sizes differing by at most one record, the larger ones first — the split TFDS
    /// makes. Needs the record count before the first record is written.
    case shardCount(Int)
    /// Shards of about this many bytes of framed records: a shard is closed before the
    /// record that would take it past the target, so every shard stays within it except
    /// one that holds a single larger record. For compressed output the bytes are those
    /// before compression, so that the split does not depend on the compressor.
    case targetBytes(Int)

    /// Whether ``ShardPlan`` needs the total record count.
    public var needsRecordCount: Bool {
        if case .shardCount = self { true } else { false }
    }

    /// Checks the policy's number.
    ///
    /// - Throws: ``TFRecordError`` `.usage`.
    public func validate() throws(TFRecordError) {
        switch self {
        case .recordsPerShard(let n) where n < 1: throw TFRecordError(.usage, "\(setting: .recordsPerShard) must be at least 1")
        case .shardCount(let n) where n < 1: throw TFRecordError(.usage, "\(setting: .shardCount) must be at least 1")
        case .targetBytes(let n) where n < 1: throw TFRecordError(.usage, "\(setting: .shardSize) must be at least 1 byte")
        default: return
        }
    }

    public var description: String {
        switch self {
        case .recordsPerShard(let n): "\(counted(n, "record")) per shard"
        case .shardCount(let n): counted(n, "shard")
        case .targetBytes(let n): "shards of at most \(ByteSize.format(n))"
        }
    }
}

/// A ``ShardingPolicy`` applied to a known (or unknown) number of records: where each
/// shard ends.
package struct ShardPlan: Sendable {
    private enum Rule: Sendable {
        case capacity(base: Int, extra: Int)  // shard k holds base + (k < extra ? 1 : 0)
        case bytes(Int)
    }

    private let rule: Rule

    /// The plan for `policy`; `totalRecords` is required by ``ShardingPolicy/shardCount(_:)``.
    package init(_ policy: ShardingPolicy, totalRecords: Int?) {
        switch policy {
        case .recordsPerShard(let n):
            rule = .capacity(base: n, extra: 0)
        case .shardCount(let n):
            precondition(totalRecords != nil, "a shard count needs the record count")
            let total = totalRecords!
            let shards = max(1, min(n, total))
            rule = .capacity(base: max(1, total / shards), extra: total >= shards ? total % shards : 0)
        case .targetBytes(let bytes):
            rule = .bytes(bytes)
        }
    }

    /// Whether a shard holding `records` records of `bytes` bytes (shard index `shard`)
    /// must be closed before a record of `nextSize` bytes.
    @inline(__always)
    func isFull(shard: Int, records: Int, bytes: Int, nextSize: Int) -> Bool {
        switch rule {
        case .capacity(let base, let extra): records >= base + (shard < extra ? 1 : 0)
        case .bytes(let target): records > 0 && bytes + nextSize > target
        }
    }

    /// The first record of shard `shard` when shards are cut by counts (`nil`: by size).
    ///
    /// - Complexity: O(1).
    package func firstRecord(ofShard shard: Int) -> Int? {
        guard case .capacity(let base, let extra) = rule else { return nil }
        return shard * base + min(shard, extra)
    }

    /// The records shard `shard` may still take after `records` (`nil`: decided by size).
    @inline(__always)
    package func room(shard: Int, records: Int) -> Int? {
        switch rule {
        case .capacity(let base, let extra): base + (shard < extra ? 1 : 0) - records
        case .bytes: nil
        }
    }
}
