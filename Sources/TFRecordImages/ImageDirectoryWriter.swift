#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// Writes image files into a directory under names from an ``ImageFileNamer``, never
/// replacing a file: each is created with `open(2)` `O_CREAT | O_EXCL`, and a name that
/// exists already is redrawn (random names) or refused (index names).
///
/// It remembers the files it created, so that a failed run can remove them
/// (``removeCreatedFiles()``) and leave the directory as it found it.
public final class ImageDirectoryWriter {
    /// The directory.
    public let directory: String
    /// The namer.
    public private(set) var namer: ImageFileNamer
    /// Names of the files created, in order.
    public private(set) var createdNames: [String] = []
    /// Bytes written.
    public private(set) var byteCount = 0

    /// Creates a writer for an existing directory.
    public init(directory: String, namer: ImageFileNamer) {
        self.directory = directory
        self.namer = namer
    }

    /// Creates a new file holding `bytes` for an image with `label`.
    ///
    /// - Returns: the file's name (without the directory).
    /// - Throws: ``TFRecord/TFRecordError``: `.usage` when an index name exists already,
    ///   `.io` when creating or writing fails (the partial file is removed).
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer, label: Int64?) throws(TFRecordError) -> String {
        while true {
            let name = namer.nextName(label: label)
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EEXIST {
                    if namer.naming == .random {
                        namer.markTaken(name)
                        continue
                    }
                    throw TFRecordError(
                        .usage, "already exists; write index-named images into an empty directory",
                        at: SourceLocation(path: path))
                }
                throw TFRecordError.system("create", path: path, errno: code)
            }
            createdNames.append(name)
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    _ = close(fd)
                    discard(path)
                    throw TFRecordError.system("write", path: path, errno: code)
                }
                offset += n
            }
            guard close(fd) == 0 else {
                let code = errno
                discard(path)
                throw TFRecordError.system("close", path: path, errno: code)
            }
            byteCount += bytes.count
            return name
        }
    }

    /// ``write(_:label:)`` for a byte array.
    @discardableResult
    public func write(_ bytes: [UInt8], label: Int64?) throws(TFRecordError) -> String {
        try rethrowingTFRecordError { try bytes.withUnsafeBytes { raw in try write(raw, label: label) } }
    }

    private func discard(_ path: String) {
        unlink(path)
        createdNames.removeLast()
    }

    /// Removes every file this writer created.
    ///
    /// - Returns: how many could not be removed.
    @discardableResult
    public func removeCreatedFiles() -> Int {
        var failures = 0
        for name in createdNames {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if unlink(path) != 0 && errno != ENOENT { failures += 1 }
        }
        createdNames.removeAll()
        return failures
    }
}
