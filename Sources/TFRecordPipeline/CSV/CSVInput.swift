import TFRecord

/// An opened CSV file with its layout read: the first step of every CSV pipeline
/// (conversion, image export).
struct CSVInput {
    /// The open file, positioned after ``prefix``.
    let file: InputFile
    /// The bytes read to find the layout; the chunk reader starts from them.
    let prefix: [UInt8]
    /// Byte-order mark, header and row shape.
    let layout: CSVLayout
    /// The file's state when it was opened, before its first byte was read: readers compare
    /// it with the state after the last byte (see ``FileSnapshot``).
    let openedAs: FileSnapshot

    /// Opens `path` and reads until its first data line is complete.
    ///
    /// - Parameters:
    ///   - expected: the file's state when it was opened before, if it was: opening it
    ///     again finds it unchanged, or the run would read two versions of it.
    /// - Throws: ``TFRecordError`` `.badInput` for a missing or unreadable file (the
    ///   user's input, not a failed write), for a file that differs from `expected` and for
    ///   the layout errors of ``CSVLayout/detect(prefix:path:header:labelColumn:)``; `.io`
    ///   for a failed read.
    init(path: String, header: CSVHeaderMode, labelColumn: Int?, expected: FileSnapshot? = nil) throws(TFRecordError) {
        let input: InputFile
        do { input = try InputFile(path: path) } catch {
            throw TFRecordError(.badInput, error.message, at: error.location)
        }
        openedAs = try input.snapshot()
        if let expected, let change = expected.changes(to: openedAs) {
            throw .inputChanged(change, path: path)
        }
        var prefix: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 64 << 10)
        while !CSVLayout.hasFirstDataLine(prefix, header: header) {
            let n = try rethrowingTFRecordError { try block.withUnsafeMutableBytes { raw in try input.read(into: raw) } }
            if n == 0 { break }
            prefix += block[..<n]
        }
        self.file = input
        self.prefix = prefix
        layout = try CSVLayout.detect(prefix: prefix, path: path, header: header, labelColumn: labelColumn)
    }

    /// A reader of the data rows in chunks of about `chunkSize` bytes, which fails if the
    /// file changes while being read.
    func chunks(size chunkSize: Int) -> CSVChunkReader {
        CSVChunkReader(source: chunker(input: 0, size: chunkSize))
    }

    /// The data rows in chunks of about `chunkSize` bytes, tagged as input `input`.
    func chunker(input: Int, size chunkSize: Int) -> CSVFileChunker {
        CSVFileChunker(input: input, file: file, prefix: prefix, skip: layout.dataOffset, chunkSize: chunkSize,
                       openedAs: openedAs)
    }
}
