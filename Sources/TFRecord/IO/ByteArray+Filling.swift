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
