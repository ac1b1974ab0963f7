/// The uncompressed bytes of a gzip- or zlib-compressed stream (a record file, standard
/// input, a `.npy.gz` array), inflated by a ``ZlibInflater`` as they are read.
///
/// A stream that ends early (truncated file) or does not inflate (corrupt bytes, bad
/// checksum) throws `.badInput` naming the file, worded by the owner from an
/// ``InflateFailure`` and its position (by default as record readers say it:
/// ``InflateFailure/recordMessage(_:format:at:)``); so do bytes after the end of the
/// stream, except further gzip members (`cat a.gz b.gz`), which are read on as gzip tools do.
/// Bytes inflated before a failure are returned first; the failure comes with the next read.
package final class InflatingByteSource: RecordByteSource {
    /// Words a failure as the owner's users see it.
    package typealias Wording = @Sendable (InflateFailure, RecordCompression, InflateFailure.Position) -> String

    private let compressed: any ByteStream
    private let path: String
    private let format: RecordCompression
    private let wording: Wording
    private let inflater: ZlibInflater
    private var input: [UInt8]
    /// The compressed bytes in `input` not inflated yet.
    private var unread: Range<Int>
    private var compressedAtEnd = false
    /// Where the stream stands.
    private var state = State.inflating
    /// Compressed bytes consumed by inflate.
    package private(set) var fileBytesRead = 0
    /// Uncompressed bytes produced.
    package private(set) var bytesInflated = 0

    /// Starts inflating `compressed`, whose first bytes (already read to detect the format)
    /// are `prefix`.
    ///
    /// - Parameters:
    ///   - compressed: where the compressed bytes come from, after `prefix`.
    ///   - path: the file they are read from, for errors.
    ///   - format: `.gzip` or `.zlib`.
    ///   - inputSize: the compressed bytes read at a time.
    ///   - wording: the message for a failure.
    /// - Throws: ``TFRecordError`` `.io` if zlib cannot allocate its state.
    package init(compressed: any ByteStream, path: String, prefix: [UInt8] = [], format: RecordCompression,
                 inputSize: Int = 1 << 18, wording: @escaping Wording = InflateFailure.recordMessage)
        throws(TFRecordError)
    {
        inflater = try ZlibInflater(format: format, path: path)
        self.compressed = compressed
        self.path = path
        self.format = format
        self.wording = wording
        input = [UInt8](repeating: 0, count: max(inputSize, prefix.count, 64))
        input.replaceSubrange(0..<prefix.count, with: prefix)
        unread = 0..<prefix.count
    }

    var streamSize: Int? { nil }

    /// Where the stream stands between reads.
    private enum State {
        /// Inside a stream (a gzip member).
        case inflating
        /// At the end of a stream: more bytes must start another gzip member.
        case streamEnded
        /// A failure found after inflating some bytes, thrown once those are read.
        case failed(TFRecordError)
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if case .failed(let error) = state { throw error }
        while true {
            if case .streamEnded = state {
                try refillInput()
                guard !unread.isEmpty else { return 0 }
                try startNextMember()
            }
            if unread.isEmpty { try refillInput() }
            if unread.isEmpty && compressedAtEnd { throw failure(.truncated) }
            let (consumed, produced, status) = input.withUnsafeBytes { raw in
                inflater.inflate(from: UnsafeRawBufferPointer(rebasing: raw[unread]), into: buffer)
            }
            unread.removeFirst(consumed)
            fileBytesRead += consumed
            bytesInflated += produced
            switch status {
            case .more: break
            case .streamEnd: state = .streamEnded
            case .needsDictionary: state = .failed(failure(.needsDictionary))
            case .corrupt(let reason): state = .failed(failure(.corrupt(reason)))
            }
            // Bytes inflated before the error are good: the records in them still read.
            if produced > 0 { return produced }
            if case .failed(let error) = state { throw error }
        }
    }

    /// Reads more compressed bytes if the buffer is empty.
    private func refillInput() throws(TFRecordError) {
        guard unread.isEmpty, !compressedAtEnd else { return }
        let n = try rethrowingTFRecordError { try input.withUnsafeMutableBytes { (raw) in try compressed.read(into: raw) } }
        unread = 0..<n
        if n == 0 { compressedAtEnd = true }
    }

    /// After the end of one stream: another gzip member goes on, anything else is an error.
    private func startNextMember() throws(TFRecordError) {
        guard format == .gzip && input[unread.lowerBound] == 0x1f else { throw failure(.trailingBytes) }
        inflater.reset()
        state = .inflating
    }

    /// `failure` at the current position, worded by the owner.
    private func failure(_ failure: InflateFailure) -> TFRecordError {
        let position = InflateFailure.Position(compressedBytes: fileBytesRead, uncompressedBytes: bytesInflated)
        return TFRecordError(.badInput, wording(failure, format, position), at: SourceLocation(path: path))
    }
}
