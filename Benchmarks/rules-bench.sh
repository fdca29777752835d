#!/bin/sh
# Instructions per operation of TrackerRules' hot paths (decide, link cleaning): each
# mode's count minus the setup-only run, divided by the operations done. Counted with
# perf where the machine lets it, else with valgrind (cachegrind, no cache simulation),
# which counts the same on any machine however busy it is.
#   Benchmarks/rules-bench.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product rules-bench -j 2 >/dev/null
bin=.build/release/rules-bench
rounds=${1:-2000}
perf_count() { perf stat -x, -e instructions "$@" 2>&1 >/dev/null | awk -F, '/instructions/ {print $1}'; }
valgrind_count() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/I *refs/ {gsub(",", "", $4); print $4}'
}
counter=perf_count
base=$(perf_count $bin none 1 || true)
case $base in
''|*[!0-9]*)
    if command -v valgrind >/dev/null; then
        counter=valgrind_count
        # Valgrind runs the code about 50 times slower: fewer rounds give the same figure.
        rounds=${1:-200}
        base=$(valgrind_count $bin none 1)
        echo "perf cannot count instructions here; counting with valgrind"
    else
        echo "neither perf nor valgrind can count instructions here; CPU time only"
        exec $bin
    fi ;;
esac
# Loading the built-in rules: read from the text, and from the stored index (what a
# filter process does).
for mode in parse load; do
    total=$($counter $bin $mode 20)
    echo "$mode: $(( (total - base) / 20 )) instructions per load of the built-in rules"
done
for mode in decide links strip; do
    per=$($bin $mode 1 | awk '{print $1}')
    total=$($counter $bin $mode "$rounds")
    echo "$mode: $(( (total - base) / (rounds * per) )) instructions per operation ($per per round)"
done
$bin
