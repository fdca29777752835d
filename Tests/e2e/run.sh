#!/bin/bash
# Delivery tests with real mail daemons: `trackless filter` inside Postfix, Dovecot LMTP and
# dovecot-lda (Sieve), procmail, maildrop, a Postfix content_filter, Exim, getmail and
# fetchmail, and the `trackless milter` daemon inside Postfix. Everything runs on loopback,
# as root, without systemd; every process this script starts is stopped when it exits.
#
# Usage: Tests/e2e/run.sh [TRACKLESS_BIN]      (or TRACKLESS_BIN=... Tests/e2e/run.sh)
# Needs: Tests/e2e/install-deps.sh (Debian 12 packages), root.
# Environment:
#   E2E_ROOT=/tmp/trackless-e2e   scratch tree (removed at the end unless E2E_KEEP=1)
#   E2E_PATHS="lmtp lda procmail maildrop content_filter exim getmail fetchmail milter"
#   E2E_SMTP_PORT=2525 E2E_REF_PORT=2527 E2E_EXIM_PORT=2526 E2E_IMAP_PORT=10143 E2E_LMTP_PORT=10024
#   E2E_LIVE=0                    skip the trackless clean test on a live Maildir
#   E2E_EXPECT_PIXEL=0            do not require the newsletter's tracking pixel to be gone
#   E2E_HOLD=1                    keep the daemons up after the tests until $ROOT/hold is removed
# Output: one "PASS name" or "FAIL name" line per case, then "N passed, N failed".
set -uo pipefail

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# ------------------------------------------------------------------ cases
# Each path gets the same messages: a newsletter (read-receipt header, tracking pixel,
# inline image, PDF), the same to a user without Trackless, a DKIM-signed plain message
# with nothing to remove, binary garbage, a truncated message and a 5 MB message.
deliver() {  # deliver PATH RCPT FILE: put one message on its way through PATH
    case $1 in
      exim) send_smtp "$EXIM_PORT" "$2@localhost" "$3" ;;
      getmail|fetchmail) seed_remote "$3" ;;
      *) send_smtp "$SMTP_PORT" "$2@localhost" "$3" ;;
    esac
}

seed_remote() {  # store FILE in the remote mailbox that getmail/fetchmail collect from
    local md; md=$(maildir_of $REMOTE)
    local name; name="$(date +%s).M$RANDOM$RANDOM.e2e"
    install -o $REMOTE -g $REMOTE -m 600 "$1" "$md/tmp/$name" && mv "$md/tmp/$name" "$md/new/$name"
}

collect() {  # collect getmail|fetchmail [USER]: one run as USER (alice); output to a log
    local out=$ROOT/$1.log user=${2:-$ALICE}
    case $1 in
      getmail) su -s /bin/sh -c "getmail --getmaildir=\$HOME/.getmail --rcfile=getmailrc" $user >>"$out" 2>&1 ;;
      fetchmail) su -s /bin/sh -c "fetchmail --nodetach --nosyslog -f \$HOME/.fetchmailrc" $user >>"$out" 2>&1 ;;
    esac
}

# getmail6 can miss a fast filter's exit (it installs its SIGCHLD handler after the fork) and
# abandon the run; a user's cron job simply runs it again. So do the tests.
collect_all() {  # collect_all getmail|fetchmail: run until the server is empty (at most 4 runs)
    local n
    for n in 1 2 3 4; do
        collect "$1"
        [ "$(remote_count)" -eq 0 ] && return 0
        log "$1 run $n left $(remote_count) message(s) on the server; running it again"
    done
    return 1
}

remote_count() { find "$(maildir_of $REMOTE)"/new "$(maildir_of $REMOTE)"/cur -type f | wc -l; }

