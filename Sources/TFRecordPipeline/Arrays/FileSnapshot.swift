#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// What `fstat` says about an input file — size, modification time, identity — taken when
/// it is opened and compared while and after it is read, so that a file that another
/// process truncates, rewrites or replaces during a conversion is reported instead of
/// silently giving a mix of old and new data.
struct FileSnapshot: Equatable, Sendable {
    var size: Int
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var device: UInt64
    var inode: UInt64

    /// The state of the open file `descriptor` (`fstat(2)`).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    init(descriptor: Int32, path: String) throws(TFRecordError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system("stat", path: path) }
        size = Int(info.st_size)
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// Throws unless the file is as it was when `self` was taken.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` naming what changed.
    func check(descriptor: Int32, path: String) throws(TFRecordError) {
        let now = try FileSnapshot(descriptor: descriptor, path: path)
        guard now != self else { return }
        let change = now.size != size ? "its size went from \(size) to \(now.size) bytes" : "it was modified"
        throw TFRecordError(.badInput, "the file changed while it was being read (\(change)); convert it again once it "
                            + "is complete", at: SourceLocation(path: path))
    }
}
