#!/bin/sh
# Times `trackless audit` on a Maildir++ tree of COUNT messages (copies of the sample
# messages, each made unique) against `trackless clean --dry-run` of the same tree, which
# reads and cleans every message the same way and writes nothing: the audit should run at
# its speed (within 20%).
# Usage: Benchmarks/audit-bench.sh [COUNT]     (TRACKLESS_BIN, default .build/release/trackless)
set -eu
cd "$(dirname "$0")/.."
COUNT=${1:-10000}
BIN=${TRACKLESS_BIN:-.build/release/trackless}
work=$(mktemp -d "${TMPDIR:-/tmp}/audit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
python3 - "$work/Maildir" "$COUNT" <<'PY'
import glob, os, sys
root, count = sys.argv[1], int(sys.argv[2])
samples = [open(f, "rb").read() for f in sorted(glob.glob("SampleMail/*.eml"))]
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
for i in range(count):
    data = samples[i % len(samples)].replace(b"\nSubject: ", b"\nX-Bench: %d\nSubject: " % i, 1)
    with open(os.path.join(root, "cur", "%d.M%dP1.bench:2,S" % (1700000000 + i, i)), "wb") as f:
        f.write(data)
PY
bytes=$(du -sb "$work/Maildir" | cut -f1)
echo "$COUNT messages, $((bytes / 1048576)) MB"
cat "$work"/Maildir/cur/* > /dev/null   # both runs read from the page cache
t() { start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
for round in 1 2; do
    dry=$(t "$BIN" clean --dry-run --quiet "$work/Maildir")
    audit=$(t "$BIN" audit "$work/Maildir")
    echo "round $round: clean --dry-run ${dry} s, audit ${audit} s, audit / dry-run $(echo "scale=2; $audit / $dry" | bc)"
done
