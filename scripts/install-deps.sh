#!/bin/sh
# Installs the Debian packages Trackless builds and tests with.
# Runs apt-get as root, through sudo otherwise.
set -eu
here=$(dirname "$0")
packages="libicu-dev libxml2-dev pkg-config python3 make"
if [ "${1:-}" = "--with-test-tools" ]; then
    packages="$packages chromium time python3-html5lib"
fi
# shellcheck disable=SC2086
"$here/apt-install-missing.sh" $packages
if [ "${1:-}" = "--with-test-tools" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    for extra in Tests/browser/install-deps.sh Tests/e2e/install-deps.sh; do
        if [ -x "$extra" ]; then $SUDO "$extra"; fi
    done
fi
