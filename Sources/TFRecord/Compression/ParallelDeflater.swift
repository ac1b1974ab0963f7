/// Compresses a byte stream into one gzip or zlib stream on a pool of threads, with
/// output bytes that do not depend on the thread count (pigz's scheme).
///
/// The uncompressed stream is cut into fixed-size blocks. Each block is compressed on a
/// ``DeflateWorkers`` thread as raw deflate primed with the 32 KiB before it
/// (`deflateSetDictionary`) and ended with `Z_SYNC_FLUSH` (byte-aligned) — the last one
/// with `Z_FINISH`. The blocks' deflate bytes are concatenated in order between a header
/// and a trailer written here, with the per-block checksums joined by `crc32_combine` /
/// `adler32_combine`. Each block's bytes depend only on its data, the 32 KiB before it
/// and the level, so the stream is the same for any number of threads; it costs under 1%
/// of ratio against one-shot deflate at 1 MiB blocks.
///
/// Invariants:
/// - The caller's thread only copies bytes into blocks and hands finished output to
///   `sink`, in stream order; it waits for a worker only when `maxBlocksInFlight` blocks
///   are queued (memory stays bounded: about that many blocks of input and output) and in
///   ``finish()``.
/// - One thread at a time calls ``write(_:)`` and ``finish()``. After an error the
///   deflater is spent: discard it (its blocks are freed when the workers drop them).
///
/// ```swift
/// let workers = try DeflateWorkers(threads: 4)
/// let deflater = ParallelDeflater(format: .gzip, workers: workers) { bytes in try file.write(bytes) }
/// try deflater.write(data)
/// try deflater.finish()
/// ```
public final class ParallelDeflater {
    /// The default block size: large enough that the 32 KiB priming and per-block
    /// overhead are negligible, small enough to spread a 20 MB shard over threads.
    public static let defaultBlockSize = 1 << 20

    private let container: DeflateContainer
    private let workers: DeflateWorkers
    private let blockSize: Int
    private let maxBlocksInFlight: Int
    private let sink: (UnsafeRawBufferPointer) throws(TFRecordError) -> Void

    private var current: DeflateBlock?
    /// The last block handed to the workers (its tail primes the next one), and whether
    /// its output went to the sink already (then it is reused once it stops being `previous`).
    private var previous: DeflateBlock?
    private var previousWritten = false
    /// Submitted blocks, in stream order, not yet written to the sink.
    private var inFlight: [DeflateBlock] = []
    private var spare: [DeflateBlock] = []
    private var check: UInt32
    private var started = false
    private var finished = false

    /// Uncompressed bytes received so far.
    public private(set) var uncompressedCount = 0
    /// Compressed bytes handed to the sink so far (header and trailer included).
    public private(set) var compressedCount = 0

    /// Creates a deflater that hands the compressed stream to `sink`.
    ///
    /// - Parameters:
    ///   - format: `.gzip` or `.zlib`.
    ///   - workers: the threads (and level) that compress.
    ///   - blockSize: uncompressed bytes per block, at least 64 KiB.
    ///   - maxBlocksInFlight: blocks queued or compressing at most (default: one per
    ///     thread plus two, enough to keep every thread busy; each block holds about
    ///     2 × `blockSize` bytes of input and output).
    ///   - sink: receives the stream's bytes in order, on the thread calling `write`/`finish`.
    public init(format: RecordCompression, workers: DeflateWorkers, blockSize: Int = defaultBlockSize,
                maxBlocksInFlight: Int? = nil,
                sink: @escaping (UnsafeRawBufferPointer) throws(TFRecordError) -> Void) {
        precondition(format != .none, "ParallelDeflater writes gzip or zlib")
        precondition(blockSize >= 1 << 16 && blockSize <= 1 << 30, "block size must be 64 KiB...1 GiB")
        container = DeflateContainer(format: format, level: workers.level)
        self.workers = workers
        self.blockSize = blockSize
        self.maxBlocksInFlight = max(1, maxBlocksInFlight ?? workers.threads + 2)
        self.sink = sink
        check = container.initialCheck
    }

    /// Compresses `bytes` (asynchronously: the output reaches the sink later, at the
    /// latest in ``finish()``).
    ///
    /// - Throws: ``TFRecordError`` from the sink or from zlib.
    /// - Complexity: O(n) on the caller's thread for the copy.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TFRecordError) {
        precondition(!finished, "write after finish")
        try startIfNeeded()
        var rest = bytes
        while !rest.isEmpty {
            let block = current ?? takeBlock()
            current = block
            let taken = block.fill(from: rest)
            uncompressedCount += taken
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(taken))
            if block.room == 0 { try submit(block, last: false) }
        }
        try writeReadyBlocks(waitForAll: false)
    }

    /// Compresses what is left, waits for every block and writes the trailer. Call once.
    ///
    /// - Throws: ``TFRecordError`` from the sink or from zlib.
    public func finish() throws(TFRecordError) {
        precondition(!finished, "finish called twice")
        try startIfNeeded()
        // The final block may be empty (the stream ended on a block boundary): it still
        // carries the final-block bit.
        let block = current ?? takeBlock()
        try submit(block, last: true)
        try writeReadyBlocks(waitForAll: true)
        let trailer = container.trailer(check: check, length: uncompressedCount)
        try emit(trailer)
        finished = true
    }

    private func startIfNeeded() throws(TFRecordError) {
        guard !started else { return }
        started = true
        try emit(container.header)
    }

    private func takeBlock() -> DeflateBlock {
        let block = spare.popLast() ?? DeflateBlock(capacity: blockSize, container: container)
        block.reset(after: previous)
        return block
    }

    private func submit(_ block: DeflateBlock, last: Bool) throws(TFRecordError) {
        block.isLast = last
        current = nil
        if let old = previous, previousWritten { spare.append(old) }
        previous = block
        previousWritten = false
        inFlight.append(block)
        workers.queue.submit(block)
        while inFlight.count > maxBlocksInFlight {
            try writeHead(waiting: true)
        }
    }

    /// Hands the compressed bytes of finished blocks at the head of the stream to the sink.
    private func writeReadyBlocks(waitForAll: Bool) throws(TFRecordError) {
        while let head = inFlight.first, waitForAll || workers.queue.isDone(head) {
            try writeHead(waiting: true)
        }
    }

    private func writeHead(waiting: Bool) throws(TFRecordError) {
        let block = inFlight.removeFirst()
        workers.queue.waitUntilDone(block)
        if let error = block.error { throw error }
        try emit(block.compressed)
        check = container.combine(check, block.check, nextLength: block.count)
        // The previous block's tail primes the next one: it is reused only after that.
        if block === previous { previousWritten = true } else { spare.append(block) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws(TFRecordError) {
        try sink(bytes)
        compressedCount += bytes.count
    }

    private func emit(_ bytes: [UInt8]) throws(TFRecordError) {
        try rethrowingTFRecordError { try bytes.withUnsafeBytes { (raw) in try emit(raw) } }
    }
}
