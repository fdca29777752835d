#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFailOpen

/// A detached pthread with a chosen stack size, for the filter's watched worker.
final class WorkerThread: @unchecked Sendable {
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    func start(stackBytes: Int = 64 << 20) {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, stackBytes)
        pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
        let unmanaged = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attr, { arg in
            guard let arg else { return nil }
            let worker = Unmanaged<WorkerThread>.fromOpaque(arg).takeRetainedValue()
            worker.body()
            return nil
        }, unmanaged.toOpaque())
        pthread_attr_destroy(&attr)
        if rc != 0 {
            // No thread: run inline rather than lose the work.
            unmanaged.release()
            body()
        }
    }
}

/// Heap settings for the commands that clean many messages in one process.
enum HeapTuning {
    /// Keeps freed memory in the heap between messages. By default glibc hands every block
    /// of 128 KiB or more back to the kernel when it is freed, and a 100 KB message makes
    /// several: each message then cost ~200 page faults and 0.6 ms of kernel time in the
    /// milter (measured: 214,000 faults for 1,000 messages, 6,300 with these settings).
    /// Blocks over 4 MiB are still returned; at most 8 MiB of free heap stays mapped in
    /// each of at most 4 arenas.
    static func keepFreedMemory() {
        tl_heap_keep_freed_memory()
    }
}
