#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// One shard file being written under its temporary name: its bytes (plain, or through a
/// ``ParallelDeflater``), the `.idx` lines of its records, the SHA-256 of the bytes on
/// disk, and the final sync and close. ``ShardWriter`` opens one per shard.
package final class ShardFile {
    /// The shard's temporary path.
    let path: String
    /// The temporary path of its `.idx` file, if one is written.
    let indexPath: String?

    private let file: OutputFile
    private let digest: SHA256Digest?
    private let deflater: ParallelDeflater?
    private var index: (file: OutputFile, lines: RecordIndexLines)?
    /// Whether the file is compressed.
    var isCompressed: Bool { deflater != nil }
    /// Bytes of framed records received (the uncompressed size).
    private(set) var uncompressedBytes = 0
    /// Where the next record starts in that count: at `uncompressedBytes`, unless a record
    /// arriving in parts has begun.
    private var recordStart = 0
    /// Writeback starts every 8 MiB of a shard, so that the disk writes while the worker
    /// encodes the rest and the shard's closing `fsync` waits only for its tail.
    static let writebackInterval = 8 << 20

    /// What a closed shard file holds.
    struct Closed {
        /// The size of the file on disk.
        var bytes: Int
        /// The size of its record stream (equals `bytes` for plain shards).
        var uncompressedBytes: Int
        /// SHA-256 of the file on disk, as hex.
        var sha256: String?
    }

    /// Creates the file at `path` (and the index at `indexPath` when the format asks for one).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    init(path: String, indexPath: String?, format: ShardFileFormat, computeDigest: Bool) throws(TFRecordError) {
        let file = try OutputFile(creating: path)
        file.writebackInterval = Self.writebackInterval
        let digest = computeDigest ? SHA256Digest() : nil
        self.path = path
        self.file = file
        self.digest = digest
        if format.compression == .none {
            deflater = nil
        } else {
            deflater = ParallelDeflater(format: format.compression, workers: format.deflateWorkers!) {
                (bytes) throws(TFRecordError) in
                try file.write(bytes)
                digest?.update(bytes)
            }
        }
        if format.writeIndex, let indexPath {
            do throws(TFRecordError) {
                index = (try OutputFile(creating: indexPath), RecordIndexLines())
            } catch {
                unlink(path)
                throw error
            }
            self.indexPath = indexPath
        } else {
            self.indexPath = nil
        }
    }

    /// Appends consecutive framed records. A record may arrive in parts over several calls
    /// (one too large to hold, see ``TFRecord/ExampleEncoder/streamRecord(contentSizes:streamed:through:pieceSize:flush:writeContent:streamContent:)``):
    /// bytes after the last end, or all of them when `ends` is empty, begin a record that a
    /// later call ends.
    ///
    /// - Parameters:
    ///   - records: the records' bytes.
    ///   - ends: the end offset of each record that ends in `records`, counted like `start`.
    ///   - start: the offset of `records`' first byte in that count.
    /// - Throws: ``TFRecordError`` `.io`.
    package func append(records: UnsafeRawBufferPointer, ends: ArraySlice<Int>, start: Int) throws(TFRecordError) {
        for end in ends {
            let recordEnd = uncompressedBytes + end - start
            index?.lines.append(offset: recordStart, size: recordEnd - recordStart)
            recordStart = recordEnd
        }
        if index != nil, index!.lines.bytes.count >= 1 << 16 { try flushIndex() }
        if let deflater {
            try deflater.write(records)
        } else {
            try file.write(records)
            digest?.update(records)
        }
        uncompressedBytes += records.count
    }

    /// Finishes the compressed stream, syncs and closes the file and its index.
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    func close() throws(TFRecordError) -> Closed {
        try deflater?.finish()
        if let index {
            try flushIndex()
            try index.file.sync()
            try index.file.close()
        }
        try file.sync()
        try file.close()
        return Closed(bytes: file.bytesWritten, uncompressedBytes: uncompressedBytes, sha256: digest?.finalizeHex())
    }

    /// Closes without finishing and removes the temporary files (a failed or interrupted run).
    package func discard() {
        try? file.close()
        try? index?.file.close()
        unlink(path)
        if let indexPath { unlink(indexPath) }
    }

    private func flushIndex() throws(TFRecordError) {
        guard let index else { return }
        try index.file.write(index.lines.bytes)
        self.index!.lines.removeAll()
    }
}
