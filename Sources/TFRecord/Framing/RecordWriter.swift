import SwiftProtobuf

/// Writes TFRecord records (framed, with masked CRC32C) to a file.
///
/// Records are framed into an internal buffer and written in large blocks. The writer does
/// not make the file atomic: the pipeline's shard writer writes to a temporary name and
/// renames, see `ShardWriter` in TFRecordShards.
///
/// With `compression` `.gzip` or `.zlib` the whole file is one compressed stream, as
/// TensorFlow's `TFRecordWriter(path, TFRecordOptions(compression_type=…))` writes it;
/// blocks are compressed on `compressionThreads` background threads (``ParallelDeflater``),
/// and the bytes do not depend on their number.
///
/// ```swift
/// let writer = try RecordWriter(path: "out.tfrec.gz", compression: .gzip)
/// try writer.write(example)
/// try writer.close()
/// ```
public final class RecordWriter {
    private let file: OutputFile
    private let deflater: ParallelDeflater?
    private let buffer: RecordBuffer
    private let bufferLimit: Int
    /// Records written so far.
    public private(set) var recordCount = 0
    private var closed = false

    /// Creates (or truncates) the file at `path`.
    ///
    /// - Parameters:
    ///   - compression: whole-file compression (default none).
    ///   - compressionLevel: zlib level 0...9 (default 6, as TensorFlow).
    ///   - compressionThreads: threads that compress, at least 1.
    ///   - bufferSize: bytes collected before a `write(2)` (or a hand-over to the compressor).
    /// - Throws: ``TFRecordError`` with code `.io`, or `.usage` for a bad level or thread count.
    public init(path: String, compression: RecordCompression = .none,
                compressionLevel: Int = RecordCompression.defaultLevel, compressionThreads: Int = 1,
                bufferSize: Int = 1 << 20) throws(TFRecordError) {
        let file = try OutputFile(creating: path)
        self.file = file
        if compression == .none {
            deflater = nil
        } else {
            let workers = try DeflateWorkers(threads: compressionThreads, level: compressionLevel)
            deflater = ParallelDeflater(format: compression, workers: workers) { (bytes) throws(TFRecordError) in
                try file.write(bytes)
            }
        }
        self.bufferLimit = bufferSize
        self.buffer = RecordBuffer(capacity: bufferSize + 4096)
    }

    /// The path being written.
    public var path: String { file.path }

    /// Appends one record whose data is `payload`.
    ///
    /// - Complexity: O(n) (one copy and the CRC).
    public func write(_ payload: UnsafeRawBufferPointer) throws(TFRecordError) {
        RecordFraming.append(payload: payload, to: buffer)
        recordCount += 1
        if buffer.count >= bufferLimit { try flush() }
    }

    /// Appends one record whose data is `payload`.
    public func write(_ payload: [UInt8]) throws(TFRecordError) {
        try rethrowingTFRecordError { try payload.withUnsafeBytes { (raw) in try write(raw) } }
    }

    /// Appends one serialized `tf.train.Example` (deterministic field and map order).
    public func write(_ example: Tensorflow_Example) throws(TFRecordError) {
        try write(example.deterministicBytes())
    }

    /// Appends one serialized `tf.train.SequenceExample` (deterministic field and map order).
    public func write(_ sequenceExample: Tensorflow_SequenceExample) throws(TFRecordError) {
        try write(sequenceExample.deterministicBytes())
    }

    /// Writes buffered records to the file (to the compressor, with compression: the
    /// compressed bytes reach the file as blocks complete, all of them by ``close()``).
    public func flush() throws(TFRecordError) {
        guard buffer.count > 0 else { return }
        try rethrowingTFRecordError { try buffer.withUnsafeBytes { (raw) in
            if let deflater { try deflater.write(raw) } else { try file.write(raw) }
        } }
        buffer.removeAll()
    }

    /// Flushes, ends the compressed stream if any, `fsync`s and closes the file.
    public func close() throws(TFRecordError) {
        guard !closed else { return }
        closed = true
        try flush()
        try deflater?.finish()
        try file.sync()
        try file.close()
    }
}

extension Message {
    /// This message serialized with deterministic ordering (map entries sorted by key), the
    /// form the hand-written hot-path encoders are tested against.
    public func deterministicBytes() -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        // Example, SequenceExample and their parts have no required fields, so encoding cannot fail.
        return try! serializedBytes(partial: true, options: options)
    }
}
