#!/bin/sh
# Installs the Debian packages Trackless builds and tests with.
# Runs apt-get as root, through sudo otherwise.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
packages="libicu-dev libxml2-dev pkg-config python3 make"
if [ "${1:-}" = "--with-test-tools" ]; then
    packages="$packages chromium"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    [ -n "${TRACKLESS_SKIP_APT_UPDATE:-}" ] || $SUDO apt-get update
    # shellcheck disable=SC2086
    $SUDO apt-get install -y --no-install-recommends $missing
fi
if [ "${1:-}" = "--with-test-tools" ]; then
    for extra in Tests/browser/install-deps.sh Tests/e2e/install-deps.sh; do
        if [ -x "$extra" ]; then $SUDO "$extra"; fi
    done
fi
