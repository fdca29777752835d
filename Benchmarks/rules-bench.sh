#!/bin/sh
# Instructions per operation of TrackerRules' hot paths (decide, link cleaning), counted
# with perf: each mode's count minus the setup-only run, divided by the operations done.
#   Benchmarks/rules-bench.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product rules-bench -j 2 >/dev/null
bin=.build/release/rules-bench
rounds=${1:-2000}
count() { perf stat -x, -e instructions "$@" 2>&1 >/dev/null | awk -F, '/instructions/ {print $1}'; }
base=$(count $bin none 1)
case $base in
''|*[!0-9]*) echo "perf cannot count instructions here; CPU time only"; exec $bin ;;
esac
for mode in decide links strip; do
    per=$($bin $mode 1 | awk '{print $1}')
    total=$(count $bin $mode "$rounds")
    echo "$mode: $(( (total - base) / (rounds * per) )) instructions per operation ($per per round)"
done
$bin
