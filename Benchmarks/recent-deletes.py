#!/usr/bin/env python3
"""How long creating files takes right after many deletions, on the file system of DIR.

ext4 without a journal will not reuse an inode freed in the last minute (five, once its
inode table block is dirty again) while that block is cached; every create passes over all
such inodes of its block group, so creates slow down with the number of recent deletions.
`trackless clean` deletes one old file for each new one, so on such a file system it pays
this within its own run, and a benchmark pays it for whatever was deleted just before.

Prints the time to create N small files: after the caches were dropped (needs root; else
after a sync), again right after deleting the first N, and after a sync and dropping the
caches once more, which makes the kernel read the inode table again and forget.

    python3 Benchmarks/recent-deletes.py DIR [N]
"""
import os
import subprocess
import sys
import time


def settle():
    subprocess.run(["sync"], check=True)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def create(directory, prefix, n):
    start = time.perf_counter()
    for i in range(n):
        fd = os.open(f"{directory}/{prefix}{i}", os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.write(fd, b"x" * 100)
        os.close(fd)
    return time.perf_counter() - start


def remove(directory, prefix, n):
    for i in range(n):
        os.unlink(f"{directory}/{prefix}{i}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    base, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 6000
    directory = os.path.join(base, f"recent-deletes-{os.getpid()}")
    os.makedirs(directory)
    try:
        dropped = settle()
        first = create(directory, "a", n)
        remove(directory, "a", n)
        time.sleep(1.2)  # a deletion counts from the next second
        after = create(directory, "b", n)
        settle()
        settled = create(directory, "c", n)
        print(f"{base}: {n} creates {first:.2f} s ({'caches dropped' if dropped else 'synced'}); "
              f"right after {n} deletions {after:.2f} s; after sync{' + drop' if dropped else ''} {settled:.2f} s")
    finally:
        for prefix in "abc":
            for i in range(n):
                try:
                    os.unlink(f"{directory}/{prefix}{i}")
                except FileNotFoundError:
                    pass
        os.rmdir(directory)


if __name__ == "__main__":
    main()
