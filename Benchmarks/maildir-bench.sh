#!/bin/sh
# Times the Maildir batch cleaner on a generated Maildir++ tree of newsletter-sized messages
# (default 10,000, about 60% with trackers) against `cp -a` of the same tree, and prints
# messages/s, MB/s and peak RSS (from /usr/bin/time). The cleaner fsyncs as it always does;
# the `cp -a` figure is given alone and followed by `sync`.
#
# The cleaner is `trackless clean` when the binary has that command, else the test driver
# `maildir-fault-driver`, which runs the same engine with a transform that removes the
# `X-Tracker: yes` line (the generated tracked messages carry it next to their pixel).
#
# Usage: Benchmarks/maildir-bench.sh [COUNT]
#   BENCH_DIR  where to generate (default $TMPDIR or /tmp; use a real disk, not tmpfs)
#   JOBS       worker counts to time (numbers or auto), default "1 2 auto"
#   TRACKLESS_BIN  the trackless binary (default .build/release/trackless)
#   BENCH_WARM     1: read the tree to be copied or cleaned into the page cache just before
#                  timing it (after settling), so both run from memory; default: both read
#                  what the settling left (from disk, after "drop")
#   BENCH_SETTLE   on ext4 without a journal: how to settle before each timed step, "drop"
#                  (sync, then drop the caches: needs root; the default when it is root),
#                  "wait" (sync, then 361 s where files were deleted since the last wait:
#                  the page cache stays warm), or "none". There ext4's inode allocator passes
#                  over every inode freed in the last minute (five, once its inode table block
#                  is written to again) while that block is cached, so a create after many
#                  deletes (the previous step's clean, an earlier run's rm -rf) costs many
#                  times more; unsettled, that is what the figures measure, not the disk.
set -eu
cd "$(dirname "$0")/.."
COUNT=${1:-10000}
JOBS=${JOBS:-"1 2 auto"}
BIN=${TRACKLESS_BIN:-.build/release/trackless}
DRIVER=.build/release/maildir-fault-driver

if [ -x "$BIN" ] && "$BIN" clean --help >/dev/null 2>&1; then
    ENGINE="$BIN clean"
    LABEL="trackless clean"
else
    if [ ! -x "$DRIVER" ]; then swift build -c release -j 2 --product maildir-fault-driver >&2; fi
    ENGINE="$DRIVER"
    LABEL="maildir-fault-driver (engine with a marker-line transform)"
fi

work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/maildir-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

python3 Benchmarks/maildir-tree.py "$work/pristine" "$COUNT"
sync

BYTES=$(cat "$work/bytes")
rate() { # seconds -> "N msg/s, M MB/s"
    python3 -c "import sys; s=float(sys.argv[1]); print(f'{int(sys.argv[2])/s:.0f} msg/s, {int(sys.argv[3])/s/1e6:.1f} MB/s')" "$1" "$COUNT" "$BYTES"
}
timed() { # command... -> prints "seconds peak-KiB user-s system-s"; the command's output goes to $work/out
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; return 1; }
    cat "$work/time"
}

summary() { # the engine's summary line ("N messages scanned ..." or "scanned=N ..."), and
    # with --jobs auto the worker counts it went through ("..., 3-6 workers")
    tr '\r' '\n' <"$work/out" | grep -m 1 scanned || true
    tr '\r' '\n' <"$work/out" | grep -m 1 -o '[0-9-]* workers' | sed 's/^/  /' || true
}

echo "== engine: $LABEL"

# ext4 without a journal skips recently freed inodes when it allocates one (see BENCH_SETTLE).
fstype=$(findmnt -no FSTYPE -T "$work" 2>/dev/null || true)
device=$(basename "$(findmnt -no SOURCE -T "$work" 2>/dev/null || echo unknown)")
mode=none
if [ "$fstype" = ext4 ] && [ "$(cat "/sys/fs/ext4/$device/journal_task" 2>/dev/null)" = "<none>" ]; then
    if [ -w /proc/sys/vm/drop_caches ]; then mode=${BENCH_SETTLE:-drop}; else mode=${BENCH_SETTLE:-wait}; fi
    echo "== file system: ext4 without a journal ($device); before each timed step: sync, then $mode"
else
    echo "== file system: ${fstype:-unknown} ($device)"
fi
settle() { # AFTER_DELETES TREE: before timing work on TREE (read into the page cache with
    # BENCH_WARM=1). AFTER_DELETES=no when nothing was deleted since the last settle: then
    # "wait" need not wait again, and "drop" drops only so that both steps read alike.
    sync
    case $mode in
        drop) echo 3 >/proc/sys/vm/drop_caches ;;
        wait) if [ "$1" = yes ]; then sleep 361; fi ;;
    esac
    if [ "${BENCH_WARM:-0}" = 1 ]; then find "$2" -type f -exec cat {} + >/dev/null; fi
}

n=0
for j in $JOBS; do
    # A fresh copy for each round; the old ones stay until the end, since deleting them here
    # would slow the next creates on ext4 without a journal.
    n=$((n + 1))
    copy="$work/copy-$n"
    settle yes "$work/pristine"
    start=$(date +%s.%N)
    cp -a "$work/pristine" "$copy"
    mid=$(date +%s.%N)
    sync
    end=$(date +%s.%N)
    cp_s=$(python3 -c "print(f'{$mid - $start:.2f}')")
    cps_s=$(python3 -c "print(f'{$end - $start:.2f}')")
    echo "== cp -a: ${cp_s} s ($(rate "$cp_s")); cp -a + sync: ${cps_s} s ($(rate "$cps_s"))"

    settle no "$copy"
    set -- $(timed $ENGINE --jobs "$j" "$copy")
    echo "== clean, jobs=$j: $1 s ($(rate "$1")), CPU $3 s user + $4 s system, peak RSS $(($2 / 1024)) MiB; $(summary)"
    set -- $(timed $ENGINE --jobs "$j" "$copy")
    echo "== second run, jobs=$j (nothing to change): $1 s ($(rate "$1")), CPU $3 s user + $4 s system, peak RSS $(($2 / 1024)) MiB; $(summary)"
done
