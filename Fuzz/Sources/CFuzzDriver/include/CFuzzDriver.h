#ifndef TRACKLESS_CFUZZDRIVER_H
#define TRACKLESS_CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have their own main (compiler-rt's
/// FuzzerDriver.cpp). Runs the fuzzing loop with the command-line flags in argv.
int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
