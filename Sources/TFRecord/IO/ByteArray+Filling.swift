extension Array where Element == UInt8 {
    /// An array of up to `count` bytes written straight into its storage by `fill`, which
    /// returns how many it wrote (a read that may come up short): no zero-filling, no copy.
    ///
    /// - Throws: what `fill` throws; its partial bytes are dropped.
    public init(filling count: Int, with fill: (UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int)
        throws(TFRecordError)
    {
        var failure: TFRecordError?
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(TFRecordError) {
                initialized = try fill(UnsafeMutableRawBufferPointer(buffer))
            } catch {
                // Bytes need no deinitializing: keep none of a failed read.
                initialized = 0
                failure = error
            }
        }
        if let failure { throw failure }
    }
}

extension Array where Element == UInt8 {
    /// Makes the array `count` bytes long, keeping its first `kept` bytes and its storage
    /// (no allocation once it has held `count` bytes), then lets `fill` write the rest
    /// straight into it; `fill` returns how many it wrote, and the array ends there.
    ///
    /// For a buffer read into again and again (a worker's chunk of input): reusing one
    /// allocation keeps the kernel from mapping and clearing fresh pages for every chunk.
    ///
    /// - Precondition: `0 <= kept <= min(count, self.count)`.
    /// - Throws: what `fill` throws; the array then holds its first `kept` bytes.
    public mutating func refill(
        count: Int, keeping kept: Int = 0, with fill: (UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int
    ) throws(TFRecordError) {
        precondition(kept >= 0 && kept <= count && kept <= self.count)
        // Bytes past the old count are zeroed once; after that the storage is reused as is.
        if self.count < count {
            append(contentsOf: repeatElement(0, count: count - self.count))
        } else {
            removeLast(self.count - count)
        }
        var failure: TFRecordError?
        let written = withUnsafeMutableBytes { (all) -> Int in
            do throws(TFRecordError) {
                return try fill(UnsafeMutableRawBufferPointer(rebasing: all[kept...]))
            } catch {
                failure = error
                return 0
            }
        }
        removeLast(count - kept - written)
        if let failure { throw failure }
    }
}
