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
package final class ZipMemberReader {
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

    /// Fills `buffer` with the next uncompressed bytes, as far as the member allows.
    ///
    /// - Returns: the bytes read; fewer than `buffer.count` only at the end of the member.
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` for corrupt compressed data or a
    ///   CRC-32 that does not match (`zip_file_strerror`), naming `archive:member`.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = zip_fread(file, buffer.baseAddress! + filled, zip_uint64_t(buffer.count - filled))
            if n < 0 {
                throw TFRecordError(.badInput, "corrupt data in member \(member.name) after \(position + filled) "
                                    + "uncompressed bytes: \(String(cString: zip_file_strerror(file)))",
                                    at: SourceLocation(path: archive.path))
            }
            if n == 0 { break }
            filled += Int(n)
        }
        position += filled
        return filled
    }

    /// Up to `count` uncompressed bytes (fewer at the end of the member).
    package func read(count: Int) throws(TFRecordError) -> [UInt8] {
        try [UInt8](filling: count) { (buffer) throws(TFRecordError) in try read(into: buffer) }
    }
}
