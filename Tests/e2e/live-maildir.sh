#!/bin/bash
# `trackless clean` on a live Maildir++ tree: Dovecot serves the mailbox, an IMAP client
# has it open, and the clean runs as the mailbox owner. Checks that the client's
# connection survives and sees the cleaned messages, that flags, keywords and received
# dates are kept, that untouched messages keep their UIDs, that a second run changes
# nothing, and that Dovecot logs no error.
#
# Usage: Tests/e2e/live-maildir.sh [TRACKLESS_BIN]     (root, after install-deps.sh)
set -uo pipefail

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

log "trackless: $TRACKLESS_BIN; scratch tree: $ROOT"
setup
start_daemons dovecot
out=$ROOT/live.out
$PY "$HERE/live_maildir.py" --trackless "$BIN/trackless" --user $BOB --maildir "$(maildir_of $BOB)" \
    --port "$IMAP_PORT" --messages "$HERE/messages" --dovecot-conf "$DV/dovecot.conf" \
    --dovecot-log "$DV/log/dovecot.log" | tee "$out"
rc=${PIPESTATUS[0]}
echo "$(grep -c '^PASS ' "$out") passed, $(grep -c '^FAIL ' "$out") failed"
exit "$rc"