normal_cases() {  # normal_cases PATH
    local p=$1 kinds tags=() bob_tag="" t k
    case $p in
      getmail) kinds="newsletter plain large" ;;     # garbage: getmail_garbage
      fetchmail) kinds="newsletter plain garbage large" ;;
      *) kinds="newsletter plain garbage truncated large" ;;
    esac
    declare -A tag_of=()
    for k in $kinds; do
        t=$(new_message "$k" "$p" "$k" "$ALICE@localhost"); tag_of[$k]=$t; tags+=("$t")
        deliver "$p" $ALICE "$SENT/$t.eml" || log "$p: sending $k failed"
    done
    # The repository's sample mail too (SampleMail/README.md says what each one holds).
    local samples=() f
    for f in "$REPO"/SampleMail/*.eml; do
        [ -e "$f" ] || continue
        k=sample-$(basename "$f" .eml | tr -c 'A-Za-z0-9\n' -)
        t=$(new_message "file:$f" "$p" "$k" "$ALICE@localhost"); tag_of[$k]=$t; tags+=("$t"); samples+=("$k")
        deliver "$p" $ALICE "$SENT/$t.eml" || log "$p: sending $f failed"
    done
    [ ${#samples[@]} -gt 0 ] || log "no SampleMail/*.eml: sample cases not run"
    case $p in
      getmail|fetchmail) collect_all "$p" ;;
      *) bob_tag=$(new_message newsletter "$p" optout "$BOB@localhost")
         deliver "$p" $BOB "$SENT/$bob_tag.eml" || log "$p: sending to $BOB failed" ;;
    esac
    $E2E wait "$(maildir_of $ALICE)" "${tags[@]}" --timeout 90
    [ -n "$bob_tag" ] && $E2E wait "$(maildir_of $BOB)" "$bob_tag" --timeout 60
    wait_queue_empty "$p"
    check "$p newsletter cleaned (pixel and read-receipt header removed, X-Trackless, headers/attachments kept)" \
        verify "${tag_of[newsletter]}" $ALICE filtered --cleaned --parse --min-attachments 2 $PIXEL_FLAG
    check "$p DKIM-signed message with nothing to remove arrives byte-identical, signature verifies" \
        verify "${tag_of[plain]}" $ALICE filtered --unchanged --dkim "$ROOT/dkim.txt"
    [ -n "${tag_of[garbage]:-}" ] && check "$p unparseable garbage arrives intact once" \
        verify "${tag_of[garbage]}" $ALICE original
    [ -n "${tag_of[truncated]:-}" ] && check "$p truncated message arrives once, as the filter made it" \
        verify "${tag_of[truncated]}" $ALICE filtered
    check "$p 5 MB message filtered whole (input read to the end)" \
        verify "${tag_of[large]}" $ALICE filtered --cleaned --parse
    for k in "${samples[@]}"; do
        check "$p SampleMail/${k#sample-}.eml arrives once, exactly as the filter makes it, attachments intact" \
            verify "${tag_of[$k]}" $ALICE filtered --parse
    done
    [ -n "$bob_tag" ] && check "$p user without Trackless gets the original" \
        verify "$bob_tag" $BOB original --parse
    case $p in getmail|fetchmail) check "$p removed the collected messages from the server" test "$(remote_count)" -eq 0 ;; esac
}

# getmail6 cannot deliver a message its Python email parser fails on, with or without a
# filter ("maildir delivery process failed ... UnicodeEncodeError"): it leaves it on the
# server. Check that Trackless does not make this worse: nothing lost, nothing stored.
getmail_garbage() {
    local t; t=$(new_message garbage getmail garbage "$ALICE@localhost")
    seed_remote "$SENT/$t.eml"
    collect getmail $BOB
    check "getmail without Trackless cannot deliver unparseable garbage either: left on the server" \
        test "$(remote_count)" -eq 1 -a "$($E2E count "$(maildir_of $BOB)" "$t")" -eq 0
    collect getmail
    check "getmail unparseable garbage: left on the server, nothing stored" \
        test "$(remote_count)" -eq 1 -a "$($E2E count "$(maildir_of $ALICE)" "$t")" -eq 0
    find "$(maildir_of $REMOTE)"/new "$(maildir_of $REMOTE)"/cur -type f -delete
}

# getmail6 forks the filter before it installs its SIGCHLD handler, so it can miss the exit
# of a fast filter: it then waits `timeout` and abandons the whole run, leaving on the server
# the messages it delivered before. A filter that outlasts `timeout` on one message makes it
# abandon a run every time. With the recipe's `to_oldmail_on_each_mail`, the next run must
# deliver the rest and nothing twice.
getmail_abandoned_run() {
    local first stalled last n
    first=$(new_message newsletter getmail before-stall "$ALICE@localhost")
    stalled=$(new_message newsletter getmail stall "$ALICE@localhost")
    last=$(new_message plain getmail after-stall "$ALICE@localhost")
    # One second apart: Dovecot numbers new messages in the order of their file names.
    for n in "$first" "$stalled" "$last"; do seed_remote "$SENT/$n.eml"; sleep 1; done
    set_filter stall
    collect getmail
    set_filter real
    check "getmail abandoned a run at the stalled message, after delivering the one before it" \
        test "$($E2E count "$(maildir_of $ALICE)" "$first")" -eq 1 -a "$($E2E count "$(maildir_of $ALICE)" "$stalled")" -eq 0 \
        -a "$(remote_count)" -eq 3
    collect_all getmail
    $E2E wait "$(maildir_of $ALICE)" "$first" "$stalled" "$last" --timeout 60
    for n in "$first" "$stalled" "$last"; do
        local name=${n#e2e.getmail.}
        check "getmail after an abandoned run: the ${name%.$RUN_ID} message arrives once, filtered" \
            verify "$n" $ALICE filtered --parse
    done
    check "getmail after an abandoned run: the server is empty" test "$(remote_count)" -eq 0
}

# Fault outcomes per path: "original" = delivered unfiltered at once; "retry" = the MTA or
# collector keeps the message and delivers it (filtered) once Trackless works again.
fault_outcome() {  # fault_outcome PATH FAULT
    case $2 in
      crash|hang|maxsize) echo original ;;
      tempfail|killed)
        case $1 in
          maildrop|exim|getmail) echo retry ;;
          *) echo original ;;
        esac ;;
    esac
}

fault_case() {  # fault_case PATH FAULT
    local p=$1 fault=$2 kind=newsletter tag outcome what
    [ "$fault" = maxsize ] && kind=oversize
    outcome=$(fault_outcome "$p" "$fault")
    tag=$(new_message "$kind" "$p" "$fault" "$ALICE@localhost")
    set_filter "$fault"
    deliver "$p" $ALICE "$SENT/$tag.eml" || log "$p: sending failed"
    case $fault in
      crash) what="Trackless crashes (fail-open handler)" ;;
      hang) what="Trackless hangs (its own --timeout)" ;;
      tempfail) what="Trackless fails with --on-error tempfail (exit 75, no output)" ;;
      killed) what="Trackless killed by SIGKILL (no output)" ;;
      maxsize) what="message over --max-size" ;;
    esac
    case $p:$outcome in getmail:original|fetchmail:*) collect_all "$p" ;; getmail:retry) collect "$p" ;; esac
    if [ "$outcome" = original ]; then
        $E2E wait "$(maildir_of $ALICE)" "$tag" --timeout 60
        wait_queue_empty "$p"
        set_filter real
        check "$p $what: original arrives intact, once" verify "$tag" $ALICE original --parse
    else
        local deferred=1
        case $p in
          getmail) [ "$(remote_count)" -ge 1 ] || deferred=0 ;;
          *) wait_deferred "$p" || deferred=0 ;;
        esac
        [ "$($E2E count "$(maildir_of $ALICE)" "$tag")" -eq 0 ] || deferred=0
        set_filter real
        check "$p $what: kept for retry, nothing stored" test "$deferred" -eq 1
        case $p in getmail) collect_all "$p" ;; *) flush_queue "$p" ;; esac
        $E2E wait "$(maildir_of $ALICE)" "$tag" --timeout 60
        wait_queue_empty "$p"
        check "$p $what: after the retry it arrives once, filtered" \
            verify "$tag" $ALICE filtered --cleaned --parse
    fi
}

run_path() {
    local p=$1 t0=$SECONDS f
    CURRENT_PATH=$p
    if [ "$p" = milter ]; then milter_path; log "$p done in $((SECONDS - t0)) s"; return; fi
    case $p in
      lmtp|lda|procmail|maildrop|content_filter)
        postfix_mode "$p"; postfix -c "$PF" reload >/dev/null 2>&1; sleep 1 ;;
    esac
    normal_cases "$p"
    [ "$p" = getmail ] && { getmail_garbage; getmail_abandoned_run; }
    for f in maxsize crash hang tempfail killed; do
        case $p:$f in getmail:hang|getmail:maxsize|fetchmail:hang|fetchmail:maxsize) continue ;; esac
        fault_case "$p" "$f"
    done
    log "$p done in $((SECONDS - t0)) s"
}

# ------------------------------------------------------------------ the milter path
# `trackless milter` as Postfix's smtpd_milters and non_smtpd_milters (conf/postfix-milter.cf),
# started as docs/recipes/trackless-milter.service runs it (lib.sh start_milter). Delivery is
# plain Dovecot LMTP with no Sieve script for anyone, so `trackless filter` never runs on
# this path (the filter program is a tripwire meanwhile). Each message also goes, byte for
# byte, through a second smtpd of the same Postfix that has no milters (REF_PORT), to BOB:
# that copy is what Postfix queued, so what it passes a milter. e2e.py milter-verify computes
# the expected message from it with `trackless filter --recipient` and compares byte for byte.
milter_send() {  # milter_send KIND CASE -> tag: one copy through the milter to ALICE, one past it to BOB
    local t; t=$(new_message "$1" milter "$2" "$ALICE@localhost")
    send_smtp "$SMTP_PORT" "$ALICE@localhost" "$SENT/$t.eml" || log "milter: sending $2 failed"
    send_smtp "$REF_PORT" "$BOB@localhost" "$SENT/$t.eml" || log "milter: sending $2 past the milter failed"
    echo "$t"
}

milter_verify() {  # milter_verify TAG e2e.py-milter-verify-flags...
    local tag=$1; shift
    $E2E milter-verify --maildir "$(maildir_of $ALICE)" --user $ALICE --imap-port "$IMAP_PORT" \
        --tag "$tag" --sent "$SENT/$tag.eml" --recipient "$ALICE@localhost" \
        --trackless "$BIN/trackless.real" "$@"
}

milter_wait() {  # milter_wait TAG...: both copies of each delivered, queue empty
    $E2E wait "$(maildir_of $ALICE)" "$@" --timeout 90
    $E2E wait "$(maildir_of $BOB)" "$@" --timeout 90
    wait_queue_empty milter
}

milter_log_ok() {  # milter_log_ok N: the daemon's log has N message lines, all "changed" or
    local n bad  # "unchanged" with a queue ID, and no protocol error
    n=$(grep -cE '^trackless milter: [0-9A-F]+: (changed|unchanged), [0-9]+ bytes(, .*)?$' "$MILTER_LOG")
    bad=$(grep -E '^trackless milter: .*: (oversize|failed|aborted)|protocol error|idle' "$MILTER_LOG")
    [ "$n" -eq "$1" ] || echo "    $n message lines in $MILTER_LOG, expected $1"
    [ -z "$bad" ] || echo "    $bad"
    [ "$n" -eq "$1" ] && [ -z "$bad" ]
}

socket_ok() {  # the socket is Postfix's to use (group postfix, mode 660) and nobody else's
    local got; got=$(stat -c '%U:%G %a' "$MILTER_SOCK")
    [ "$got" = "$FILTERUSER:postfix 660" ] || { echo "    socket: $got"; return 1; }
}

session_paused() {  # session_paused ehlo|rcpt FILE NAME: an SMTP session through the milter
    local at=$1 file=$2 name=$3  # waits at EHLO or after RCPT; $ROOT/$NAME.go lets it go on
    rm -f "$ROOT/$name.ready" "$ROOT/$name.go"
    $E2E smtp-session --port "$SMTP_PORT" --rcpt "$ALICE@localhost" --file "$file" --pause "$at" \
        --ready "$ROOT/$name.ready" --go "$ROOT/$name.go" > "$ROOT/$name.smtp" 2>&1 &
    SESSION_PID=$!
    for _ in $(seq 300); do [ -e "$ROOT/$name.ready" ] && return 0; sleep 0.1; done
    cat "$ROOT/$name.smtp" >&2; return 1
}

session_finish() {  # session_finish NAME: let the paused session go on; its status
    touch "$ROOT/$1.go"
    wait "$SESSION_PID"; local rc=$?
    [ "$rc" -eq 0 ] || sed 's/^/  /' "$ROOT/$1.smtp"
    return "$rc"
}

milter_start_checked() { start_milter && socket_ok; }

milter_stopping_finish() {  # milter_stopping_finish NAME: the daemon stopped listening, then the
    [ ! -e "$MILTER_SOCK" ] || { echo "    still listening after SIGTERM"; return 1; }  # session goes on
    session_finish "$1"
}

milter_unmodified() {  # milter_unmodified TAG MAILLOG-LINES-BEFORE: arrived as without the milter,
    milter_verify "$1" --reference "$(maildir_of $BOB)" --expect original || return 1
    # ... and Postfix logged a milter failure since (the default action was taken).
    tail -n +"$(($2 + 1))" "$PF/maillog" | grep -qE "warning: .*$MILTER_SOCK" ||
        { echo "    Postfix logged no milter failure"; return 1; }
}

milter_oversize() {  # milter_oversize TAG: arrived as without the milter; the daemon said oversize
    milter_verify "$1" --reference "$(maildir_of $BOB)" --expect original || return 1
    grep -qE '^trackless milter: [0-9A-F]+: oversize, [0-9]+ bytes(, .*)?$' "$MILTER_LOG" ||
        { echo "    no oversize line in $MILTER_LOG"; return 1; }
}

tripwire_quiet() {  # the filter program the Sieve recipe calls never ran
    [ -z "$(ls -A "$ROOT/tripwire")" ] || { echo "    it ran $(ls "$ROOT/tripwire" | wc -l) times"; return 1; }
}

milter_sigterm_case() {  # milter_sigterm_case data|rcpt WHERE: SIGTERM with a session paused there
    local at=$1 where=$2 t name=sigterm-$1
    t=$(new_message newsletter milter "$name" "$ALICE@localhost")
    send_smtp "$REF_PORT" "$BOB@localhost" "$SENT/$t.eml" || log "milter: sending $name past the milter failed"
    if session_paused "$at" "$SENT/$t.eml" "$name"; then
        sleep 0.5  # the daemon has read what Postfix sent so far
        kill -TERM "$MILTER_PID"
        for _ in $(seq 100); do [ -e "$MILTER_SOCK" ] || break; sleep 0.1; done
        sleep 2
        check "milter SIGTERM $where: the daemon stops listening, the SMTP session completes" \
            milter_stopping_finish "$name"
    else
        fail "milter SIGTERM $where: the daemon stops listening, the SMTP session completes"
    fi
    check "milter SIGTERM $where: exit 0 after the message, logs stopped, socket removed" stop_milter
    milter_wait "$t"
    check "milter SIGTERM $where: the message under way still arrives cleaned, once" \
        milter_verify "$t" --reference "$(maildir_of $BOB)" --expect changed --cleaned --pixel-removed
}

milter_path() {
    local kinds="newsletter plain garbage truncated large" k t f tags=() samples=() lines
    declare -A tag_of=()
    dovecot_users plain      # nobody's delivery runs a Sieve script, so no `trackless filter`
    set_filter tripwire      # ... which the tripwire proves at the end
    postfix_mode milter; postfix -c "$PF" reload >/dev/null 2>&1; sleep 1
    check "milter daemon started as the systemd unit runs it, socket for group postfix only" \
        milter_start_checked

    # (a) Every message, as `trackless filter --recipient` makes the message Postfix passes.
    for k in $kinds; do t=$(milter_send "$k" "$k"); tag_of[$k]=$t; tags+=("$t"); done
    for f in "$REPO"/SampleMail/*.eml; do
        [ -e "$f" ] || continue
        k=sample-$(basename "$f" .eml | tr -c 'A-Za-z0-9\n' -)
        t=$(milter_send "file:$f" "$k"); tag_of[$k]=$t; tags+=("$t"); samples+=("$k")
    done
    milter_wait "${tags[@]}"
    check "milter newsletter: once, as trackless filter makes what Postfix passed; X-Trackless on top, pixel and read-receipt header gone, other headers and attachments kept" \
        milter_verify "${tag_of[newsletter]}" --reference "$(maildir_of $BOB)" --expect changed --cleaned --pixel-removed --parse --min-attachments 2
    check "milter DKIM-signed plain message with nothing to remove: once, no X-Trackless, byte-identical to the delivery without the milter" \
        milter_verify "${tag_of[plain]}" --reference "$(maildir_of $BOB)" --expect unchanged
    check "milter DKIM: signed header fields and body untouched, the signature verifies" \
        milter_verify "${tag_of[plain]}" --reference "$(maildir_of $BOB)" --expect unchanged --dkim "$ROOT/dkim.txt"
    check "milter unparseable garbage: once, untouched" \
        milter_verify "${tag_of[garbage]}" --reference "$(maildir_of $BOB)" --expect unchanged
    check "milter truncated message: once, as trackless filter makes it" \
        milter_verify "${tag_of[truncated]}" --reference "$(maildir_of $BOB)" --expect any
    check "milter 5 MB message: once, cleaned as trackless filter cleans it" \
        milter_verify "${tag_of[large]}" --reference "$(maildir_of $BOB)" --expect changed --cleaned --pixel-removed --parse
    for k in "${samples[@]}"; do
        check "milter SampleMail/${k#sample-}.eml: once, as trackless filter makes it (X-Trackless only if changed), attachments intact" \
            milter_verify "${tag_of[$k]}" --reference "$(maildir_of $BOB)" --expect any --parse
    done
    check "milter daemon: one log line per message, each changed or unchanged, no protocol error" \
        milter_log_ok "${#tags[@]}"

    # non_smtpd_milters: mail submitted with sendmail (pickup; the milter gets bare addresses).
    t=$(new_message newsletter milter sendmail "$ALICE@localhost")
    /usr/sbin/sendmail -C "$PF" -f sender@example.org -i -- "$ALICE@localhost" < "$SENT/$t.eml" ||
        log "milter: sendmail failed"
    $E2E wait "$(maildir_of $ALICE)" "$t" --timeout 60; wait_queue_empty milter
    check "milter newsletter submitted with sendmail (non_smtpd_milters): cleaned as trackless filter cleans the sent message" \
        milter_verify "$t" --input-sent --expect changed --cleaned --pixel-removed --parse

    # SIGTERM while a message is under way ("finish the messages under way, exit"): the
    # daemon stops listening, the message is still cleaned, then it exits 0. Once with the
    # session stopped inside DATA, once between RCPT and DATA (the transaction has begun;
    # Postfix holds the milter's MAIL and RCPT in its buffer until DATA, as the daemon asks
    # for no reply to them). Each session waits 2 s after the daemon stopped listening, more
    # than the daemon's 1 s poll, before it goes on.
    milter_sigterm_case data "inside DATA"
    start_milter || log "milter daemon did not start"
    milter_sigterm_case rcpt "between RCPT and DATA"

    # (c) The daemon killed with SIGKILL: while Postfix is connected to it (the session waits
    # after EHLO: Postfix connected to the milter before its greeting), and between messages
    # (its socket left behind, nobody listening). milter_default_action = accept: the message
    # arrives unmodified, once. A new daemon then cleans again.
    start_milter || log "milter daemon did not start"
    t=$(new_message newsletter milter killed "$ALICE@localhost")
    send_smtp "$REF_PORT" "$BOB@localhost" "$SENT/$t.eml" || log "milter: sending killed past the milter failed"
    lines=$(wc -l < "$PF/maillog")
    if session_paused ehlo "$SENT/$t.eml" killed; then
        kill_milter
        check "milter daemon killed (SIGKILL) while Postfix is connected: the SMTP session completes" session_finish killed
    else
        fail "milter daemon killed (SIGKILL) while Postfix is connected: the SMTP session completes"
    fi
    milter_wait "$t"
    check "milter daemon killed while Postfix is connected: the original arrives unmodified, once; Postfix logged the milter failure" \
        milter_unmodified "$t" "$lines"
    lines=$(wc -l < "$PF/maillog")
    t=$(milter_send newsletter down)
    milter_wait "$t"
    check "milter daemon dead, its socket left behind: the original arrives unmodified, once; Postfix logged the milter failure" \
        milter_unmodified "$t" "$lines"
    check "milter daemon restarts over the socket the killed one left" start_milter
    t=$(milter_send newsletter restarted)
    milter_wait "$t"
    check "milter after the restart: a message is cleaned again, once" \
        milter_verify "$t" --reference "$(maildir_of $BOB)" --expect changed --cleaned --pixel-removed --parse
    check "milter SIGTERM when idle: exit 0, logs stopped, socket removed" stop_milter

    # (d) A message over --max-size is accepted unmodified.
    start_milter --max-size 2000 || log "milter daemon did not start"
    t=$(milter_send newsletter oversize)
    milter_wait "$t"
    check "milter message over --max-size 2000: the original arrives unmodified, once; the daemon logged it oversize" \
        milter_oversize "$t"
    check "milter SIGTERM at the end: exit 0, logs stopped, socket removed" stop_milter

    check "milter path: trackless filter never ran (plain LMTP delivery, no Sieve filter)" \
        tripwire_quiet
    set_filter real
    dovecot_users sieve
}

# The filter contract itself, without daemons: the whole input read, nothing on stderr.
direct_cases() {
    local msgs=() k t
    for k in newsletter plain garbage truncated large oversize; do
        t="e2e.direct.$k.$RUN_ID"; $E2E render "$k" "$t" "$ALICE@localhost" "$SENT/$t.eml"; msgs+=("$SENT/$t.eml")
    done
    local tb=$BIN/trackless.real
    check "filter: every message read whole, exit 0, output, nothing on stderr" $E2E direct "$tb" "${msgs[@]}"
    check "filter: garbage comes out byte-identical" $E2E direct "$tb" "${msgs[2]}" --expect original
    check "filter: --max-size passes the original through" $E2E direct "$tb" "${msgs[5]}" --arg=--max-size --arg=1000000 --expect original
    check "filter: crash passes the original through, exit 0, nothing on stderr" $E2E direct "$tb" "${msgs[@]}" --fault crash --expect original
    check "filter: hang passes the original through after --timeout" $E2E direct "$tb" "${msgs[0]}" "${msgs[4]}" --fault hang --arg=--timeout --arg=1 --expect original
    check "filter: --on-error tempfail exits 75 with no output" $E2E direct "$tb" "${msgs[0]}" "${msgs[4]}" --fault crash --arg=--on-error --arg=tempfail --status 75 --expect empty
}

# `trackless clean` on a Maildir++ tree while Dovecot serves it and a client has it open
# (also runnable alone: live-maildir.sh). Uses the collectors' mailbox, empty by now.
live_cases() {
    local out=$ROOT/live.out n
    $PY "$HERE/live_maildir.py" --trackless "$BIN/trackless" --user $REMOTE \
        --maildir "$(maildir_of $REMOTE)" --port "$IMAP_PORT" --messages "$HERE/messages" \
        --dovecot-conf "$DV/dovecot.conf" --dovecot-log "$DV/log/dovecot.log" > "$out" 2>&1
    cat "$out"
    n=$(grep -c '^PASS ' "$out"); passes=$((passes + n))
    n=$(grep -c '^FAIL ' "$out"); failures=$((failures + n))
    while IFS= read -r n; do failed_names="$failed_names|${n#FAIL }"; done < <(grep '^FAIL ' "$out")
    grep -q -E '^(PASS|FAIL) ' "$out" || fail "live: live_maildir.py ran no check"
    LAST_RESULT=$SECONDS
}

logs_clean() {  # nothing bounced, no daemon panicked, no MDA saw a write error
    local bad=0
    if grep -E 'status=bounced|fatal:|panic:' "$PF/maillog"; then bad=1; fi
    if grep -E 'Panic:|Fatal:|Broken pipe' "$DV/log/dovecot.log" "$DV/log/lda.log"; then bad=1; fi
    # Exim also writes deferrals by a failing transport filter (the fault cases) to its panic log.
    if grep -v 'transport filter process failed' "$EX/log/paniclog" 2>/dev/null; then bad=1; fi
    if grep -E '\*\* ' "$EX/log/mainlog"; then bad=1; fi
    [ "$bad" -eq 0 ]
}

# ------------------------------------------------------------------ main
T0=$SECONDS
log "trackless: $TRACKLESS_BIN; scratch tree: $ROOT"
setup
start_daemons
check "docs/recipes show the configurations these tests use" $PY "$HERE/check-docs.py" "$REPO"
direct_cases
for p in $PATHS; do run_path "$p"; done
[ "${E2E_LIVE:-1}" = 1 ] && live_cases
check "no bounce, no daemon panic or fatal error, no Exim panic log" logs_clean
if [ "${E2E_HOLD:-}" = 1 ]; then  # for debugging: daemons stay up until $ROOT/hold is removed
    touch "$ROOT/hold"; log "holding; rm $ROOT/hold to stop"
    while [ -e "$ROOT/hold" ]; do sleep 1; done
fi
log "finished in $((SECONDS - T0)) s"
[ -n "$failed_names" ] && log "failed: ${failed_names#|}"
echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
