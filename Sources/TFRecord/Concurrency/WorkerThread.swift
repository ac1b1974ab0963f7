import Foundation

/// Starting the long-lived threads of a run (readers, shard workers, the CSV scan,
/// compressors): named, as `top -H` and crash reports show them, and joined through a
/// `DispatchGroup` rather than Dispatch's pool, whose threads are not meant to block in
/// `read(2)` or wait on each other for seconds.
package enum WorkerThread {
    /// Starts a thread named `name` running `body`; when `group` is given, the thread is
    /// entered in it until `body` returns.
    ///
    /// - Parameter stackSize: bytes of stack; the workers keep their buffers on the heap.
    package static func start(named name: String, in group: DispatchGroup? = nil, stackSize: Int = 1 << 20,
                              _ body: @escaping @Sendable () -> Void) {
        group?.enter()
        let thread = Thread {
            body()
            group?.leave()
        }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }
}
