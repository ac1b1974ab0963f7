import Foundation
import TFRecord

/// Record buffers handed back and forth between the workers that fill them and the
/// writer that drains them.
///
/// Reusing them keeps the pipeline's memory flat (no allocator fragmentation across
/// threads) and spares the page faults of fresh allocations. The pool holds at most the
/// number of chunks in flight, so it is bounded like the pipeline itself.
final class BufferPool: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var free: [RecordBuffer] = []

    /// A cleared buffer: a returned one if any, else a new one.
    func take() -> RecordBuffer {
        lock.lock()
        defer { lock.unlock() }
        guard let buffer = free.popLast() else { return RecordBuffer(capacity: 1 << 20) }
        buffer.removeAll()
        return buffer
    }

    /// Returns a buffer whose contents are no longer needed.
    func give(_ buffer: RecordBuffer) {
        lock.lock()
        free.append(buffer)
        lock.unlock()
    }
}
