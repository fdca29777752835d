// Nothing to compile: the declaration in include/CFuzzDriver.h is implemented by the
// fuzzer runtime that -sanitize=fuzzer links in.
#include "CFuzzDriver.h"
