#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
internal import CZip
import TFRecord

/// A zip archive opened for reading with libzip (`zip_fdopen`), owned by this object:
/// `deinit` discards libzip's handle (`zip_discard`, which closes its descriptor).
///
/// Lists the members from the central directory (zip64 included: members and archives
/// over 4 GiB) and opens a member as a stream of its uncompressed bytes
/// (``ZipMemberReader``). Nothing is inflated up front.
///
/// Not thread-safe: libzip's archive handle is used by one thread at a time.
package final class ZipArchive {
    /// One member as the central directory lists it.
    package struct Member: Sendable, Equatable {
        /// Its index in the archive.
        package var index: Int
        /// Its name, e.g. `x_train.npy`.
        package var name: String
        /// Uncompressed size in bytes.
        package var size: Int
        /// Compressed size in bytes (the same as ``size`` for a stored member).
        package var compressedSize: Int
        /// Whether it is stored as is (method 0); otherwise compressed (deflate, for NumPy).
        package var isStored: Bool
    }

    /// The path as given.
    package let path: String
    /// The members, in the order of the central directory.
    package let members: [Member]
    /// The archive file's state when it was opened.
    let snapshot: FileSnapshot
    /// Our own descriptor of the archive (libzip has another), for checking it is unchanged.
    private let descriptor: Int32
    private let archive: OpaquePointer

    /// Whether the bytes `start` begin a zip archive: a local file header (`PK\3\4`) or, for
    /// an archive without members, the end of central directory record (`PK\5\6`).
    package static func isZip(start: [UInt8]) -> Bool {
        start.count >= 4 && start[0] == 0x50 && start[1] == 0x4B
            && ((start[2] == 3 && start[3] == 4) || (start[2] == 5 && start[3] == 6))
    }

    /// Opens `path` and reads its central directory.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` for a missing or unreadable file and for
    ///   a file that is not a zip archive or whose directory is damaged (libzip's reason in
    ///   the message); `.io` when `dup` fails.
    package init(path: String) throws(TFRecordError) {
        let (fd, snapshot) = try RandomAccessFile.openInput(path)
        let forLibzip = dup(fd)
        guard forLibzip >= 0 else {
            close(fd)
            throw .system("dup", path: path)
        }
        var code: Int32 = 0
        // ZIP_CHECKCONS: check the central directory against the local headers up front.
        guard let archive = zip_fdopen(forLibzip, ZIP_RDONLY | ZIP_CHECKCONS, &code) else {
            close(forLibzip)
            close(fd)
            throw TFRecordError(.badInput, "not a readable zip archive: \(Self.reason(code: code))",
                                at: SourceLocation(path: path))
        }
        self.path = path
        self.descriptor = fd
        self.snapshot = snapshot
        self.archive = archive
        var members: [Member] = []
        let count = zip_get_num_entries(archive, 0)
        for index in 0..<max(0, count) {
            var info = zip_stat_t()
            zip_stat_init(&info)
            guard zip_stat_index(archive, zip_uint64_t(index), 0, &info) == 0, let name = info.name else {
                zip_discard(archive)
                close(fd)
                throw TFRecordError(.badInput, "damaged zip directory entry \(index)", at: SourceLocation(path: path))
            }
            members.append(Member(index: Int(index), name: String(cString: name), size: Int(info.size),
                                  compressedSize: Int(info.comp_size), isStored: info.comp_method == ZIP_CM_STORE))
        }
        self.members = members
    }

    deinit {
        zip_discard(archive)
        close(descriptor)
    }

    /// The member named `name`, or `nil`.
    package func member(named name: String) -> Member? {
        members.first { $0.name == name }
    }

    /// Opens `member` for reading its uncompressed bytes front to back.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` for a member libzip cannot read
    ///   (an unsupported compression method, encryption), naming `path:member`.
    package func open(_ member: Member) throws(TFRecordError) -> ZipMemberReader {
        guard let file = zip_fopen_index(archive, zip_uint64_t(member.index), 0) else {
            let error = zip_get_error(archive)
            let reason = error.map { String(cString: zip_error_strerror($0)) } ?? "unknown error"
            throw TFRecordError(.badInput, "cannot read member \(member.name): \(reason)", at: SourceLocation(path: path))
        }
        return ZipMemberReader(archive: self, member: member, file: file)
    }

    /// Throws unless the archive file is as it was when opened.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput`.
    package func checkUnchanged() throws(TFRecordError) {
        try snapshot.check(descriptor: descriptor, path: path)
    }

    /// libzip's words for error code `code` (`zip_error_strerror`).
    static func reason(code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
