#!/bin/sh
# Replays crash, timeout and out-of-memory inputs of one target and groups them by what
# went wrong (the violated invariant, the Swift runtime failure or the sanitizer report),
# one line per group with a count and the smallest reproducer.
#   Fuzz/triage.sh TARGET [FILE|DIR]...   default: .build-fuzz/work/TARGET/artifacts
set -eu
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/triage.sh TARGET [FILE|DIR]...}
shift
[ $# -gt 0 ] || set -- "${FUZZ_WORK:-${FUZZ_BUILD:-.build-fuzz}/work}/$target/artifacts"
bin=$(${SWIFT:-swift} build -c release --package-path Fuzz --scratch-path "${FUZZ_BUILD:-.build-fuzz}" --show-bin-path)
export SWIFT_BACKTRACE=enable=no
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
find "$@" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | while read -r f; do
    out=$(timeout 60 "$bin/fuzz-$target" -rss_limit_mb=2048 -timeout=10 "$f" 2>&1 || true)
    # The class: an invariant's text up to its first detail (digits, quotes, brackets),
    # else the Swift runtime failure, else the sanitizer's or libFuzzer's summary.
    class=$(printf '%s\n' "$out" | sed -n 's/.*Fatal error: fuzz invariant violated: //p' | head -n 1 |
        sed -E 's/[0-9"].*//; s/ +$//')
    [ -n "$class" ] || class=$(printf '%s\n' "$out" | sed -n 's/.* in Swift runtime failure: //p' | head -n 1)
    [ -n "$class" ] || class=$(printf '%s\n' "$out" | grep -m 1 -o -E 'Fatal error: .*' | sed -E 's/[0-9"].*//')
    [ -n "$class" ] || class=$(printf '%s\n' "$out" | sed -n 's/^SUMMARY: //p' | head -n 1 | sed -E 's/ \(.*//')
    [ -n "$class" ] || class="does not reproduce"
    printf '%s\t%s\t%s\n' "$class" "$(wc -c <"$f")" "$f" >>"$tmp"
done
[ -s "$tmp" ] || { echo "no crash, timeout or oom inputs in $*"; exit 0; }
sort -t "$(printf '\t')" -k1,1 -k2,2n "$tmp" | awk -F '\t' '
    $1 != last { if (last != "") print n "\t" last "\t" best; last = $1; n = 0; best = $3 " (" $2 " bytes)" }
    { n++ }
    END { print n "\t" last "\t" best }'
