import TFRecord
import TFRecordSources

/// `.npy` and IDX arrays as a ``RecordSource``: record i is row i of the files taken in
/// order (or row `permutation[i]` when shuffled).
///
/// Positional when every file can be read at any row with one `pread` (C-order files, and
/// streams or Fortran-order files staged for a shuffle); a stream (gzip, an .npz member) or
/// a Fortran-order file read in order makes it sequential.
final class ArrayRecordSource: RecordSource, @unchecked Sendable {
    // Immutable after init; the encoders made per worker hold the mutable scratch space.
    private let files: [ArrayFile]
    private let rows: ArrayInputRows
    private let labels: [Int64]?
    private let rowsPerChunk: Int
    private let maxChunksInFlight: Int?
    private let makeChunkEncoder: @Sendable () throws(TFRecordError) -> ArrayChunkEncoder

    /// - Parameters:
    ///   - labels: one label per row of all files, from label files, or `nil`.
    ///   - makeChunkEncoder: a new encoder for one worker thread.
    init(files: [ArrayFile], rows: ArrayInputRows, labels: [Int64]?, rowsPerChunk: Int, maxChunksInFlight: Int?,
         makeChunkEncoder: @escaping @Sendable () throws(TFRecordError) -> ArrayChunkEncoder) {
        self.files = files
        self.rows = rows
        self.labels = labels
        self.rowsPerChunk = rowsPerChunk
        self.maxChunksInFlight = maxChunksInFlight
        self.makeChunkEncoder = makeChunkEncoder
    }

    var recordCount: Int? { rows.count }

    var isPositional: Bool { files.allSatisfy(\.hasRandomAccessRows) }

    var inputSize: Int? { rows.count * files[0].header.rowBytes }

    func makeRangeEncoder() throws(TFRecordError) -> any RecordRangeEncoder {
        let encoder = try makeChunkEncoder()
        return ChunkRangeEncoder { [self] (range, buffer, write) throws(TFRecordError) in
            let reader = reader(records: range)
            while let chunk = try reader.next() {
                buffer.removeAll()
                let encoded = encoder.encode(chunk, into: buffer)
                try write(encoded)
                if let fatal = encoded.fatal { throw fatal }
            }
        }
    }

    /// A reader of records `range` (all records by default).
    private func reader(records: Range<Int>? = nil) -> ArrayChunkReader {
        ArrayChunkReader(files: files, rows: rows, labels: labels, rowsPerChunk: rowsPerChunk, records: records)
    }

    func finish() throws(TFRecordError) {
        for file in files { try file.checkUnchanged() }
    }

    func encodeAll(threads: Int, cancellation: CancellationFlag, into sink: any RecordSink)
        throws(TFRecordError) -> [TFRecordError]
    {
        let reader = reader()
        let buffers = BufferPool()
        let stages = ChunkPipelineStages<ArrayChunk, EncodedChunk>(
            next: reader.next, threads: threads, maxInFlight: maxChunksInFlight, buffers: buffers,
            cancellation: cancellation
        ) { [makeChunkEncoder] () throws(TFRecordError) in try makeChunkEncoder().encode(_:into:) }
        stages.start()
        defer { stages.stop() }
        try stages.forEachInOrder(cancellation: cancellation) { (chunk) throws(TFRecordError) in
            try sink.write(chunk)
            if let fatal = chunk.fatal { throw fatal }
            buffers.give(chunk.records)
            return true
        }
        return []
    }
}
