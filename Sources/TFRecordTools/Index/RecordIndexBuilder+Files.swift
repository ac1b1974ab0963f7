import Dispatch
import Synchronization
import TFRecord

extension RecordIndexBuilder {
    /// Writes the `.idx` of every file in `paths`, `threads` files at a time; a file that
    /// fails (corrupt, compressed, unreadable) gets no index and does not stop the others.
    ///
    /// - Parameters:
    ///   - threads: files indexed at once; the results do not depend on it.
    ///   - progress: called about ten times a second with the records and bytes indexed.
    /// - Returns: each file's record count or error, in the order of `paths`.
    public func buildIndexes(forFiles paths: [String], threads: Int = 1,
                             progress: (@Sendable (WorkProgress) -> Void)? = nil) -> [Result<Int, TFRecordError>] {
        precondition(threads > 0, "threads must be at least 1")
        let meter = progress.map { ProgressMeter(totalBytes: ShardFileList.totalSize(of: paths), report: $0) }
        let results = Mutex<[Result<Int, TFRecordError>?]>(Array(repeating: nil, count: paths.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, paths.count))) { _ in
            while case let file = next.add(1, ordering: .relaxed).oldValue, file < paths.count {
                let result = Result { () throws(TFRecordError) in try buildIndex(forFile: paths[file], meter: meter) }
                results.withLock { $0[file] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
