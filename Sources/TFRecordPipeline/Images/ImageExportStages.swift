import Dispatch
import Foundation
import TFRecord
import TFRecordImages

/// The threads of an image export: one reader cutting the CSV into chunks, `threads`
/// workers turning chunks into encoded images, and a bound on chunks in flight. The
/// consumer (the file writer, on the caller's thread) takes results in chunk order from
/// ``results`` and calls ``chunkWritten()`` after each — the shape of the conversion
/// pipeline, for image files instead of records.
final class ImageExportStages: @unchecked Sendable {
    /// Encoded chunks (or the reader's I/O error) by chunk index.
    let results = ReorderBuffer<Result<EncodedImageChunk, TFRecordError>>()

    // `reader` is used only by the reader thread; the rest is thread-safe or immutable.
    private let reader: CSVChunkReader
    private let threads: Int
    private let maxInFlight: Int
    private let makeWorker: @Sendable () throws(ImageCodecError) -> CSVImageChunkEncoder
    private let cancellation: CancellationFlag
    private let work = WorkQueue<CSVChunk>()
    private let slots: DispatchSemaphore
    private let workers = DispatchGroup()
    private let readerDone = DispatchGroup()
    private let stopped = CancellationFlag()

    init(reader: CSVChunkReader, threads: Int, maxInFlight: Int,
         makeWorker: @escaping @Sendable () throws(ImageCodecError) -> CSVImageChunkEncoder, cancellation: CancellationFlag) {
        self.reader = reader
        self.threads = threads
        self.maxInFlight = maxInFlight
        self.makeWorker = makeWorker
        self.cancellation = cancellation
        self.slots = DispatchSemaphore(value: maxInFlight)
    }

    /// Starts the reader and the workers.
    func start() {
        spawn(name: "tfrec-images-reader", in: readerDone) { $0.readLoop() }
        for i in 0..<threads {
            spawn(name: "tfrec-images-worker-\(i)", in: workers) { $0.workLoop() }
        }
    }

    /// Frees the slot of a chunk that the consumer has written.
    func chunkWritten() { slots.signal() }

    /// Stops all threads and waits for them (a reader blocked on a silent pipe is left to
    /// finish on its own after a second).
    func stop() {
        stopped.cancel()
        work.close(discard: true)
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
                guard let chunk = try reader.next() else { return }
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
        let worker: CSVImageChunkEncoder
        do {
            worker = try makeWorker()
        } catch {
            // No encoder (out of memory): every chunk this thread takes reports the error.
            while let chunk = work.pop() {
                results.put(.success(EncodedImageChunk(
                    index: chunk.index, bytes: [], ends: [], labels: [], inputBytes: chunk.bytes.count,
                    encodingError: error)), at: chunk.index)
            }
            return
        }
        while let chunk = work.pop() {
            if shouldStop { return }
            results.put(.success(worker.encode(chunk)), at: chunk.index)
        }
    }

    private func spawn(name: String, in group: DispatchGroup, _ body: @escaping @Sendable (ImageExportStages) -> Void) {
        group.enter()
        let thread = Thread { [self] in
            body(self)
            group.leave()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }
}
