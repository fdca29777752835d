#!/bin/sh
# Writes scripts/link-order.txt: the functions that `trackless filter` runs, then those
# that `preview` and `clean` add, for the linker to place side by side at the start of the
# program (`make release` passes the file to lld). A process maps its code a page group at
# a time as it first runs it; with the functions of a run packed together it takes about
# half the code page faults, and each fault (with its unmapping at exit) costs about 5 us
# here (docs/delivery.md). The pages count in its resident memory too: `preview` and
# `clean` parse their arguments with code that `filter`'s fast path never runs; before
# their functions were listed, a `preview` process held 7.8 MB before reading its message
# (6.1 MB after; `filter` 3.9).
#   scripts/link-order.sh [TRACKLESS_BINARY]
# Run it after `make release` when much code has changed. A stale list costs only speed:
# functions it does not name are placed after the ones it does.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-.build/release/trackless}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind gives up on the debug info of this build: it runs a copy without it.
cp "$bin" "$work/trackless"
chmod 700 "$work/trackless"
strip -g "$work/trackless"
python3 Benchmarks/padded-newsletter.py "$work/padded.eml"
n=0
run() {
    n=$((n + 1))
    # Numbered so that the files list in run order: filter's functions come first.
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$(printf %03d $n).cg" \
        "$work/trackless" "$@" >/dev/null 2>&1
}
for message in SampleMail/*.eml "$work/padded.eml"; do
    run filter < "$message"
done
run filter --strict < SampleMail/newsletter.eml
run filter --strict < SampleMail/responsive.eml
for message in SampleMail/newsletter.eml SampleMail/signed.eml; do
    run preview "$message"
    run preview --json "$message"
done
mkdir -p "$work/Maildir/cur" "$work/Maildir/new" "$work/Maildir/tmp"
for message in SampleMail/*.eml; do
    cp "$message" "$work/Maildir/cur/$(basename "$message" .eml).1700000000.host:2,S"
done
run clean --quiet --jobs 1 "$work/Maildir"
run clean --check "$work/Maildir"
# Function names in the order callgrind first lists them, once each: symbol names only
# (not bare addresses), without callgrind's recursion marks ('2).
cat "$work"/*.cg | sed -n -E 's/^c?fn=\([0-9]+\) (.*)$/\1/p' | sed -E "s/'[0-9]+$//" |
    grep -v '^0x' | awk '!seen[$0]++' > "$work/order.txt"
# The linker moves whole sections. Libraries built without a section per function (the
# Swift standard library, _StringProcessing, _Concurrency, parts of Foundation and libc)
# hold hundreds of kilobytes in one section: naming one of their functions would move all
# of it into the packed region (1.3 MB of them sat between the filter's functions). Their
# functions are left out, by the link map of the build (written by `make release`).
map=${TRACKLESS_LINK_MAP:-.build/trackless.map}
if [ -f "$map" ]; then
    python3 scripts/link-order-filter.py "$map" < "$work/order.txt" > scripts/link-order.txt
else
    echo "no link map at $map (make release writes it): the list keeps every function" >&2
    cp "$work/order.txt" scripts/link-order.txt
fi
echo "scripts/link-order.txt: $(wc -l < scripts/link-order.txt) functions from $n runs"
