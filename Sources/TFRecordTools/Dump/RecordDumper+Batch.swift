import TFRecord
import TFRecordShards
import TFRecordPixels

extension RecordDumper {
    /// Records per thread in one batch, and payload bytes per thread: a batch is read in
    /// order, then formatted in slices on every thread, so memory is bounded by a batch.
    static let batchRecords = 2048
    static let batchBytes = 4 << 20

    /// A record read, waiting to be formatted.
    struct PendingRecord: Sendable {
        var payload: [UInt8]
        var at: SourceLocation
    }

    /// What formatting one slice of a batch gave, to be taken back in order.
    struct FormattedSlice: Sendable {
        /// The records' text (or `.npy` bytes).
        var text: [UInt8] = []
        /// Labels of `.npy` dumps.
        var labels: [Int64] = []
        /// The value count and dtype of the slice's first record (`.npy` dumps), which must
        /// match the records before the slice.
        var firstShape: (count: Int, dtype: String)?
        /// Records formatted, those before `error`.
        var records = 0
        /// The first bad record of the slice; the records after it are not formatted.
        var error: TFRecordError?
    }

    /// `count` records cut into at most `threads` contiguous slices of nearly equal size.
    static func slices(of count: Int, threads: Int) -> [Range<Int>] {
        let parts = max(1, min(threads, count))
        return (0..<parts).map { i in (i * count / parts)..<((i + 1) * count / parts) }
    }

    /// The error of a record whose value count or dtype differs from the earlier records'
    /// (one `.npy` array needs equal records).
    static func shapeMismatch(_ this: (count: Int, dtype: String), earlier first: (count: Int, dtype: String),
                              at: SourceLocation) -> TFRecordError {
        TFRecordError(.badInput, "record has \(this.count) \(this.dtype) values, earlier ones \(first.count) "
                          + "\(first.dtype): one .npy array needs equal records", at: at)
    }

    /// Decodes and formats `records` (of a file of `kind`), stopping at the first bad one.
    func formatSlice(_ records: ArraySlice<PendingRecord>, kind: ExampleKind, encoding: PixelEncoding?) -> FormattedSlice {
        var slice = FormattedSlice()
        for record in records {
            do throws(TFRecordError) {
                try formatRecord(record, kind: kind, encoding: encoding, into: &slice)
            } catch {
                slice.error = error
                return slice
            }
            slice.records += 1
        }
        return slice
    }

    private func formatRecord(_ record: PendingRecord, kind: ExampleKind, encoding: PixelEncoding?,
                        into slice: inout FormattedSlice) throws(TFRecordError) {
        let at = record.at
        if kind == .sequenceExample {
            // Records without feature lists parse too: they are SequenceExamples with context only.
            guard let sequence = try? Tensorflow_SequenceExample(serializedBytes: record.payload) else {
                throw TFRecordError(.badInput, "record is not a tf.train.SequenceExample", at: at)
            }
            SequenceExampleJSON.appendLine(sequence, to: &slice.text)
            return
        }
        guard let example = try? Tensorflow_Example(serializedBytes: record.payload) else {
            throw TFRecordError(.badInput, "record is not a tf.train.Example", at: at)
        }
        let label = example.features.feature[labelKey].flatMap { $0.int64List.value.first }
        guard let image = example.features.feature[imageKey] else {
            throw TFRecordError(.badInput, "no feature '\(imageKey)'; use \(setting: .imageKey)", at: at)
        }
        let values = try values(of: image, encoding: encoding, at: at)
        if format == .npy {
            // One array: every record must have the same size and dtype.
            let this = (count: values.count, dtype: values.dtype)
            if let first = slice.firstShape, first != this { throw Self.shapeMismatch(this, earlier: first, at: at) }
            slice.firstShape = slice.firstShape ?? this
            if let label { slice.labels.append(label) }
        }
        append(label: label, values: values, to: &slice.text)
    }
}
