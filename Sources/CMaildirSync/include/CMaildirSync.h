#ifndef CMAILDIRSYNC_H
#define CMAILDIRSYNC_H

/// Flushes every dirty file and directory of the file system holding `fd` (Linux
/// syncfs(2)): one call makes a whole batch of replacements durable. Where syncfs does not
/// exist it falls back to fsync of `fd` alone and returns 1, telling the caller to sync
/// each file itself.
int tl_syncfs(int fd);

#endif
