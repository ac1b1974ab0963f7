import TFRecord

/// The rows of several CSV files as one input: each file's chunks in turn, in the order of
/// the list. A chunk holds lines of one file only, so line numbers stay per file.
///
/// One file is open at a time (see ``CSVInputSet/open(_:)``); memory is that of one
/// ``CSVFileChunker``.
final class CSVConcatenatedChunks: CSVChunkSource {
    private let inputs: CSVInputSet
    private let chunkSize: Int
    private var current: CSVFileChunker?
    private var nextInput = 0

    init(inputs: CSVInputSet, chunkSize: Int) {
        self.inputs = inputs
        self.chunkSize = chunkSize
    }

    func nextChunk() throws(TFRecordError) -> CSVChunk? {
        while true {
            if let chunk = try current?.nextChunk() { return chunk }
            // The file is done (and was checked unchanged at its end): close it.
            current = nil
            guard nextInput < inputs.count else { return nil }
            current = try inputs.open(nextInput).chunker(input: nextInput, size: chunkSize)
            nextInput += 1
        }
    }
}
