#!/bin/sh
# Instructions per HTML-stage run (tokenizer, visibility model, built-in rules, link
# cleaning, splice) on the generated 100 KB newsletter of trackless-bench: a figure that
# does not move with a noisy or shared CPU. Given two bench binaries, compares them.
# Two figures each: findings listed (as `preview` and library callers run it) and findings
# counted (as `filter`, `clean` and the milter run it: no report string is made).
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
both() {
    listed=$(per_run "$1")
    export TRACKLESS_BENCH_COUNTED=1
    counted=$(per_run "$1")
    unset TRACKLESS_BENCH_COUNTED
    echo "$1: $listed instructions per HTML-stage run, findings listed; $counted counted"
}
first=${1:-.build-bench/release/trackless-bench}
both "$first"
a_listed=$listed a_counted=$counted
if [ $# -ge 2 ]; then
    both "$2"
    echo "second / first: $(awk -v a="$a_listed" -v b="$listed" 'BEGIN { printf "%.3f", b / a }') listed," \
        "$(awk -v a="$a_counted" -v b="$counted" 'BEGIN { printf "%.3f", b / a }') counted"
fi
