import TFRecord

/// Hands out the chunks of a CSV input in order, numbered from 0: what the pipeline's reader
/// thread calls.
///
/// Memory: that of its source — one chunk plus a partial line for inputs read in order; the
/// row index (see ``CSVRowIndex``) for a shuffled order.
public final class CSVChunkReader {
    private let source: any CSVChunkSource
    private var nextIndex = 0

    /// Tests only: called on the reader's thread after each chunk is read and before it is
    /// handed on, so that a test can change an input at a point of its choosing.
    package var afterEachChunk: ((CSVChunk) -> Void)?

    /// A reader of one file, read in order.
    ///
    /// - Parameters:
    ///   - file: the input, positioned just after `prefix`.
    ///   - prefix: bytes already read from the start of the file.
    ///   - skip: bytes of `prefix` that are not data (byte-order mark and header).
    ///   - chunkSize: the target size of a chunk in bytes.
    public convenience init(file: InputFile, prefix: [UInt8], skip: Int, chunkSize: Int) {
        self.init(source: CSVFileChunker(
            input: 0, file: file, buffered: Array(prefix[skip...]), dataOffset: skip, chunkSize: chunkSize, openedAs: nil))
    }

    package init(source: any CSVChunkSource) {
        self.source = source
    }

    /// The next chunk, or `nil` at the end of the input.
    ///
    /// - Throws: ``TFRecordError``: `.io` when reading fails, `.badInput` when an input
    ///   changed while being read.
    public func next() throws(TFRecordError) -> CSVChunk? {
        guard var chunk = try source.nextChunk() else { return nil }
        chunk.index = nextIndex
        nextIndex += 1
        afterEachChunk?(chunk)
        return chunk
    }
}
