import TFRecord

/// Reads one CSV file in large blocks and cuts them into newline-aligned chunks; at the end
/// of the file, checks that the file did not change while being read.
///
/// Memory: one chunk plus the partial line carried over. A line longer than the chunk size
/// grows the chunk until the line fits.
///
/// Standard input must end with a newline: a stream read once cannot be checked against
/// its size, and a producer that stops mid-row (it crashed, or was killed) leaves a last
/// line cut short, which may still parse when it is cut at a field boundary.
final class CSVFileChunker: CSVChunkSource {
    private let input: Int
    private let file: InputFile
    private let chunkSize: Int
    private let openedAs: FileSnapshot?
    private var carry: [UInt8]
    private var atEnd = false
    private var nextOffset: Int
    /// Bytes read from the file so far, from its first byte.
    private var bytesRead: Int
    /// The line number of the first data line when the input must end with a newline
    /// (standard input), else `nil`.
    private let finalNewlineFromLine: Int?
    /// Data lines emitted so far (counted only when ``finalNewlineFromLine`` is set).
    private var linesEmitted = 0

    /// Creates a chunker.
    ///
    /// - Parameters:
    ///   - input: the file's index among the inputs, for ``CSVChunk/Origin``.
    ///   - file: the input, positioned just after `buffered`.
    ///   - buffered: data bytes already read, from `dataOffset` on.
    ///   - dataOffset: the offset of the first data byte (after byte-order mark and header).
    ///   - chunkSize: the target size of a chunk in bytes.
    ///   - openedAs: the file's state before its first byte was read; at the end of the
    ///     file it is compared with the state then and with the bytes read. `nil`: no check.
    ///   - finalNewlineFromLine: for an input whose last row must end with a newline
    ///     (standard input), the line number of its first data line, for the error.
    init(input: Int, file: InputFile, buffered: [UInt8], dataOffset: Int, chunkSize: Int, openedAs: FileSnapshot?,
         finalNewlineFromLine: Int? = nil) {
        precondition(chunkSize > 0 && dataOffset >= 0)
        self.input = input
        self.file = file
        self.chunkSize = chunkSize
        self.openedAs = openedAs
        self.carry = buffered
        self.nextOffset = dataOffset
        self.bytesRead = dataOffset + buffered.count
        self.finalNewlineFromLine = finalNewlineFromLine
    }

    func nextChunk() throws(TFRecordError) -> CSVChunk? {
        var size = max(chunkSize, carry.count)
        while true {
            var buffer = try read(upTo: size)
            if atEnd {
                if buffer.isEmpty { return nil }
                try checkFinalNewline(buffer)
                return emit(buffer)
            }
            if let lastNewline = lastNewline(in: buffer) {
                // Keep the partial line for the next chunk; cut it off in place (no copy of
                // the chunk itself).
                carry = Array(buffer[(lastNewline + 1)...])
                buffer.removeLast(buffer.count - lastNewline - 1)
                return emit(buffer)
            }
            // No newline in a full buffer: one line longer than a chunk. Grow.
            carry = buffer
            size = buffer.count * 2
        }
    }

    private func emit(_ bytes: [UInt8]) -> CSVChunk {
        defer { nextOffset += bytes.count }
        if finalNewlineFromLine != nil { linesEmitted += Self.newlines(in: bytes[...]) }
        return CSVChunk(index: 0, bytes: bytes, origin: .consecutive(input: input, offset: nextOffset))
    }

    /// The carried-over bytes followed by fresh input, `size` bytes in all unless the file
    /// ends first (which sets `atEnd` and checks the file).
    private func read(upTo size: Int) throws(TFRecordError) -> [UInt8] {
        let carried = carry
        carry = []
        if atEnd { return carried }
        var failure: TFRecordError?
        let buffer = [UInt8](unsafeUninitializedCapacity: max(size, carried.count)) { storage, initialized in
            let raw = UnsafeMutableRawBufferPointer(storage)
            carried.withUnsafeBytes { raw.copyMemory(from: $0) }
            do throws(TFRecordError) {
                let filled = try file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: raw[carried.count...]))
                initialized = carried.count + filled
            } catch {
                initialized = carried.count
                failure = error
            }
        }
        if let failure { throw failure }
        bytesRead += buffer.count - carried.count
        if buffer.count < size {
            atEnd = true
            try checkUnchanged()
        }
        return buffer
    }

    /// At the end of the file: the same file, size and modification time as when it was
    /// opened, and every byte of it read — or the rows read may mix two versions.
    private func checkUnchanged() throws(TFRecordError) {
        guard let openedAs, let change = openedAs.changes(to: try file.snapshot(), bytesRead: bytesRead) else { return }
        throw .inputChanged(change, path: file.path)
    }

    /// Throws when `last`, the input's last bytes, does not end with a newline and the
    /// input must (standard input): its last row was cut short.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` at the line and column where the
    ///   newline was expected.
    private func checkFinalNewline(_ last: [UInt8]) throws(TFRecordError) {
        guard let firstLine = finalNewlineFromLine, last.last != UInt8(ascii: "\n") else { return }
        let start = lastNewline(in: last).map { $0 + 1 } ?? 0
        let line = firstLine + linesEmitted + Self.newlines(in: last[..<start])
        throw TFRecordError(
            .badInput, "the input ends in the middle of a row (\(last.count - start) bytes after the last newline): "
                + "the program writing to standard input may have stopped early; every row read from standard input "
                + "must end with a newline", at: SourceLocation(path: file.path, line: line, column: last.count - start + 1))
    }

    private static func newlines(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBytes { raw in
            var count = 0
            CSVRowIndex.forEachNewline(in: raw) { _ in count += 1 }
            return count
        }
    }

    private func lastNewline(in buffer: [UInt8]) -> Int? {
        // Backwards: the last newline is within one line's length of the end.
        buffer.withUnsafeBytes { CSVRowIndex.lastNewline(in: $0) }
    }
}
