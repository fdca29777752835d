#!/bin/sh
# Real-browser test: headless Chromium renders each vector unfiltered, after
# `trackless filter` and after `trackless filter --strict`, at a phone's width and a
# desktop's, and a local logging server records every request. Prints PASS/FAIL per
# vector; exits non-zero on any failure.
# Usage: TRACKLESS_BIN=.build/release/trackless Tests/browser/run.sh [harness options]
# (Tests/browser/harness.py --help lists them: --only, --modes, --jobs, --keep, -v.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${TRACKLESS_BIN:-}" ]; then
    echo "FAIL setup: set TRACKLESS_BIN to the trackless binary" >&2
    exit 2
fi
case "$TRACKLESS_BIN" in
    /*) ;;
    *) TRACKLESS_BIN="$(pwd)/$TRACKLESS_BIN" ;;
esac
exec python3 "$here/harness.py" --bin "$TRACKLESS_BIN" "$@"
