import TFRecord

/// Measures ``ParallelDeflater`` throughput in process, for `scripts/bench`
/// (`tfrec bench-deflate`): the GZIP/ZLIB write speed of shards by thread count.
public enum DeflateThroughput {
    /// The result of one measurement.
    public struct Result: Sendable {
        /// Uncompressed bytes per second, in MB/s (10^6 B/s), best of the repeats.
        public var megabytesPerSecond: Double
        /// The compressed size of the input.
        public var compressedBytes: Int
    }

    /// The best of `repeats` timings of compressing `data` as one stream, handed over in
    /// 1 MiB pieces as the shard writer does; the compressed bytes are counted, not kept.
    ///
    /// - Throws: ``TFRecordError`` `.usage` for a bad level or thread count.
    /// - Complexity: O(data.count × repeats).
    public static func measure(_ data: [UInt8], format: RecordCompression, level: Int = RecordCompression.defaultLevel,
                               threads: Int, repeats: Int) throws(TFRecordError) -> Result {
        let workers = try DeflateWorkers(threads: threads, level: level)
        var best = Duration.seconds(1_000_000)
        var compressed = 0
        try rethrowingTFRecordError {
            try data.withUnsafeBytes { raw in
                for _ in 0..<max(1, repeats) {
                    let start = ContinuousClock.now
                    var count = 0
                    let deflater = ParallelDeflater(format: format, workers: workers) { count += $0.count }
                    var offset = 0
                    while offset < raw.count {
                        let end = min(raw.count, offset + (1 << 20))
                        try deflater.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                        offset = end
                    }
                    try deflater.finish()
                    best = min(best, ContinuousClock.now - start)
                    compressed = count
                }
            }
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        return Result(megabytesPerSecond: Double(data.count) / max(seconds, 1e-12) / 1e6, compressedBytes: compressed)
    }
}
