import Foundation

/// The blocks waiting for a worker (a ``WorkQueue``), and the lock under which blocks are
/// marked done.
final class DeflateJobQueue: @unchecked Sendable {
    private let pending = WorkQueue<DeflateBlock>()
    /// Guards every block's `isDone`.
    private let condition = NSCondition()

    /// Queues a filled block.
    func submit(_ block: DeflateBlock) {
        condition.withLock { block.isDone = false }
        pending.push(block)
    }

    /// Whether a worker has finished `block`.
    func isDone(_ block: DeflateBlock) -> Bool {
        condition.withLock { block.isDone }
    }

    /// Waits until a worker has finished `block`.
    func waitUntilDone(_ block: DeflateBlock) {
        condition.lock()
        while !block.isDone { condition.wait() }
        condition.unlock()
    }

    /// A worker thread's loop: compresses blocks in submission order until closed.
    func work(with compressor: DeflateBlockCompressor) {
        while let block = pending.pop() {
            block.run(with: compressor)
            condition.lock()
            block.isDone = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Ends the worker loops; blocks not yet taken are dropped.
    func close() {
        pending.close(discard: true)
    }
}
