#!/bin/sh
# Builds the fuzz targets (Fuzz/Package.swift) with libFuzzer and AddressSanitizer and runs
# each for FUZZ_SECONDS on its seed corpus, with its dictionary. docs/fuzzing.md explains.
#
#   Fuzz/run.sh                       every target, FUZZ_SECONDS (default 60) each
#   Fuzz/run.sh css links             only these targets
#   Fuzz/run.sh --no-build css        skip the build (binaries already in FUZZ_BUILD)
#   Fuzz/run.sh --build-only
#
# Environment:
#   FUZZ_SECONDS  seconds per target (default 60)
#   FUZZ_BUILD    SwiftPM scratch path for the sanitized build (default .build-fuzz)
#   FUZZ_WORK     where new inputs, crash reproducers and logs go (default .build-fuzz/work);
#                 the committed corpus Fuzz/corpus/ is only read
#   FUZZ_ARGS     more libFuzzer flags, e.g. "-jobs=2 -workers=2" or "-max_len=4096"
#   SWIFT_BUILD_LOCK  a file to flock(1) around the build, when set
#
# Every target also replays Tests/Fixtures/fuzz/<target>/ (past findings) first. Exit
# status: 0 when no target found anything; 1 otherwise, after printing each reproducer.
set -eu
cd "$(dirname "$0")/.."
export PATH="$PATH:/opt/swift/usr/bin"

ALL_TARGETS="clean-default clean-strict html css links mime-splice maildir-names milter"
SECONDS_EACH=${FUZZ_SECONDS:-60}
BUILD=${FUZZ_BUILD:-.build-fuzz}
WORK=${FUZZ_WORK:-$BUILD/work}
SWIFT=${SWIFT:-swift}

build=1
run=1
targets=""
for arg in "$@"; do
    case $arg in
        --no-build) build=0 ;;
        --build-only) run=0 ;;
        -*) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
        *)
            case " $ALL_TARGETS " in
                *" $arg "*) targets="$targets $arg" ;;
                *) echo "run.sh: unknown target $arg (targets: $ALL_TARGETS)" >&2; exit 2 ;;
            esac
            ;;
    esac
done
[ -n "$targets" ] || targets=$ALL_TARGETS

# The dictionary of each target: one or more of Fuzz/dict/*.dict.
dicts_for() {
    case $1 in
        clean-default | clean-strict) echo "mime html css links" ;;
        html) echo "html css links" ;;
        css) echo "css" ;;
        links) echo "links" ;;
        mime-splice) echo "mime" ;;
        maildir-names) echo "maildir" ;;
        milter) echo "milter mime html" ;;
    esac
}

if [ $build = 1 ]; then
    # -sanitize=fuzzer instruments for coverage and links libFuzzer (whose main SwiftPM's
    # renamed main replaces; each target calls LLVMFuzzerRunDriver). lld: ld.gold crashes
    # on the sanitized link.
    set -- "$SWIFT" build -c release --package-path Fuzz --scratch-path "$BUILD" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
    echo "== building the fuzz targets: $*"
    start=$(date +%s)
    if [ -n "${SWIFT_BUILD_LOCK:-}" ]; then
        flock "$SWIFT_BUILD_LOCK" "$@"
    else
        "$@"
    fi
    echo "== built in $(($(date +%s) - start)) s"
fi
[ $run = 1 ] || exit 0

bin=$("$SWIFT" build -c release --package-path Fuzz --scratch-path "$BUILD" --show-bin-path)
# The Swift runtime's backtracer would symbolize for minutes on every crash; libFuzzer
# prints the stack itself.
export SWIFT_BACKTRACE=enable=no
failed=""
summary=""
for target in $targets; do
    work="$WORK/$target"
    mkdir -p "$work/corpus" "$work/artifacts"
    dict="$work/dict"
    : >"$dict"
    for d in $(dicts_for "$target"); do cat "Fuzz/dict/$d.dict" >>"$dict"; done
    seeds="Fuzz/corpus/$target"
    fixtures=""
    [ -d "Tests/Fixtures/fuzz/$target" ] && fixtures="Tests/Fixtures/fuzz/$target"
    log="$work/log"
    marker="$work/.started"
    touch "$marker"
    echo "== fuzz $target for ${SECONDS_EACH}s (new inputs: $work/corpus, log: $log)"
    status=0
    # The first directory receives new inputs; the others are only read.
    # shellcheck disable=SC2086
    "$bin/fuzz-$target" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
        -dict="$dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} \
        "$work/corpus" "$seeds" $fixtures >"$log" 2>&1 || status=$?
    stats=$(grep -E '^#[0-9]+.*cov:' "$log" | tail -n 1 | sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+/\1 execs, /' || true)
    # With -fork and -ignore_crashes libFuzzer exits 0 after findings: count reproducers too.
    find "$work/artifacts" -type f -newer "$marker" >"$work/new-artifacts"
    if [ $status = 0 ] && [ ! -s "$work/new-artifacts" ]; then
        echo "   ok: $stats"
        summary="$summary
  $target: ok, $stats"
    else
        failed="$failed $target"
        echo "   FOUND SOMETHING (exit $status, $(wc -l <"$work/new-artifacts") reproducer(s)): $stats"
        grep -E 'Fatal error|ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|SUMMARY: AddressSanitizer|Swift runtime failure' "$log" |
            sort -u | head -n 6 | sed 's/^/   /'
        head -n 3 "$work/new-artifacts" | while read -r artifact; do
            echo "   reproducer: $artifact"
            echo "     replay: SWIFT_BACKTRACE=enable=no $bin/fuzz-$target $artifact"
        done
        more=$(($(wc -l <"$work/new-artifacts") - 3))
        [ $more -le 0 ] || echo "   ... and $more more in $work/artifacts (group them: Fuzz/triage.sh $target)"
        summary="$summary
  $target: FOUND SOMETHING, see $log"
    fi
done
echo "== fuzz summary:$summary"
if [ -n "$failed" ]; then
    echo "== findings in:$failed (docs/fuzzing.md: how a finding becomes a fixture)"
    exit 1
fi
