import Dispatch
import TFRecord
import TFRecordSources

/// The files of an image folder as a ``RecordSource``: file i of the sorted listing is
/// record i.
///
/// Positional unless unreadable images are skipped (a skipped file shifts every record
/// after it, so only an ordered pass knows where a shard starts).
final class ImageFolderRecordSource: RecordSource, @unchecked Sendable {
    // Immutable after init.
    private let entries: [ImageFolderListing.Entry]
    private let policy: BadRowPolicy
    private let makeWorker: @Sendable () throws(TFRecordError) -> ImageFolderConversion.Worker

    /// - Parameter makeWorker: per-thread codec state.
    init(entries: [ImageFolderListing.Entry], policy: BadRowPolicy,
         makeWorker: @escaping @Sendable () throws(TFRecordError) -> ImageFolderConversion.Worker) {
        self.entries = entries
        self.policy = policy
        self.makeWorker = makeWorker
    }

    var recordCount: Int? { entries.count }
    var isPositional: Bool { policy == .fail }
    var inputSize: Int? { nil }

    func makeRangeEncoder() throws(TFRecordError) -> any RecordRangeEncoder {
        ImageRangeEncoder(entries: entries, worker: try makeWorker())
    }

    func finish() throws(TFRecordError) {}

    /// Decodes batches of files on `threads` threads and writes their records in order;
    /// files that fail with bad input are left out under ``BadRowPolicy/skip``.
    func encodeAll(threads: Int, cancellation: CancellationFlag, into sink: any RecordSink)
        throws(TFRecordError) -> [TFRecordError]
    {
        let workers = try (0..<threads).map { (_) throws(TFRecordError) in try makeWorker() }
        var rejected: [TFRecordError] = []
        let batchSize = 64 * threads
        for batchStart in stride(from: 0, to: entries.count, by: batchSize) {
            if cancellation.isCancelled { return rejected }
            let batch = Array(entries[batchStart..<min(batchStart + batchSize, entries.count)])
            let results = ResultSlots(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: threads) { w in
                for i in stride(from: w, to: batch.count, by: threads) {
                    results.set(i, workers[w].record(for: batch[i]))
                }
            }
            for result in results.values {
                switch result {
                case .success(let (record, size)):
                    try sink.write(record: record, inputBytes: size)
                case .failure(let error):
                    guard policy == .skip, error.code == .badInput else { throw error }
                    rejected.append(error)
                }
            }
        }
        return rejected
    }
}

/// Converts ranges of image files: one per worker thread of a positional conversion.
private final class ImageRangeEncoder: RecordRangeEncoder {
    private let entries: [ImageFolderListing.Entry]
    private let worker: ImageFolderConversion.Worker

    init(entries: [ImageFolderListing.Entry], worker: ImageFolderConversion.Worker) {
        self.entries = entries
        self.worker = worker
    }

    func encode(_ range: Range<Int>, cancellation: CancellationFlag, into sink: any RecordSink) throws(TFRecordError) {
        for entry in entries[range] {
            if cancellation.isCancelled { throw TFRecordError.interrupted(keptShards: 0) }
            let (record, size) = try worker.record(for: entry).get()
            try sink.write(record: record, inputBytes: size)
        }
    }
}

/// Results of one batch, written by index from several threads.
private final class ResultSlots: @unchecked Sendable {
    // Each index is written by exactly one thread, and read only after all are done.
    private(set) var values: [Result<([UInt8], Int), TFRecordError>]

    init(count: Int) {
        values = Array(repeating: .failure(TFRecordError(.io, "not processed")), count: count)
    }

    func set(_ index: Int, _ value: Result<([UInt8], Int), TFRecordError>) {
        values[index] = value
    }
}
