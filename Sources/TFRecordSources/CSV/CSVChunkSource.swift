import TFRecord

/// Something that cuts CSV input into chunks of whole lines: one file read in order
/// (``CSVFileChunker``), several files one after another (``CSVConcatenatedChunks``), or
/// rows gathered in a shuffled order (``CSVShuffledChunks``). ``CSVChunkReader`` numbers
/// the chunks and hands them to the pipeline.
package protocol CSVChunkSource: AnyObject {
    /// The next chunk (its ``CSVChunk/index`` is set by the reader), or `nil` at the end.
    ///
    /// - Throws: ``TFRecordError``: `.io` when reading fails, `.badInput` when an input
    ///   changed while being read.
    func nextChunk() throws(TFRecordError) -> CSVChunk?
}
