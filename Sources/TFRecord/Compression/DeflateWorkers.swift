import Foundation

/// A small pool of threads that compress ``DeflateBlock``s for any number of
/// ``ParallelDeflater``s (one per output file), each thread with its own zlib stream.
///
/// The threads start in `init` and end when the pool is released (`deinit` closes the
/// queue; blocks not yet started are dropped). Share one pool between the files of a run.
public final class DeflateWorkers: @unchecked Sendable {
    /// Compression threads.
    public let threads: Int
    /// The compression level 0...9 of every block.
    public let level: Int
    let queue: DeflateJobQueue

    /// Starts `threads` threads compressing at `level`.
    ///
    /// - Throws: ``TFRecordError`` `.usage` for a level outside 0...9 or fewer than one
    ///   thread, `.io` if zlib cannot allocate its state.
    public init(threads: Int, level: Int = RecordCompression.defaultLevel) throws(TFRecordError) {
        guard (0...9).contains(level) else {
            throw TFRecordError(.usage, "compression level must be 0...9, not \(level)")
        }
        guard threads >= 1 else { throw TFRecordError(.usage, "compression needs at least one thread, not \(threads)") }
        self.threads = threads
        self.level = level
        let queue = DeflateJobQueue()
        self.queue = queue
        // Compressors are made here so that a zlib failure surfaces as an error, not in a thread.
        var compressors: [DeflateBlockCompressor] = []
        for _ in 0..<threads { compressors.append(try DeflateBlockCompressor(level: level)) }
        for (number, compressor) in compressors.enumerated() {
            WorkerThread.start(named: "tfrec-deflate-\(number)") { queue.work(with: compressor) }
        }
    }

    deinit { queue.close() }
}
