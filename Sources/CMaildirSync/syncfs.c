#define _GNU_SOURCE
#include <unistd.h>
#include "CMaildirSync.h"

int tl_syncfs(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    return fsync(fd) == 0 ? 1 : -1;
#endif
}
