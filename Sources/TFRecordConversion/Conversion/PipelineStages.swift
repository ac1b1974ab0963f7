import Dispatch
import Foundation
import TFRecord
import TFRecordSources

/// A unit of pipeline input that knows its position in the input (0, 1, 2, …).
protocol PipelineChunk: Sendable {
    var index: Int { get }
}

extension CSVChunk: PipelineChunk {}
extension ArrayChunk: PipelineChunk {}

/// The CSV pipeline: chunks from a ``CSVChunkReader``.
typealias PipelineStages<Output: Sendable> = ChunkPipelineStages<CSVChunk, Output>

/// The threads of a pipeline: one reader cutting the input into chunks, `threads`
/// workers turning each chunk into an `Output`, and the bound on chunks in flight. The
/// consumer (the writer, on the caller's thread) takes results in chunk order from
/// ``results`` and calls ``chunkWritten()`` after each.
///
/// Used by the conversion (CSV chunks → framed records), the image export (CSV chunks →
/// image files' bytes) and the array conversion (row ranges → framed records).
final class ChunkPipelineStages<Input: PipelineChunk, Output: Sendable>: @unchecked Sendable {
    /// A worker's job: one chunk in, its output (or an error to report in order) out.
    typealias Work = (Input) -> Result<Output, TFRecordError>

    /// Outputs (or errors) by chunk index.
    let results = ReorderBuffer<Result<Output, TFRecordError>>()

    // `nextChunk` is called only by the reader thread; the rest is thread-safe or immutable.
    private let nextChunk: () throws(TFRecordError) -> Input?
    private let threads: Int
    private let maxInFlight: Int
    private let makeWorker: @Sendable () throws(TFRecordError) -> Work
    private let cancellation: CancellationFlag
    private let work = WorkQueue<Input>()
    private let slots: DispatchSemaphore
    private let workers = DispatchGroup()
    private let readerDone = DispatchGroup()
    private let stopped = CancellationFlag()

    convenience init(reader: CSVChunkReader, threads: Int, maxInFlight: Int,
                     makeWorker: @escaping @Sendable () throws(TFRecordError) -> Work,
                     cancellation: CancellationFlag) where Input == CSVChunk {
        self.init(next: reader.next, threads: threads, maxInFlight: maxInFlight, makeWorker: makeWorker,
                  cancellation: cancellation)
    }

    /// - Parameter next: the next chunk, `nil` at the end; called on the reader thread only.
    init(next: @escaping () throws(TFRecordError) -> Input?, threads: Int, maxInFlight: Int,
         makeWorker: @escaping @Sendable () throws(TFRecordError) -> Work,
         cancellation: CancellationFlag) {
        self.nextChunk = next
        self.threads = threads
        self.maxInFlight = maxInFlight
        self.makeWorker = makeWorker
        self.cancellation = cancellation
        self.slots = DispatchSemaphore(value: maxInFlight)
    }

    /// Starts the reader and the workers.
    func start() {
        spawn(name: "tfrec-reader", in: readerDone) { $0.readLoop() }
        for i in 0..<threads {
            spawn(name: "tfrec-worker-\(i)", in: workers) { $0.workLoop() }
        }
    }

    /// Frees the slot of a chunk that the consumer has written.
    func chunkWritten() { slots.signal() }

    /// The consumer's loop: takes every chunk's output in chunk order, hands it to `body`
    /// on the caller's thread and then frees its slot; stops at the first failure (which it
    /// throws), when `body` returns `false`, or when `cancellation` is set.
    ///
    /// - Throws: the first ``TFRecordError`` in chunk order, of a worker or of `body`.
    func forEachInOrder(cancellation: CancellationFlag, _ body: (Output) throws(TFRecordError) -> Bool)
        throws(TFRecordError)
    {
        var index = 0
        while let result = results.take(index, poll: { !cancellation.isCancelled }) {
            switch result {
            case .success(let output): guard try body(output) else { return }
            case .failure(let error): throw error
            }
            chunkWritten()
            index += 1
        }
    }

    /// Stops all threads (after success or failure) and waits for them.
    ///
    /// A reader blocked in `read(2)` on a pipe that delivers nothing more cannot be woken;
    /// after a failed or cancelled run it is left to finish on its own rather than hanging
    /// the caller. (After a successful run the reader has already finished.)
    func stop() {
        stopped.cancel()
        work.close(discard: true)
        // Wake a reader blocked on a full pipeline so that it sees `stopped`.
        for _ in 0...maxInFlight { slots.signal() }
        workers.wait()
        _ = readerDone.wait(timeout: .now() + .seconds(1))
    }

    private var shouldStop: Bool { stopped.isCancelled || cancellation.isCancelled }

    private func readLoop() {
        var count = 0
        defer {
            results.finish(count: count)
            work.close()
        }
        while true {
            slots.wait()
            if shouldStop { return }
            do {
                guard let chunk = try nextChunk() else { return }
                work.push(chunk)
                count += 1
            } catch {
                results.put(.failure(error), at: count)
                count += 1
                return
            }
        }
    }

    private func workLoop() {
        let process: Work
        do { process = try makeWorker() } catch {
            // Cannot happen once the same encoder was made on the caller's thread, except
            // for resource exhaustion; report it in order like any other failure.
            while let chunk = work.pop() { results.put(.failure(error), at: chunk.index) }
            return
        }
        while let chunk = work.pop() {
            if shouldStop { return }
            results.put(process(chunk), at: chunk.index)
        }
    }

    private func spawn(name: String, in group: DispatchGroup, _ body: @escaping @Sendable (ChunkPipelineStages) -> Void) {
        WorkerThread.start(named: name, in: group) { [self] in body(self) }
    }
}

extension ChunkPipelineStages where Output == EncodedChunk {
    /// Stages whose workers encode chunks into framed records, in record buffers taken from
    /// `buffers` (the consumer gives each back once written, so memory stays flat).
    ///
    /// - Parameters:
    ///   - maxInFlight: chunks between reading and writing (`nil`: twice the threads, at least 4).
    ///   - makeEncoder: a worker's encoder, made on its thread.
    convenience init(next: @escaping () throws(TFRecordError) -> Input?, threads: Int, maxInFlight: Int?,
                     buffers: BufferPool, cancellation: CancellationFlag,
                     makeEncoder: @escaping @Sendable () throws(TFRecordError) -> (Input, RecordBuffer) -> EncodedChunk) {
        self.init(next: next, threads: threads, maxInFlight: maxInFlight ?? max(4, 2 * threads + 2),
                  makeWorker: { () throws(TFRecordError) in
                      let encode = try makeEncoder()
                      return { chunk in .success(encode(chunk, buffers.take())) }
                  },
                  cancellation: cancellation)
    }
}
