/// One block of a ``ParallelDeflater``'s stream on its way through the ``DeflateWorkers``:
/// the preceding 32 KiB (the dictionary), the block's uncompressed bytes, and — once a
/// worker is done — its raw deflate bytes and checksum.
///
/// Ownership: the deflater fills it, then hands it to the workers' queue; a worker writes
/// the results and marks it done under the queue's lock; the deflater reads them only after
/// seeing it done under that lock. Hence `@unchecked Sendable`. Blocks are reused.
final class DeflateBlock: @unchecked Sendable {
    /// The most dictionary bytes deflate can use: its 32 KiB window.
    static let dictionaryCapacity = 1 << 15

    /// Uncompressed bytes a full block holds.
    let capacity: Int
    private let storage: UnsafeMutableRawPointer
    private let outputStorage: UnsafeMutableRawPointer
    private let outputCapacity: Int

    /// Dictionary bytes at the start of the storage.
    private(set) var dictionaryCount = 0
    /// Uncompressed bytes after the dictionary.
    private(set) var count = 0
    /// Whether this block ends the stream (`Z_FINISH`).
    var isLast = false
    /// The checksum format of the stream.
    var container: DeflateContainer

    // Set by the worker; read by the deflater after `isDone`.
    var compressedCount = 0
    var check: UInt32 = 0
    var error: TFRecordError?
    /// Guarded by the queue's lock.
    var isDone = false

    init(capacity: Int, container: DeflateContainer) {
        self.capacity = capacity
        self.container = container
        storage = .allocate(byteCount: Self.dictionaryCapacity + capacity, alignment: 16)
        outputCapacity = DeflateBlockCompressor.bound(inputSize: capacity)
        outputStorage = .allocate(byteCount: outputCapacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
        outputStorage.deallocate()
    }

    /// Room left for uncompressed bytes.
    var room: Int { capacity - count }

    /// Empties the block and primes it with the last 32 KiB of `previous`'s bytes (none
    /// for the first block of a stream).
    func reset(after previous: DeflateBlock?) {
        count = 0
        isLast = false
        isDone = false
        error = nil
        compressedCount = 0
        dictionaryCount = 0
        guard let previous else { return }
        let bytes = previous.uncompressed
        let tail = UnsafeRawBufferPointer(rebasing: bytes.suffix(Self.dictionaryCapacity))
        // Right before the input, where `run` takes it from.
        (storage + Self.dictionaryCapacity - tail.count).copyMemory(from: tail.baseAddress!, byteCount: tail.count)
        dictionaryCount = tail.count
    }

    /// Copies as much of `bytes` as fits; returns how many bytes it took.
    func fill(from bytes: UnsafeRawBufferPointer) -> Int {
        let taken = min(room, bytes.count)
        if taken > 0 {
            (storage + Self.dictionaryCapacity + count).copyMemory(from: bytes.baseAddress!, byteCount: taken)
            count += taken
        }
        return taken
    }

    /// The block's uncompressed bytes.
    var uncompressed: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage + Self.dictionaryCapacity, count: count)
    }

    /// The compressed bytes, once done.
    var compressed: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: outputStorage, count: compressedCount)
    }

    /// Compresses the block with `compressor` and computes its checksum (on a worker thread).
    func run(with compressor: DeflateBlockCompressor) {
        let dictionary = UnsafeRawBufferPointer(
            start: storage + Self.dictionaryCapacity - dictionaryCount, count: dictionaryCount)
        do throws(TFRecordError) {
            compressedCount = try compressor.compress(
                uncompressed, dictionary: dictionary, last: isLast,
                into: UnsafeMutableRawBufferPointer(start: outputStorage, count: outputCapacity))
            check = container.check(of: uncompressed)
        } catch {
            self.error = error
        }
    }
}
