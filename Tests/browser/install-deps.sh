#!/bin/sh
# Installs what the real-browser test needs: Chromium, openssl (the test's self-signed
# certificate) and python3 (the harness uses its standard library only).
# Runs apt-get as root, through sudo otherwise.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
packages="chromium openssl python3"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    [ -n "${TRACKLESS_SKIP_APT_UPDATE:-}" ] || $SUDO apt-get update
    # shellcheck disable=SC2086
    $SUDO apt-get install -y --no-install-recommends $missing
fi
