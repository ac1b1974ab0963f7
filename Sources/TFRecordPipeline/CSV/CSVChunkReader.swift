import TFRecord

/// A run of complete CSV lines, cut from the input at a newline.
public struct CSVChunk: Sendable {
    /// Position of the chunk in the input, from 0.
    public var index: Int
    /// The lines; every one ends in a newline except possibly the input's last.
    public var bytes: [UInt8]
    /// File offset of the first byte.
    public var fileOffset: Int
}

/// Reads a CSV file in large blocks and cuts them into newline-aligned chunks.
///
/// Memory: one chunk plus the partial line carried over. A line longer than the chunk
/// size grows the chunk until the line fits.
public final class CSVChunkReader {
    private let file: InputFile
    private let chunkSize: Int
    private var carry: [UInt8]
    private var atEnd = false
    private var nextIndex = 0
    private var nextOffset: Int

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - file: the input, positioned just after `prefix`.
    ///   - prefix: bytes already read from the start of the file.
    ///   - skip: bytes of `prefix` that are not data (byte-order mark and header).
    ///   - chunkSize: the target size of a chunk in bytes.
    public init(file: InputFile, prefix: [UInt8], skip: Int, chunkSize: Int) {
        precondition(chunkSize > 0 && skip <= prefix.count)
        self.file = file
        self.chunkSize = chunkSize
        self.carry = Array(prefix[skip...])
        self.nextOffset = skip
    }

    /// The next chunk, or `nil` at the end of the input.
    ///
    /// - Throws: ``TFRecordError`` with code `.io` when reading fails.
    public func next() throws(TFRecordError) -> CSVChunk? {
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
        defer {
            nextIndex += 1
            nextOffset += bytes.count
        }
        return CSVChunk(index: nextIndex, bytes: bytes, fileOffset: nextOffset)
    }

    /// The carried-over bytes followed by fresh input, `size` bytes in all unless the
    /// file ends first (which sets `atEnd`).
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
        if buffer.count < size { atEnd = true }
        return buffer
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
