#if canImport(Glibc)
import Glibc
#endif
import CZip

/// Writes zip archives with libzip itself (`zip_open`, `zip_source_buffer`,
/// `zip_set_file_compression`), for the tests of the `.npz` reader: the archives a real
/// zip writer makes, stored or deflated, not bytes laid out by hand.
public enum ZipTestArchive {
    /// A member to write.
    public struct Member {
        /// Its name in the archive, e.g. `x_train.npy`.
        public var name: String
        /// Its bytes, or `nil` to take them from the file at ``file``.
        public var bytes: [UInt8]?
        /// A file whose bytes the member holds (read by libzip while writing; for large members).
        public var file: String?
        /// Deflate (as `np.savez_compressed`) or store (as `np.savez`).
        public var deflate: Bool
        /// The deflate level, 1...9, or 0 for libzip's default (zlib's 6, as NumPy's).
        public var level: UInt32 = 0

        /// A member holding `bytes`.
        public init(_ name: String, _ bytes: [UInt8], deflate: Bool) {
            (self.name, self.bytes, self.file, self.deflate) = (name, bytes, nil, deflate)
        }

        /// A member holding the bytes of the file at `file`.
        public init(_ name: String, file: String, deflate: Bool, level: UInt32 = 0) {
            (self.name, self.bytes, self.file, self.deflate, self.level) = (name, nil, file, deflate, level)
        }
    }

    /// A failure of libzip, with its message.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `members` to a new archive at `path` (replacing any file there).
    ///
    /// - Throws: ``Failure`` when libzip fails.
    public static func write(_ members: [Member], to path: String) throws {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            throw Failure(description: "zip_open \(path): code \(code)")
        }
        for member in members {
            let source: OpaquePointer?
            if let bytes = member.bytes {
                // libzip frees the copy (freep 1) once the archive is written.
                let copy = malloc(max(1, bytes.count))!
                bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                source = zip_source_buffer(archive, copy, zip_uint64_t(bytes.count), 1)
                if source == nil { free(copy) }
            } else {
                source = zip_source_file(archive, member.file!, 0, -1)
            }
            guard let source else { throw failure(archive) }
            let index = zip_file_add(archive, member.name, source, ZIP_FL_OVERWRITE)
            guard index >= 0 else {
                zip_source_free(source)
                throw failure(archive)
            }
            let method = member.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE
            guard zip_set_file_compression(archive, zip_uint64_t(index), Int32(method), member.level) == 0 else { throw failure(archive) }
        }
        guard zip_close(archive) == 0 else {
            let error = failure(archive)
            zip_discard(archive)
            throw error
        }
    }

    private static func failure(_ archive: OpaquePointer) -> Failure {
        Failure(description: String(cString: zip_error_strerror(zip_get_error(archive))))
    }
}
