// Fail-open crash handling for `trackless filter`. Written in C because a signal
// handler may only call async-signal-safe functions (write, _exit), and the Swift
// runtime makes no such promise.
#include "CFailOpen.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const uint8_t *volatile g_original = NULL;
static volatile size_t g_length = 0;
static volatile int g_tempfail = 0;
static volatile sig_atomic_t g_output_started = 0;
static volatile sig_atomic_t g_bailing = 0;

static void write_original_and_exit(void) __attribute__((noreturn));
static void write_original_and_exit(void) {
    // A second fault while bailing out (or a fault after output began) cannot be repaired.
    if (g_bailing || g_output_started || g_tempfail || g_original == NULL) _exit(75);
    g_bailing = 1;
    size_t done = 0;
    while (done < g_length) {
        ssize_t n = write(1, g_original + done, g_length - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            _exit(75);
        }
        done += (size_t)n;
    }
    _exit(0);
}

static void on_fatal_signal(int sig) {
    (void)sig;
    write_original_and_exit();
}

void tl_failopen_arm(const uint8_t *original, size_t length, int tempfail) {
    g_original = original;
    g_length = length;
    g_tempfail = tempfail;
    // An alternate stack, so that a stack overflow can still be handled.
    static uint8_t alt_stack[64 * 1024];
    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = alt_stack;
    ss.ss_size = sizeof alt_stack;
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &sa, NULL);
}

void tl_failopen_output_started(void) { g_output_started = 1; }

void tl_failopen_bail_out(void) { write_original_and_exit(); }

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void tl_heap_one_message(void) {
#if defined(__GLIBC__)
    /* The cleaning thread allocates from the main heap: a thread's own arena is reserved
       whole and then opened a page at a time, one mprotect call per page (about forty for
       a 100 KB message). The heap grows by 1 MiB beyond each request, so a message takes a
       few brk calls rather than one per 128 KiB. (Keeping blocks over 128 KiB in the heap
       too saved 80 page faults on a 400 KB message, but raised the peak memory of large
       hostile messages by a tenth: not done.) */
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TOP_PAD, 1 << 20);
#endif
}

void tl_heap_keep_freed_memory(void) {
#if defined(__GLIBC__)
    /* Blocks up to 1 MiB come from the heap (an ordinary message's arrays, so they are
       reused from one message to the next); larger ones are mapped and handed back when
       freed, so a large message's planning state is gone before its report is made (with
       4 MiB here, 80,000 pixels in one message peaked 9 MB higher in `clean` than in
       `filter`). Up to 8 MiB of free memory stays at the top of each arena; 4 arenas at
       most, so what stays mapped is bounded however many threads the connections start. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
    mallopt(M_ARENA_MAX, 4);
#endif
}
