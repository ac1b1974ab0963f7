import TFRecord
import TFRecordTransform

/// How a conversion's work runs: threads, the pixel transform's engine and device, and
/// how the input is cut into chunks. A part of the options of every conversion
/// (``ConversionOptions``); none of it changes the output bytes.
public struct ConversionWorkOptions: Sendable {
    /// Worker threads (parse, transform, encode, write).
    public var threads = 1
    /// The engine of the pixel transform.
    public var transformEngine = TransformEngine.auto
    /// The OpenCL device for the transform.
    public var device = DeviceSelector.auto
    /// Bytes of input per unit of parallel work (CSV and arrays): 128 KiB, so that a chunk
    /// and its encoded records (3.5× the CSV as int64 bytes) stay in the core's cache from
    /// parsing through hashing to `write(2)`; 1 MiB chunks cost about 20 % more CPU on the
    /// seed job, mostly in the kernel copying cold buffers into the page cache.
    public var chunkSize = 1 << 17
    /// Chunks read but not yet written, at most (bounds memory); `nil`: the engine's choice.
    public var maxChunksInFlight: Int?
    /// Records of CSV rows from this size up (one wide row: tens of MB) go to their shard in
    /// pieces, never whole in memory, where the engine writes shards on its workers (see
    /// ``RowRecordEncoder/streamsRecords``).
    public var streamedRecordSize = RowRecordEncoder.defaultStreamedRecordSize

    /// The defaults: one thread, engines chosen automatically.
    public init() {}

    /// Checks the options.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.usage` for fewer than 1 thread, or a chunk
    ///   size or streamed record size below 1 byte.
    public func validate() throws(TFRecordError) {
        if threads < 1 { throw TFRecordError(.usage, "\(setting: .threads) must be at least 1") }
        if chunkSize < 1 { throw TFRecordError(.usage, "chunk size must be at least 1 byte") }
        if streamedRecordSize < 1 { throw TFRecordError(.usage, "the streamed record size must be at least 1 byte") }
    }
}
