#!/bin/sh
# Installs what the real-browser test needs: Chromium, openssl (the test's self-signed
# certificate) and python3 (the harness uses its standard library only).
# Runs apt-get as root, through sudo otherwise.
set -eu
exec "$(dirname "$0")/../../scripts/apt-install-missing.sh" chromium openssl python3
