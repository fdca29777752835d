#!/bin/sh
# Measures what the README and issue notes quote:
#  - in-process throughput (MIME parse + splice, the HTML rewrite with the built-in rules
#    on the decoded part, full clean) on a 100 KB newsletter;
#  - the HTML rewriter alone (tokenizer, load collection, splice) on a 100 KB newsletter;
#  - `trackless filter` wall time, process start included (median): on the sample newsletter
#    padded to 100 KB and on the generated newsletter at 100 KB and 400 KB, spawned from C
#    (Benchmarks/spawn-timer) and from Python;
#  - peak RSS of `trackless filter` on a 100 KB and a 50 MB message;
#  - instructions per `trackless filter` process on the same messages, when valgrind is
#    installed (Benchmarks/filter-instructions.sh).
# Usage: make bench   (builds both, then runs this)
set -eu
cd "$(dirname "$0")/.."
BIN=${TRACKLESS_BIN:-.build/release/trackless}
BENCH=${TRACKLESS_BENCH:-.build-bench/release/trackless-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== in-process throughput"
"$BENCH"
for f in SampleMail/*.eml; do [ -f "$f" ] && "$BENCH" "$f" | sed -n '1,4p'; done
echo "== HTML rewriter alone (MailHTML with a trivial policy)"
Benchmarks/html-rewrite/run.sh

python3 - "$BIN" "$work" <<'PY'
import os, subprocess, sys, time, statistics
binary, work = sys.argv[1], sys.argv[2]
# The sample newsletter padded to 100 KB (Benchmarks/padded-newsletter.py), and below the
# generated newsletter of trackless-bench.
path = os.path.join(work, "100k.eml")
subprocess.run([sys.executable, "Benchmarks/padded-newsletter.py", path], check=True)
msg = open(path, "rb").read()
# The C harness (Benchmarks/spawn-timer) spawns the filter as an MDA does, with less cost of
# its own than Python's subprocess; the same figure for /bin/true is the machine's floor.
timer = os.path.join(work, "spawn-timer")
if subprocess.run(["cc", "-O2", "-o", timer, "Benchmarks/spawn-timer/spawn-timer.c"]).returncode == 0:
    bench = os.environ.get("TRACKLESS_BENCH", ".build-bench/release/trackless-bench")
    inputs = [("the sample newsletter padded to 100 KB", path)]
    for size in (100_000, 400_000):
        p = os.path.join(work, f"generated-{size}.eml")
        with open(p, "wb") as f:
            if subprocess.run([bench, "--newsletter", str(size)], stdout=f).returncode == 0:
                inputs.append((f"the generated newsletter at {size // 1000} KB", p))
    for label, p in inputs + [("/bin/true, the same way", path)]:
        command = ["/bin/true"] if label.startswith("/bin/true") else [binary, "filter"]
        r = subprocess.run([timer, "500", p] + command, capture_output=True, text=True)
        print(f"== spawn-timer, {label} ({os.path.getsize(p)} bytes): {r.stdout.strip() or r.stderr.strip()}")
times = []
for i in range(300):
    with open(path, "rb") as f:
        t = time.perf_counter()
        subprocess.run([binary, "filter"], stdin=f, stdout=subprocess.DEVNULL, env={}, check=True)
        times.append((time.perf_counter() - t) * 1000)
# Python's own fork/exec cost is included, so these figures are upper bounds.
print(f"== trackless filter, {len(msg)} byte message, 300 runs: median {statistics.median(times):.2f} ms, "
      f"p90 {sorted(times)[int(len(times)*0.9)]:.2f} ms")
baseline = []
for i in range(300):
    with open(path, "rb") as f:
        t = time.perf_counter()
        subprocess.run(["/bin/true"], stdin=f, stdout=subprocess.DEVNULL, env={}, check=True)
        baseline.append((time.perf_counter() - t) * 1000)
print(f"   (spawning /bin/true the same way: median {statistics.median(baseline):.2f} ms)")
big = os.path.join(work, "50m.eml")
with open(big, "wb") as f:
    f.write(b"From: a@example.org\nSubject: big\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>see <img src=\"https://t.example-esp.test/o/eJabc\" width=1 height=1></p>\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n")
    line = b"QUJD" * 19 + b"\n"
    f.write(line * (50 * 1024 * 1024 // len(line)))
    f.write(b"--b--\n")
for p in (path, big):
    size = os.path.getsize(p)
    with open(p, "rb") as f:
        r = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "filter"], stdin=f, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, check=True)
    kb = int(r.stderr.decode().strip().splitlines()[-1])
    limit = 32 * 1024 + 2 * size / 1024
    print(f"== peak RSS, {size} byte message: {kb/1024:.1f} MiB (budget {limit/1024:.1f} MiB)")
PY
if command -v valgrind > /dev/null; then
    echo "== instructions per trackless filter process"
    TRACKLESS_BENCH="$BENCH" Benchmarks/filter-instructions.sh "$BIN"
fi
