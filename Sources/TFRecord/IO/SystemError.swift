#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension TFRecordError {
    /// An I/O error for `path` from the current `errno`, e.g.
    /// `out/file_00-3000.tfrec: cannot write: No space left on device`.
    public static func system(_ action: String, path: String, errno code: Int32 = errno) -> TFRecordError {
        TFRecordError(.io, "cannot \(action): \(String(cString: strerror(code)))", at: SourceLocation(path: path))
    }
}
