internal import CZip
import TFRecord

/// The uncompressed bytes of one zip member, read front to back with libzip (`zip_fread`),
/// owned by this object: `deinit` calls `zip_fclose`.
///
/// Memory is bounded whatever the member's size: libzip inflates a deflated member in
/// blocks into the caller's buffer, and checks its CRC-32 when the last byte is read. A
/// deflated member cannot seek; callers read it in order (as a gzip stream).
///
/// Not thread-safe; keeps its ``ZipArchive`` alive.
package final class ZipMemberReader: ByteStream {
    /// The archive it belongs to.
    package let archive: ZipArchive
    /// The member.
    package let member: ZipArchive.Member
    private let file: OpaquePointer
    /// Uncompressed bytes read so far.
    package private(set) var position = 0

    init(archive: ZipArchive, member: ZipArchive.Member, file: OpaquePointer) {
        self.archive = archive
        self.member = member
        self.file = file
    }

    deinit { zip_fclose(file) }

    /// Reads the next uncompressed bytes into `buffer` (one `zip_fread`).
    ///
    /// - Returns: the byte count; 0 only at the end of the member.
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` for corrupt compressed data or a
    ///   CRC-32 that does not match (`zip_file_strerror`), naming `archive:member`.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let n = zip_fread(file, base, zip_uint64_t(buffer.count))
        if n < 0 {
            throw TFRecordError(.badInput, "corrupt data in member \(member.name) after \(position) "
                                + "uncompressed bytes: \(String(cString: zip_file_strerror(file)))",
                                at: SourceLocation(path: archive.path))
        }
        position += Int(n)
        return Int(n)
    }
}
