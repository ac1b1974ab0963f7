#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension InputFile {
    /// Fills `buffer` from byte `offset` of the file (`pread(2)`, which leaves the file
    /// position alone), as far as the file allows.
    ///
    /// Reading with `pread` rather than a memory map keeps a file that shrinks under the
    /// reader a short count to report, where a map would crash the process with `SIGBUS`.
    ///
    /// - Returns: the byte count; short only where the file ends.
    /// - Throws: ``TFRecordError`` with code `.io`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(TFRecordError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = pread(descriptor, base + filled, buffer.count - filled, off_t(offset + filled))
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("read", path: path)
            }
            filled += n
        }
        return filled
    }
}

extension InputFile {
    /// Moves the read position of a regular file to `offset`, so that the next
    /// ``read(into:)`` starts there.
    ///
    /// - Precondition: ``isRegularFile``: streams cannot go back.
    /// - Throws: ``TFRecordError`` with code `.io`.
    public func seek(to offset: Int) throws(TFRecordError) {
        precondition(isRegularFile, "only a regular file can be repositioned")
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else { throw .system("seek", path: path) }
    }
}
