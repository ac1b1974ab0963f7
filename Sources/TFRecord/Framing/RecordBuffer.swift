/// A growable byte buffer for framed records, appended to without zero-filling.
///
/// `[UInt8]` cannot grow by an uninitialized amount, so encoders would pay for zeroing
/// every byte before overwriting it (and unoptimized builds pay per element). This buffer
/// hands out uninitialized space to a closure that must fill all of it.
///
/// Ownership: one thread at a time. The pipeline moves a buffer from the worker that
/// fills it to the writer that drains it, hence `@unchecked Sendable`.
public final class RecordBuffer: @unchecked Sendable {
    private var storage: UnsafeMutableRawPointer
    /// Bytes allocated.
    public private(set) var capacity: Int
    /// Bytes filled.
    public private(set) var count = 0

    /// Creates an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Makes room for `capacity` bytes in all.
    public func reserveCapacity(_ capacity: Int) {
        guard capacity > self.capacity else { return }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        grown.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = grown
        self.capacity = capacity
    }

    /// Appends `count` bytes that `fill` writes; `fill` must initialize all of them.
    ///
    /// - Complexity: amortized O(count).
    public func append(count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
        precondition(count >= 0)
        if self.count + count > capacity { reserveCapacity(max(self.count + count, capacity * 2)) }
        fill(UnsafeMutableRawBufferPointer(start: storage + self.count, count: count))
        self.count += count
    }

    /// Appends a copy of `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        append(count: bytes.count) { $0.copyMemory(from: bytes) }
    }

    /// Forgets the contents, keeping the allocation.
    public func removeAll() { count = 0 }

    /// Calls `body` with the filled bytes; they are valid only inside `body`.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// A copy of the filled bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
