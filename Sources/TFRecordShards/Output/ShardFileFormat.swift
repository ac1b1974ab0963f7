import Foundation
import TFRecord

/// How the bytes of each shard file are written: plain or compressed, with or without a
/// `.idx` file beside it.
public struct ShardFileFormat: Sendable {
    /// Whole-file compression of each shard.
    public var compression: RecordCompression
    /// The threads (and level) that compress; required unless `compression` is `.none`.
    public var deflateWorkers: DeflateWorkers?
    /// Write `<shard>.idx` (offsets of the uncompressed records) beside each shard.
    public var writeIndex: Bool

    /// Plain shards without index files.
    public static let plain = ShardFileFormat(compression: .none, deflateWorkers: nil, writeIndex: false)

    /// Creates a format.
    public init(compression: RecordCompression, deflateWorkers: DeflateWorkers?, writeIndex: Bool) {
        precondition(compression == .none || deflateWorkers != nil, "compressed shards need deflate workers")
        self.compression = compression
        self.deflateWorkers = deflateWorkers
        self.writeIndex = writeIndex
    }

    /// The format `options` ask for, with its deflate threads started when compressed.
    ///
    /// - Throws: ``TFRecordError`` `.usage` for a bad level or thread count.
    public init(options: ShardOutputOptions) throws(TFRecordError) {
        self = .plain
        if options.compression != .none {
            let threads = options.compressionThreads ?? ProcessInfo.processInfo.activeProcessorCount
            let workers = try DeflateWorkers(threads: threads, level: options.compressionLevel)
            self = ShardFileFormat(compression: options.compression, deflateWorkers: workers, writeIndex: false)
        }
        writeIndex = options.writeIndex
    }
}
