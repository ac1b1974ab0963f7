import TFRecord

/// ``ParallelDeflater`` throughput in process (`tfrec bench`): the GZIP write speed of shards
/// by thread count.
enum DeflateThroughput {
    /// Compresses `data` as one GZIP stream at `level` per run, handed over in 1 MiB pieces as
    /// the shard writer does; the compressed bytes are counted, not kept.
    ///
    /// - Returns: the stage measurement and the compressed size.
    /// - Throws: ``TFRecordError`` `.usage` for a bad level or thread count.
    /// - Complexity: O(data.count × runs).
    static func measure(
        _ data: [UInt8], level: Int = RecordCompression.defaultLevel, threads: Int, timing: BestTime
    ) throws(TFRecordError) -> (result: StageBenchmark, compressedBytes: Int) {
        let workers = try DeflateWorkers(threads: threads, level: level)
        var compressed = 0
        let (seconds, runs) = try rethrowingTFRecordError {
            try data.withUnsafeBytes { raw in
                try timing.measure {
                    var count = 0
                    let deflater = ParallelDeflater(format: .gzip, workers: workers) { count += $0.count }
                    var offset = 0
                    while offset < raw.count {
                        let end = min(raw.count, offset + (1 << 20))
                        try deflater.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                        offset = end
                    }
                    try deflater.finish()
                    compressed = count
                }
            }
        }
        var result = StageBenchmark(
            stage: .deflate, engine: "zlib", detail: threads == 1 ? "1 thread, level \(level)" : "\(threads) threads, level \(level)",
            unit: .gigabytesPerSecond, bytes: data.count, seconds: seconds, runs: runs)
        result.outputBytes = compressed
        return (result, compressed)
    }
}
