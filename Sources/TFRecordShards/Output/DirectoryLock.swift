#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// An exclusive `flock(2)` on an output directory, held while a conversion writes into it.
///
/// Two runs writing into one directory would number their temporary shards alike and
/// remove each other's files; the second one is refused instead. The lock is on the
/// directory itself (no lock file is left behind) and the kernel drops it when the
/// process dies, so a killed run never leaves the directory locked.
final class DirectoryLock {
    private var descriptor: Int32

    /// Takes the lock on `directory`, without waiting.
    ///
    /// - Throws: ``TFRecordError`` `.usage` if another process holds it, `.io` otherwise.
    init(_ directory: OutputDirectory) throws(TFRecordError) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open directory", path: directory.path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw TFRecordError(.usage, "another tfrec run is writing into this directory; wait for it or choose another",
                                    at: SourceLocation(path: directory.path))
            }
            throw .system("lock directory", path: directory.path, errno: code)
        }
        descriptor = fd
    }

    deinit { unlock() }

    /// Releases the lock (also done by `deinit`).
    func unlock() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
