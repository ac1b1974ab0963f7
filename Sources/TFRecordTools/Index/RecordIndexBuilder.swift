#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord
import TFRecordShards

/// Builds the `.idx` file of an existing record file (`tfrec index`): one pass through
/// ``RecordReader`` (both CRCs of every record checked), memory bounded by the reader's
/// buffer and 64 KiB of index text whatever the file's size.
///
/// The index is written under a temporary name in the file's directory, synced and renamed
/// to `<file>.idx` only after the last record read cleanly; on any error nothing is left.
public struct RecordIndexBuilder: Sendable {
    /// Creates a builder.
    public init() {}

    /// Writes `<path>.idx` for the record file at `path`.
    ///
    /// - Parameter meter: where the records and bytes indexed go as the pass goes, for progress.
    /// - Returns: the number of records indexed.
    /// - Throws: ``TFRecordError`` `.badInput` naming the file, record and byte offset of a
    ///   corrupt or truncated record; `.usage` for a compressed file (index offsets count
    ///   bytes of uncompressed files); `.io`.
    /// - Complexity: O(file size) time, O(1) memory beyond the largest record.
    @discardableResult
    public func buildIndex(forFile path: String, meter: ProgressMeter? = nil) throws(TFRecordError) -> Int {
        let reader = try RecordReader(path: path)
        var reported = (records: 0, bytes: 0)
        func report() {
            meter?.add(records: reader.recordIndex - reported.records, bytes: reader.offset - reported.bytes)
            reported = (reader.recordIndex, reader.offset)
        }
        // A failed file counts what was read of it too: the bar measures work done.
        defer { report() }
        guard reader.compression == .none else {
            throw TFRecordError(
                .usage, "is \(reader.compression)-compressed; .idx files index the byte offsets of uncompressed "
                    + "record files (decompress it first, or convert without \(setting: .compression))",
                at: SourceLocation(path: path))
        }
        // Written under a temporary name beside the file, renamed when complete.
        let output = try AtomicOutputFile(path: RecordIndexLines.fileName(forRecordFile: path))
        var lines = RecordIndexLines()
        while true {
            let start = reader.offset
            guard try reader.nextRecord({ (_) throws(TFRecordError) -> Void in }) != nil else { break }
            lines.append(offset: start, size: reader.offset - start)
            if lines.bytes.count >= 1 << 16 {
                try output.file.write(lines.bytes)
                lines.removeAll()
                report()
            }
        }
        try output.file.write(lines.bytes)
        try output.commit()
        return reader.recordIndex
    }
}
