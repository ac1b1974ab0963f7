#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serializes OpenCL discovery and set-up (platform and device queries, contexts, queues,
/// program builds, buffers) across threads; transforms run without it.
///
/// Measured need: PoCL 3.1 (Debian bookworm) initializes its devices lazily on the first
/// `clGetDeviceIDs`, and with executors created on several threads at once one thread saw
/// "1 platform, no device" and another crashed in `strlen(NULL)` inside the driver. Set-up is
/// rare (once per executor), so the lock costs nothing that matters.
let clSetupLock = CLSetupLock()

/// A process-wide pthread mutex (a plain lock: the values produced under it are OpenCL handles,
/// which `Synchronization.Mutex`'s `sending` rules would not let out).
final class CLSetupLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    /// Runs `body` holding the lock.
    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
}
