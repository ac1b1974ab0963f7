import Foundation

/// The blocks waiting for a worker, and the lock under which blocks are marked done.
final class DeflateJobQueue: @unchecked Sendable {
    // All state, and every block's `isDone`, is guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [DeflateBlock] = []
    private var head = 0
    private var closed = false

    /// Queues a filled block.
    func submit(_ block: DeflateBlock) {
        condition.lock()
        block.isDone = false
        pending.append(block)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether a worker has finished `block`.
    func isDone(_ block: DeflateBlock) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return block.isDone
    }

    /// Waits until a worker has finished `block`.
    func waitUntilDone(_ block: DeflateBlock) {
        condition.lock()
        while !block.isDone { condition.wait() }
        condition.unlock()
    }

    /// A worker thread's loop: compresses blocks in submission order until closed.
    func work(with compressor: DeflateBlockCompressor) {
        while let block = take() {
            block.run(with: compressor)
            condition.lock()
            block.isDone = true
            condition.broadcast()
            condition.unlock()
        }
    }

    private func take() -> DeflateBlock? {
        condition.lock()
        defer { condition.unlock() }
        while head == pending.count && !closed { condition.wait() }
        guard !closed else { return nil }
        let block = pending[head]
        head += 1
        if head == pending.count {
            pending.removeAll(keepingCapacity: true)
            head = 0
        }
        return block
    }

    /// Ends the worker loops; blocks not yet taken are dropped.
    func close() {
        condition.lock()
        closed = true
        pending = []
        head = 0
        condition.broadcast()
        condition.unlock()
    }
}
