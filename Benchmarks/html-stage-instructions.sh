#!/bin/sh
# Instructions per HTML-stage run (tokenizer, visibility model, built-in rules, link
# cleaning, splice) on the generated 100 KB newsletter of trackless-bench: a figure that
# does not move with a noisy or shared CPU. Given two bench binaries, compares them.
#   Benchmarks/html-stage-instructions.sh [BENCH] [OTHER_BENCH]
# BENCH defaults to .build-bench/release/trackless-bench (make bench builds it).
# Counts with perf where the machine allows it, else with valgrind (cachegrind, no cache
# simulation); (count at 22 runs - count at 2 runs) / 20 leaves start-up out.
set -eu
cd "$(dirname "$0")/.."
count() {
    if perf stat -x, -e instructions:u true 2>&1 | grep -q '^[0-9]'; then
        TRACKLESS_BENCH_ONLY=html TRACKLESS_BENCH_RUNS=$2 perf stat -x, -e instructions:u "$1" 2>&1 >/dev/null |
            awk -F, '/instructions/ {print $1}'
    else
        # valgrind gives up on the debug info of some builds: it counts a stripped copy.
        copy=$(mktemp)
        cp "$1" "$copy" && chmod 700 "$copy" && strip -g "$copy"
        TRACKLESS_BENCH_ONLY=html TRACKLESS_BENCH_RUNS=$2 valgrind --tool=cachegrind --cache-sim=no \
            --cachegrind-out-file=/dev/null "$copy" 2>&1 >/dev/null | awk '/I *refs/ {gsub(",", "", $4); print $4}'
        rm -f "$copy"
    fi
}
per_run() { echo $(( ($(count "$1" 22) - $(count "$1" 2)) / 20 )); }
first=${1:-.build-bench/release/trackless-bench}
a=$(per_run "$first")
echo "$first: $a instructions per HTML-stage run"
if [ $# -ge 2 ]; then
    b=$(per_run "$2")
    echo "$2: $b instructions per HTML-stage run"
    echo "second / first: $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')"
fi
