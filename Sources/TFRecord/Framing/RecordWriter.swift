import SwiftProtobuf

/// Writes TFRecord records (framed, with masked CRC32C) to a file.
///
/// Records are framed into an internal buffer and written in large blocks. The writer does
/// not make the file atomic: the pipeline's shard writer writes to a temporary name and
/// renames, see `ShardWriter` in TFRecordPipeline.
///
/// ```swift
/// let writer = try RecordWriter(path: "out.tfrec")
/// try writer.write(example)
/// try writer.close()
/// ```
public final class RecordWriter {
    private let file: OutputFile
    private let buffer: RecordBuffer
    private let bufferLimit: Int
    /// Records written so far.
    public private(set) var recordCount = 0

    /// Creates (or truncates) the file at `path`.
    ///
    /// - Parameter bufferSize: bytes collected before a `write(2)`.
    /// - Throws: ``TFRecordError`` with code `.io`.
    public init(path: String, bufferSize: Int = 1 << 20) throws(TFRecordError) {
        self.file = try OutputFile(creating: path)
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

    /// Writes buffered records to the file.
    public func flush() throws(TFRecordError) {
        guard buffer.count > 0 else { return }
        try rethrowingTFRecordError { try buffer.withUnsafeBytes { try file.write($0) } }
        buffer.removeAll()
    }

    /// Flushes, `fsync`s and closes the file.
    public func close() throws(TFRecordError) {
        try flush()
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
