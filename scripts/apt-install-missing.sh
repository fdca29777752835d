#!/bin/sh
# Installs those of the named Debian packages that are not installed yet, with one
# `apt-get update` first (skipped when TRACKLESS_SKIP_APT_UPDATE is set).
# Runs apt-get as root, through sudo otherwise.
# Usage: scripts/apt-install-missing.sh PACKAGE...
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    [ -n "${TRACKLESS_SKIP_APT_UPDATE:-}" ] || $SUDO apt-get update
    # shellcheck disable=SC2086
    $SUDO apt-get install -y --no-install-recommends $missing
fi
