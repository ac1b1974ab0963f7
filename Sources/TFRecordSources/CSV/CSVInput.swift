import TFRecord

/// An opened CSV file with its layout read: the first step of every CSV pipeline
/// (conversion, image export).
package struct CSVInput {
    /// The open file, positioned after ``buffered``.
    package let file: InputFile
    /// Data bytes read while finding the layout, from the layout's data offset on, that the
    /// file cannot give again: a stream's. A regular file is repositioned to its data offset
    /// instead, so that a first line of tens of MB (one wide row) is not held.
    let buffered: [UInt8]
    /// Byte-order mark, header and row shape.
    package let layout: CSVLayout
    /// The file's state when it was opened, before its first byte was read: readers compare
    /// it with the state after the last byte (see ``FileSnapshot``).
    let openedAs: FileSnapshot

    /// Opens `path` and reads until its first data line is complete. `-` is standard input
    /// (``InputKind/standardInputName``), plain or gzip-compressed (see
    /// ``TFRecord/InputFile/standardInput(path:)``).
    ///
    /// - Parameters:
    ///   - expected: the file's state when it was opened before, if it was: opening it
    ///     again finds it unchanged, or the run would read two versions of it.
    /// - Throws: ``TFRecordError`` `.badInput` for a missing or unreadable file (the
    ///   user's input, not a failed write), for a file that differs from `expected` and for
    ///   the layout errors of ``CSVLayout/detect(prefix:path:header:labelColumn:)``; `.io`
    ///   for a failed read.
    package init(path: String, header: CSVHeaderMode, labelColumn: Int?, expected: FileSnapshot? = nil) throws(TFRecordError) {
        let input: InputFile
        do {
            input = path == InputKind.standardInputName ? try InputFile.standardInput(path: path) : try InputFile(path: path)
        } catch {
            throw TFRecordError(.badInput, error.message, at: error.location)
        }
        openedAs = try input.snapshot()
        if let expected, let change = expected.changes(to: openedAs) {
            throw .inputChanged(change, path: path)
        }
        var scanner = CSVLayoutScanner(header: header)
        var kept: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 128 << 10)
        while !scanner.isComplete {
            let n = try rethrowingTFRecordError { try block.withUnsafeMutableBytes { raw in try input.read(into: raw) } }
            if n == 0 { break }
            block.withUnsafeBytes { raw in scanner.feed(UnsafeRawBufferPointer(rebasing: raw[..<n])) }
            if !input.isRegularFile { kept += block[..<n] }
        }
        layout = try scanner.layout(path: path, labelColumn: labelColumn)
        if input.isRegularFile {
            try input.seek(to: layout.dataOffset)
            buffered = []
        } else {
            buffered = Array(kept[layout.dataOffset...])
        }
        self.file = input
    }

    /// A reader of the data rows in chunks of about `chunkSize` bytes, which fails if the
    /// file changes while being read.
    package func chunks(size chunkSize: Int) -> CSVChunkReader {
        CSVChunkReader(source: chunker(input: 0, size: chunkSize))
    }

    /// The data rows in chunks of about `chunkSize` bytes, tagged as input `input`.
    func chunker(input: Int, size chunkSize: Int) -> CSVFileChunker {
        CSVFileChunker(input: input, file: file, buffered: buffered, dataOffset: layout.dataOffset, chunkSize: chunkSize,
                       openedAs: openedAs, finalNewlineFromLine: file.isStandardInput ? layout.firstDataLine : nil)
    }
}

extension CSVInput {
    /// The number of data rows in the CSV at `path`: its lines after the layout's data
    /// offset (a last line without a newline counts). Rows that will not parse count too,
    /// so with ``BadRowPolicy/skip`` the conversion may write fewer records.
    ///
    /// A separate pass over the file, for `--shards`, which must know the total before
    /// writing the first shard.
    ///
    /// - Complexity: O(file size), bounded memory.
    package static func countRows(path: String, layout: CSVLayout) throws(TFRecordError) -> Int {
        let file = try InputFile(path: path)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        var lines = 0
        var last: UInt8 = UInt8(ascii: "\n")
        while true {
            let n = try rethrowingTFRecordError { try block.withUnsafeMutableBytes { raw in try file.read(into: raw) } }
            if n == 0 { break }
            let skip = max(0, min(n, layout.dataOffset - offset))
            lines += block.withUnsafeBufferPointer { countNewlines(UnsafeBufferPointer(rebasing: $0[skip..<n])) }
            if skip < n { last = block[n - 1] }
            offset += n
        }
        return lines + (last == UInt8(ascii: "\n") ? 0 : 1)
    }

    private static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}
