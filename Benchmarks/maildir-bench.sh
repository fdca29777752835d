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

python3 - "$work/pristine" "$COUNT" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240601)
folders = ["", ".Newsletters", ".Archive.2024"]
for f in folders:
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, f, sub), exist_ok=True)
    if f:
        open(os.path.join(root, f, "maildirfolder"), "w").close()
open(os.path.join(root, "dovecot-uidlist"), "w").write("3 V1700000000 N1\n")
words = ("offer season garden kitchen travel weekly update members exclusive guide story new "
         "collection spring autumn deals picks reading events community notes").split()

def paragraph():
    return " ".join(rng.choice(words) for _ in range(rng.randint(30, 80))).capitalize() + "."

tracked_total = size_total = 0
for i in range(count):
    tracked = rng.random() < 0.6
    uid = f"{rng.getrandbits(64):016x}"
    target = rng.randint(20_000, 80_000)
    rows = []
    n = 0
    while sum(len(r) for r in rows) < target:
        n += 1
        href = f"https://shop.example/p/{n}" + (f"?utm_source=newsletter&utm_campaign=c{i}&mc_eid={uid}" if tracked else "")
        rows.append(f'<tr><td style="padding:12px;font-family:Arial"><h2>Item {n}</h2><p>{paragraph()}</p>'
                    f'<img src="cid:img{n}@shop.example" width="560" alt=""><br>'
                    f'<a href="{href}" style="color:#0645ad">Read more</a></td></tr>\n')
    pixel = (f'<img src="https://open.tracker.example/o.gif?u={uid}&m={i}" width="1" height="1" alt="" '
             f'style="display:block;border:0">\n') if tracked else ""
    html = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Weekly</title></head><body>\n"
            "<table width=\"600\" align=\"center\">\n" + "".join(rows) + "</table>\n" + pixel + "</body></html>\n")
    text = "Weekly picks\n\n" + "\n\n".join(paragraph() for _ in range(5)) + "\n"
    headers = (f"Return-Path: <news@shop.example>\nDelivered-To: reader@example.net\n"
               f"From: Shop <news@shop.example>\nTo: reader@example.net\nSubject: Weekly picks {i}\n"
               f"Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <bench-{i}-{uid}@shop.example>\n"
               + ("X-Tracker: yes\n" if tracked else "") +
               "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n")
    body = (f"--b1\nContent-Type: text/plain; charset=utf-8\n\n{text}\n--b1\n"
            f"Content-Type: text/html; charset=utf-8\n\n{html}\n--b1--\n")
    data = (headers + body).encode()
    folder = folders[i % 3]
    in_cur = rng.random() < 0.7
    vsize = len(data) + data.count(b"\n") - data.count(b"\r\n")
    name = f"{1700000000 + i}.M{rng.randint(0, 999999)}P{1000 + i}Q1.mx.example,S={len(data)},W={vsize}"
    if in_cur:
        name += ":2," + rng.choice(["S", "FS", "RS", "", "S"])
    path = os.path.join(root, folder, "cur" if in_cur else "new", name)
    with open(path, "wb") as fh:
        fh.write(data)
    os.utime(path, (1700000000 + i, 1700000000 + i))
    tracked_total += tracked
    size_total += len(data)
print(f"== generated {count} messages, {tracked_total} with trackers, {size_total / 1e6:.1f} MB in {len(folders)} folders")
open(os.path.join(os.path.dirname(root), "bytes"), "w").write(str(size_total))
PY
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
for j in $JOBS; do
    rm -rf "$work/copy"
    start=$(date +%s.%N)
    cp -a "$work/pristine" "$work/copy"
    mid=$(date +%s.%N)
    sync
    end=$(date +%s.%N)
    cp_s=$(python3 -c "print(f'{$mid - $start:.2f}')")
    cps_s=$(python3 -c "print(f'{$end - $start:.2f}')")
    echo "== cp -a: ${cp_s} s ($(rate "$cp_s")); cp -a + sync: ${cps_s} s ($(rate "$cps_s"))"

    set -- $(timed $ENGINE --jobs "$j" "$work/copy")
    echo "== clean, jobs=$j: $1 s ($(rate "$1")), CPU $3 s user + $4 s system, peak RSS $(($2 / 1024)) MiB; $(summary)"
    set -- $(timed $ENGINE --jobs "$j" "$work/copy")
    echo "== second run, jobs=$j (nothing to change): $1 s ($(rate "$1")), CPU $3 s user + $4 s system, peak RSS $(($2 / 1024)) MiB; $(summary)"
done
