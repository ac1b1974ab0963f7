import Foundation

/// Collects results that finish in any order and hands them out in index order.
///
/// Workers `put` results under their chunk index; the single consumer `take`s index 0, 1,
/// 2, … and blocks until the one it needs is there. The producer of indices tells the
/// buffer how many there will be with `finish(count:)`.
final class ReorderBuffer<Result>: @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    private var results: [Int: Result] = [:]
    private var count: Int?

    /// Stores the result for `index`.
    func put(_ result: Result, at index: Int) {
        condition.lock()
        results[index] = result
        condition.broadcast()
        condition.unlock()
    }

    /// Declares that indices `0..<count` are all there will be.
    func finish(count: Int) {
        condition.lock()
        self.count = count
        condition.broadcast()
        condition.unlock()
    }

    /// The result for `index`, waiting for it; `nil` if `index` is past the end. The wait
    /// wakes every `pollInterval` seconds to run `poll` (checking for cancellation); a
    /// `poll` that returns `false` ends the wait with `nil`.
    func take(_ index: Int, pollInterval: TimeInterval = 0.1, poll: () -> Bool = { true }) -> Result? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = results.removeValue(forKey: index) { return result }
            if let count, index >= count { return nil }
            condition.unlock()
            let goOn = poll()
            condition.lock()
            if !goOn { return nil }
            if results[index] == nil { _ = condition.wait(until: Date(timeIntervalSinceNow: pollInterval)) }
        }
    }
}
