import TFRecord

/// Where a source's encoded records go: the file of one shard (a positional conversion) or
/// the ordered ``ShardWriter`` that cuts one stream into shards (a sequential one).
protocol RecordSink: AnyObject {
    /// Takes consecutive framed records.
    ///
    /// A shard's own file (a positional conversion) also takes a record in parts, one too
    /// large to hold (see ``ChunkEncoder/streamSingleRow(_:through:write:)`` and
    /// ``ChunkEncoder/streamRow(from:before:blockSize:origin:through:write:read:)``): bytes after
    /// the last end, or all of them when `ends` is empty, begin a record that a later call
    /// ends. The ordered ``ShardWriter``, which cuts shards between records, never gets one.
    ///
    /// - Parameters:
    ///   - records: the records' bytes, back to back.
    ///   - ends: the end offset of each record in `records`, ascending; the last one is
    ///     `records.count` (but for a record in parts, see above).
    ///   - inputBytes: input bytes these records were made from, for progress.
    /// - Throws: ``TFRecordError`` `.io`, or ``ShardJobRunner``'s stop signal.
    func write(records: UnsafeRawBufferPointer, ends: ArraySlice<Int>, inputBytes: Int) throws(TFRecordError)
}

extension RecordSink {
    /// Writes the records of an encoded chunk.
    func write(_ chunk: EncodedChunk) throws(TFRecordError) {
        try rethrowingTFRecordError {
            try chunk.records.withUnsafeBytes { raw in
                try write(records: raw, ends: chunk.ends[...], inputBytes: chunk.inputBytes)
            }
        }
    }

    /// Writes one framed record.
    func write(record: [UInt8], inputBytes: Int) throws(TFRecordError) {
        try rethrowingTFRecordError {
            try record.withUnsafeBytes { raw in try write(records: raw, ends: [raw.count], inputBytes: inputBytes) }
        }
    }
}
