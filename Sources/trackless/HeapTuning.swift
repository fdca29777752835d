import CFailOpen

/// Heap settings for the commands that clean many messages in one process.
enum HeapTuning {
    /// Keeps freed memory in the heap between messages. By default glibc hands every block
    /// of 128 KiB or more back to the kernel when it is freed, and a 100 KB message makes
    /// several: each message then cost ~200 page faults and 0.6 ms of kernel time in the
    /// milter (measured: 214,000 faults for 1,000 messages, 6,300 with these settings).
    /// Blocks over 1 MiB are still returned (a large message's planning state would stay
    /// mapped under its report); at most 8 MiB of free heap stays mapped in each of at most
    /// 4 arenas.
    static func keepFreedMemory() {
        tl_heap_keep_freed_memory()
    }

    /// Heap settings for `filter`: one message, cleaned in one worker thread. That thread
    /// takes its memory from the main heap instead of an arena of its own, which glibc
    /// opens a page at a time (measured: 41 mprotect calls for a 100 KB message, 2 after).
    static func oneMessage() {
        tl_heap_one_message()
    }
}
