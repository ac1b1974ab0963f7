import Dispatch
import TFRecord

/// Makes the framed record of image file `index` of a folder's listing: per-thread codec
/// state (decoders and encoders are not shareable).
protocol ImageRecordMaking: AnyObject {
    /// The record of file `index` and the file's size in bytes.
    func record(at index: Int) -> Result<([UInt8], Int), TFRecordError>
}

/// The files of an image folder as a ``RecordSource``: file i of the sorted listing is
/// record i.
///
/// Positional unless unreadable images are skipped (a skipped file shifts every record
/// after it, so only an ordered pass knows where a shard starts).
final class ImageFolderRecordSource: RecordSource, @unchecked Sendable {
    // Immutable after init.
    private let count: Int
    private let policy: BadRowPolicy
    private let makeWorker: @Sendable () throws(TFRecordError) -> any ImageRecordMaking

    /// - Parameters:
    ///   - count: the number of files.
    ///   - makeWorker: per-thread codec state.
    init(count: Int, policy: BadRowPolicy,
         makeWorker: @escaping @Sendable () throws(TFRecordError) -> any ImageRecordMaking) {
        self.count = count
        self.policy = policy
        self.makeWorker = makeWorker
    }

    var recordCount: Int? { count }
    var isPositional: Bool { policy == .fail }
    var inputSize: Int? { nil }

    func makeRangeEncoder() throws(TFRecordError) -> any RecordRangeEncoder {
        ImageRangeEncoder(worker: try makeWorker())
    }

    func finish() throws(TFRecordError) {}

    /// Converts batches of files on `threads` threads and writes their records in order;
    /// files that fail with bad input are left out under ``BadRowPolicy/skip``.
    func encodeAll(threads: Int, cancellation: CancellationFlag, into sink: any RecordSink)
        throws(TFRecordError) -> [TFRecordError]
    {
        let workers = Workers(try (0..<threads).map { (_) throws(TFRecordError) in try makeWorker() })
        var rejected: [TFRecordError] = []
        let batchSize = 64 * threads
        for batchStart in stride(from: 0, to: count, by: batchSize) {
            if cancellation.isCancelled { return rejected }
            let batch = batchStart..<min(batchStart + batchSize, count)
            let results = ResultSlots(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: threads) { w in
                for i in stride(from: w, to: batch.count, by: threads) {
                    results.set(i, workers.all[w].record(at: batch.lowerBound + i))
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
    private let worker: any ImageRecordMaking

    init(worker: any ImageRecordMaking) {
        self.worker = worker
    }

    func encode(_ range: Range<Int>, cancellation: CancellationFlag, into sink: any RecordSink) throws(TFRecordError) {
        for index in range {
            if cancellation.isCancelled { throw TFRecordError.interrupted(keptShards: 0) }
            let (record, size) = try worker.record(at: index).get()
            try sink.write(record: record, inputBytes: size)
        }
    }
}

/// The per-thread codec states of an ordered pass.
private final class Workers: @unchecked Sendable {
    // Worker w is used by iteration w of concurrentPerform only.
    let all: [any ImageRecordMaking]

    init(_ all: [any ImageRecordMaking]) { self.all = all }
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
