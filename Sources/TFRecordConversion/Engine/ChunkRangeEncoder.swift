import TFRecord

/// The worker of a positional source that converts in chunks (CSV, arrays): the source
/// reads and encodes the chunks of a range into one buffer that the worker reuses, and the
/// worker writes each chunk's records to the shard. One per worker thread.
final class ChunkRangeEncoder: RecordRangeEncoder {
    /// Encodes records `range` chunk by chunk into `buffer` (emptied before each chunk) and
    /// hands each encoded chunk to `write`, in order; throws the first bad record.
    typealias EncodeChunks = (_ range: Range<Int>, _ buffer: RecordBuffer,
                              _ write: (EncodedChunk) throws(TFRecordError) -> Void) throws(TFRecordError) -> Void

    private let encodeChunks: EncodeChunks
    private let buffer = RecordBuffer(capacity: 1 << 20)

    init(_ encodeChunks: @escaping EncodeChunks) {
        self.encodeChunks = encodeChunks
    }

    func encode(_ range: Range<Int>, cancellation: CancellationFlag, into sink: any RecordSink) throws(TFRecordError) {
        try encodeChunks(range, buffer) { (encoded) throws(TFRecordError) in
            if cancellation.isCancelled { throw TFRecordError.interrupted(keptShards: 0) }
            try sink.write(encoded)
        }
    }
}
