#!/bin/sh
# Instructions per `trackless filter` process, start-up included, on the benchmark messages:
# a figure that does not move with a noisy or shared CPU (spawn-timer gives the time).
#   Benchmarks/filter-instructions.sh [BIN] [OTHER_BIN]
# BIN defaults to .build/release/trackless (make release). Given two binaries, compares them.
# The generated newsletters come from trackless-bench (make bench builds it).
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench=${TRACKLESS_BENCH:-.build-bench/release/trackless-bench}
cp SampleMail/plain.eml "$work/plain.eml"
cp SampleMail/newsletter.eml "$work/newsletter.eml"
python3 Benchmarks/padded-newsletter.py "$work/padded-100k.eml"
# One message of the maildir benchmark (55 KB, 78 links whose queries use a bare `&`).
python3 Benchmarks/maildir-tree.py "$work/tree" 6 > /dev/null
cp "$work"/tree/.Archive.2024/cur/1700000005.* "$work/maildir-55k.eml"
inputs="plain newsletter padded-100k maildir-55k"
if [ -x "$bench" ]; then
    "$bench" --newsletter 100000 > "$work/generated-100k.eml"
    "$bench" --newsletter 400000 > "$work/generated-400k.eml"
    inputs="$inputs generated-100k generated-400k"
else
    echo "($bench not built: the generated newsletters are left out)"
fi
count() {
    # valgrind gives up on the debug info of some builds: it counts a stripped copy.
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$1" filter < "$2" 2>&1 >/dev/null |
        awk '/I *refs/ {gsub(",", "", $4); print $4}'
}
copy() {
    c="$work/$(basename "$1")-$2"
    cp "$1" "$c" && chmod 700 "$c" && strip -g "$c"
    echo "$c"
}
first=$(copy "${1:-.build/release/trackless}" a)
second=""
[ $# -ge 2 ] && second=$(copy "$2" b)
for name in $inputs; do
    f="$work/$name.eml"
    a=$(count "$first" "$f")
    line="$name ($(wc -c < "$f") bytes): $a"
    if [ -n "$second" ]; then
        b=$(count "$second" "$f")
        line="$line -> $b ($(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }'))"
    fi
    echo "$line instructions"
done
