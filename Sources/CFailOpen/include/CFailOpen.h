#ifndef TRACKLESS_CFAILOPEN_H
#define TRACKLESS_CFAILOPEN_H
#include <stddef.h>
#include <stdint.h>

/// Arms the crash handlers: if the process dies from SIGSEGV, SIGBUS, SIGILL, SIGTRAP,
/// SIGFPE or SIGABRT before output starts, the handler writes `original` (when
/// `tempfail` is 0) to standard output and exits 0, or exits 75 writing nothing.
/// The buffer must stay alive and unchanged while armed.
void tl_failopen_arm(const uint8_t *original, size_t length, int tempfail);

/// Tells the handlers that real output has begun: a crash from now on exits 75,
/// since the bytes already written cannot be taken back.
void tl_failopen_output_started(void);

/// Writes the original (or exits 75) exactly as a crash would; for timeouts.
/// Never returns.
void tl_failopen_bail_out(void) __attribute__((noreturn));

/// For `filter`, which cleans one message in one worker thread: allocations come from the
/// main heap, which grows in large steps (glibc's mallopt).
void tl_heap_one_message(void);

/// For processes that clean message after message (milter, clean): keeps freed memory in
/// the heap instead of returning each large block to the kernel (glibc's mallopt).
void tl_heap_keep_freed_memory(void);
#endif
