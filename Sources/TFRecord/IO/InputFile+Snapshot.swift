#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension InputFile {
    /// The file's state now (`fstat(2)` of the open descriptor): take one before reading and
    /// one after, and compare them with ``FileSnapshot/changes(to:bytesRead:)``.
    ///
    /// - Throws: ``TFRecordError`` with code `.io` when `fstat` fails.
    public func snapshot() throws(TFRecordError) -> FileSnapshot {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system("stat", path: path) }
        var snapshot = FileSnapshot(info)
        if isStandardInput {
            // Read once as a stream, even when redirected from a file: nothing to compare.
            (snapshot.isRegularFile, snapshot.size) = (false, 0)
        }
        return snapshot
    }
}
