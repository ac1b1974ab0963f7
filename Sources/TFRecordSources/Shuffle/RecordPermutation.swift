import TFRecord

/// A reproducible permutation of record indices: the order of a `--shuffle --seed S` run.
///
/// Output record `i` is input record `self[i]`. The permutation is a Fisher–Yates shuffle
/// driven by ``SeededGenerator`` (integer arithmetic only), so the same `count` and `seed`
/// give the same order on every platform and in every release; the output bytes of a
/// shuffled conversion therefore depend only on the input, the options and the seed.
///
/// Memory: 4 bytes per record while `count` fits in `UInt32` (a billion records: 4 GiB),
/// else 8 — the indices are shuffled, never the records themselves.
public struct RecordPermutation: Sendable, RandomAccessCollection {
    private enum Storage: Sendable {
        case narrow([UInt32])
        case wide([Int])
    }

    private let storage: Storage

    /// Shuffles `0..<count` with `seed`.
    ///
    /// - Complexity: O(`count`).
    public init(count: Int, seed: UInt64) {
        precondition(count >= 0)
        var generator = SeededGenerator(seed: seed)
        if count <= Int(UInt32.max) {
            var indices = (0..<count).map { UInt32(truncatingIfNeeded: $0) }
            Self.shuffle(&indices, with: &generator)
            storage = .narrow(indices)
        } else {
            var indices = Array(0..<count)
            Self.shuffle(&indices, with: &generator)
            storage = .wide(indices)
        }
    }

    private static func shuffle<T>(_ indices: inout [T], with generator: inout SeededGenerator) {
        guard indices.count > 1 else { return }
        for i in stride(from: indices.count - 1, to: 0, by: -1) {
            let j = generator.next(upperBound: i + 1)
            indices.swapAt(i, j)
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .narrow(let indices): indices.count
        case .wide(let indices): indices.count
        }
    }

    /// The input record that becomes output record `position`.
    public subscript(position: Int) -> Int {
        switch storage {
        case .narrow(let indices): Int(indices[position])
        case .wide(let indices): indices[position]
        }
    }
}
