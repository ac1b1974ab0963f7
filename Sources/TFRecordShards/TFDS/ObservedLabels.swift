import Synchronization
import TFRecord

/// The smallest and largest label a conversion wrote, from which TFDS metadata declares the
/// label's classes (``TFDSLabelClasses/init(observed:)``).
///
/// Encoders on every thread report each label through ``observe(_:)``: a relaxed load per
/// label, and a compare-and-swap only while the range still widens, so that sharing one
/// value between threads costs nothing measurable once the range has settled (after the
/// first few records of a dataset of classes).
public final class ObservedLabels: Sendable {
    /// The key of the label feature, to read labels back from shards kept by `--resume`.
    public let key: String
    private let smallest = Atomic<Int64>(.max)
    private let largest = Atomic<Int64>(.min)

    /// Creates an empty range for the label feature `key`.
    public init(key: String) {
        self.key = key
    }

    /// Widens the range to hold `label`. Thread-safe.
    @inlinable
    public func observe(_ label: Int64) {
        widen(smallestTo: label)
        widen(largestTo: label)
    }

    /// The range of the labels observed, or `nil` if none was.
    public var range: ClosedRange<Int64>? {
        let (low, high) = (smallest.load(ordering: .relaxed), largest.load(ordering: .relaxed))
        return low <= high ? low...high : nil
    }

    @usableFromInline
    func widen(smallestTo label: Int64) {
        var current = smallest.load(ordering: .relaxed)
        while label < current {
            let (exchanged, original) = smallest.compareExchange(expected: current, desired: label, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    @usableFromInline
    func widen(largestTo label: Int64) {
        var current = largest.load(ordering: .relaxed)
        while label > current {
            let (exchanged, original) = largest.compareExchange(expected: current, desired: label, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Observes the labels of every record in the record file at `path` (a shard that an
    /// interrupted run completed and this one kept, whose labels no encoder saw).
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a corrupt record or one that is not a
    ///   `tf.train.Example`, `.io`.
    public func observe(recordFile path: String) throws(TFRecordError) {
        let reader = try RecordReader(path: path)
        while true {
            let (index, offset) = (reader.recordIndex, reader.offset)
            let parsed = try reader.nextRecord { (payload) throws(TFRecordError) -> Tensorflow_Example in
                do { return try Tensorflow_Example(serializedBytes: Array(payload)) } catch {
                    throw TFRecordError(.badInput, "not a tf.train.Example",
                                        at: SourceLocation(path: path, recordIndex: index, byteOffset: offset))
                }
            }
            guard let example = parsed else { return }
            for label in example.features.feature[key]?.int64List.value ?? [] { observe(label) }
        }
    }
}
