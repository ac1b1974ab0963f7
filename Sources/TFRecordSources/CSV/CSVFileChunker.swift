import TFRecord

/// Reads one CSV file in large blocks and cuts them into newline-aligned chunks; at the end
/// of the file, checks that the file did not change while being read.
///
/// Memory: one chunk plus the partial line carried over. A line longer than the chunk size
/// grows the chunk until the line fits.
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

    /// Creates a chunker.
    ///
    /// - Parameters:
    ///   - input: the file's index among the inputs, for ``CSVChunk/Origin``.
    ///   - file: the input, positioned just after `prefix`.
    ///   - prefix: bytes already read from the start of the file.
    ///   - skip: bytes of `prefix` that are not data (byte-order mark and header).
    ///   - chunkSize: the target size of a chunk in bytes.
    ///   - openedAs: the file's state before its first byte was read; at the end of the
    ///     file it is compared with the state then and with the bytes read. `nil`: no check.
    init(input: Int, file: InputFile, prefix: [UInt8], skip: Int, chunkSize: Int, openedAs: FileSnapshot?) {
        precondition(chunkSize > 0 && skip <= prefix.count)
        self.input = input
        self.file = file
        self.chunkSize = chunkSize
        self.openedAs = openedAs
        self.carry = Array(prefix[skip...])
        self.nextOffset = skip
        self.bytesRead = prefix.count
    }

    func nextChunk() throws(TFRecordError) -> CSVChunk? {
        var size = max(chunkSize, carry.count)
        while true {
            var buffer = try read(upTo: size)
            if atEnd { return buffer.isEmpty ? nil : emit(buffer) }
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

    private func lastNewline(in buffer: [UInt8]) -> Int? {
        // Scans backwards: the last newline is within one line's length of the end.
        buffer.withUnsafeBytes { raw in
            var i = raw.count - 1
            while i >= 0 && raw[i] != UInt8(ascii: "\n") { i -= 1 }
            return i >= 0 ? i : nil
        }
    }
}
