import Foundation

/// A first-in first-out queue shared by threads; `pop` blocks until an item arrives or the
/// queue is closed.
///
/// Unbounded by itself: the conversion pipeline bounds the items in flight with a
/// semaphore around it.
package final class WorkQueue<Item>: @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
    private var closed = false

    package init() {}

    /// Adds an item at the back.
    package func push(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// Takes the front item; `nil` once the queue is closed and drained.
    package func pop() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }

    /// Lets `pop` return `nil` once the queue is empty; wakes all waiters. With `discard`,
    /// items not yet taken are dropped.
    package func close(discard: Bool = false) {
        condition.lock()
        closed = true
        if discard {
            items = []
            head = 0
        }
        condition.broadcast()
        condition.unlock()
    }
}
