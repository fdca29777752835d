# Shared by the delivery tests (run.sh), the live-Maildir test (live-maildir.sh) and the
# milter load and fault test (milter-load.sh):
# configuration, scratch tree, test users, private Postfix, Dovecot and Exim instances,
# the swappable filter, sending and checking. Sourced, not run; the caller has set
# `set -uo pipefail` and passes the trackless binary as $1 or TRACKLESS_BIN.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TRACKLESS_BIN=${1:-${TRACKLESS_BIN:-}}
ROOT=${E2E_ROOT:-/tmp/trackless-e2e}
PATHS=${E2E_PATHS:-lmtp lda procmail maildrop content_filter exim getmail fetchmail milter}
SMTP_PORT=${E2E_SMTP_PORT:-2525}
# The same Postfix smtpd without milters: reference deliveries for the milter path.
REF_PORT=${E2E_REF_PORT:-2527}
EXIM_PORT=${E2E_EXIM_PORT:-2526}
IMAP_PORT=${E2E_IMAP_PORT:-10143}
LMTP_PORT=${E2E_LMTP_PORT:-10024}
EXIM_BIN=${EXIM_BIN:-/var/cache/trackless-e2e/exim/usr/sbin/exim4}
PY=/usr/bin/python3            # the system python, which has python3-dkim
E2E="$PY $HERE/e2e.py"
ALICE=tlalice                  # Trackless on
BOB=tlbob                      # Trackless off (the "some users only" check)
REMOTE=tlremote                # the mailbox getmail and fetchmail collect from
GETMAIL_TIMEOUT=20             # getmail's child-wait timeout (getmailrc `timeout`), seconds
FILTERUSER=tlfilter            # runs the Postfix pipe(8) content filter
DV=$ROOT/dovecot PF=$ROOT/postfix EX=$ROOT/exim BIN=$ROOT/bin SENT=$ROOT/sent
# `trackless milter` (milter path): its socket where systemd's RuntimeDirectory would be.
MILTER_DIR=$ROOT/run/trackless MILTER_SOCK=$ROOT/run/trackless/milter.sock
MILTER_UNIT=$REPO/docs/recipes/trackless-milter.service
RUN_ID=$(date +%s)$$
passes=0 failures=0 failed_names=""

log() { printf '[e2e] %s\n' "$*" >&2; }
die() { printf '[e2e] error: %s\n' "$*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "run as root"
[ -n "$TRACKLESS_BIN" ] || die "usage: $0 PATH-TO-TRACKLESS (or TRACKLESS_BIN=...)"
[ -x "$TRACKLESS_BIN" ] || die "not executable: $TRACKLESS_BIN"
for tool in postfix dovecot swaks procmail maildrop getmail fetchmail sievec setpriv "$EXIM_BIN" "$PY"; do
    command -v "$tool" >/dev/null || die "missing $tool: run Tests/e2e/install-deps.sh"
done

# ------------------------------------------------------------------ cleanup
DOVECOT_PID="" POSTFIX_PID="" EXIM_PID="" MILTER_PID="" CREATED_USERS="" PF_MAIN_CHANGE="" EXIM_TRUST_CHANGE=""
stop_pid() {  # stop one process this script started, and reap it
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$MILTER_PID"
    [ -n "$POSTFIX_PID" ] && postfix -c "$PF" stop >/dev/null 2>&1
    stop_pid "$POSTFIX_PID"; stop_pid "$EXIM_PID"; stop_pid "$DOVECOT_PID"
    case $PF_MAIN_CHANGE in
      created) rm -f /etc/postfix/main.cf ;;
      appended) sed -i "\#^alternate_config_directories = $PF\$#d" /etc/postfix/main.cf ;;
    esac
    case $EXIM_TRUST_CHANGE in
      created) rm -f /etc/exim4/trusted_configs; rmdir /etc/exim4 2>/dev/null ;;
      appended) sed -i "\#^$EX/exim.conf\$#d" /etc/exim4/trusted_configs ;;
    esac
    for u in $CREATED_USERS; do userdel "$u" 2>/dev/null; done
    if [ "${E2E_KEEP:-}" = 1 ]; then log "kept $ROOT"; else rm -rf "$ROOT"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ results
LAST_RESULT=$SECONDS          # each result line shows the seconds since the previous one
pass() { passes=$((passes + 1)); printf 'PASS %s (%d s)\n' "$1" $((SECONDS - LAST_RESULT)); LAST_RESULT=$SECONDS; }
fail() {
    failures=$((failures + 1)); failed_names="$failed_names|$1"
    printf 'FAIL %s (%d s)\n' "$1" $((SECONDS - LAST_RESULT)); LAST_RESULT=$SECONDS
}
check() {  # check NAME COMMAND...: PASS when COMMAND succeeds (its output explains a failure)
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

# ------------------------------------------------------------------ set-up
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 100); do port_free "$1" || return 0; sleep 0.1; done; return 1; }

# Config templates in conf/ use @NAME@ placeholders; docs/recipes show the same files with
# the values a normal installation uses (Tests/e2e/check-docs.py compares them).
render() {  # render TEMPLATE: the rendered file on stdout
    sed -e "s|@TRACKLESS@|$BIN/trackless|g" \
        -e "s|@TRACKLESS_WRAP@|$BIN/trackless-wrap|g" \
        -e "s|@SIEVE_DIR@|$DV/sieve|g" \
        -e "s|@SIEVE_FILTER_DIR@|$DV/sieve-filter|g" \
        -e "s|@DOVECOT_LDA@|/usr/lib/dovecot/dovecot-lda -c $DV/dovecot.conf|g" \
        -e "s|@SENDMAIL@|/usr/sbin/sendmail -C $PF|g" \
        -e "s|@LMTP@|inet:127.0.0.1:$LMTP_PORT|g" \
        -e "s|@MILTER_SOCKET@|$MILTER_SOCK|g" \
        -e "s|@POSTFIX_DIR@|$PF|g" \
        -e "s|@FILTER_USER@|$FILTERUSER|g" \
        -e "s|@ALICE@|$ALICE@localhost|g" \
        -e "s|@EXIM_DIR@|$EX|g" \
        -e "s|@IMAP_SERVER@|127.0.0.1|g" \
        -e "s|@IMAP_PORT@|$IMAP_PORT|g" \
        -e "s|@GETMAIL_RETRIEVER@|SimpleIMAPRetriever|g" \
        -e "s|@GETMAIL_TIMEOUT@|$GETMAIL_TIMEOUT|g" \
        -e "s|@IMAP_TLS@|sslproto \"\"|g" \
        -e "s|@REMOTE_USER@|$REMOTE|g" \
        -e "s|@REMOTE_PASSWORD@|secret|g" \
        -e "s|@LOCAL_USER@|$ALICE|g" \
        "$HERE/conf/$1"
}

home_of() { echo "$ROOT/home/$1"; }
maildir_of() { echo "$ROOT/home/$1/Maildir"; }

make_user() {
    local u=$1 home; home=$(home_of "$u")
    if id "$u" >/dev/null 2>&1; then
        usermod -d "$home" "$u" || die "cannot reuse user $u"
    else
        useradd -d "$home" -s /bin/sh -U "$u" || die "cannot create user $u"
        CREATED_USERS="$CREATED_USERS $u"
    fi
}

setup() {
    for p in "$SMTP_PORT" "$REF_PORT" "$EXIM_PORT" "$IMAP_PORT" "$LMTP_PORT"; do
        port_free "$p" || die "port $p is in use (a previous run still going?)"
    done
    rm -rf "$ROOT"
    mkdir -p "$ROOT" "$BIN" "$SENT" "$ROOT/home" "$DV"/{run,log,state,sieve,sieve-filter} \
             "$PF"/{spool,data} "$EX"/{spool,log}
    chmod 755 "$ROOT" "$ROOT/home"
    for u in $ALICE $BOB $REMOTE $FILTERUSER; do make_user "$u"; done
    for u in $ALICE $BOB $REMOTE; do
        mkdir -p "$(home_of $u)/Maildir"/{cur,new,tmp}
        chown -R "$u:" "$(home_of $u)"; chmod 700 "$(home_of $u)"
    done
    # The milter daemon's socket directory, as systemd makes /run/trackless for the unit
    # (RuntimeDirectory=, owned by User= and Group=postfix, RuntimeDirectoryMode=0750).
    mkdir -p "$MILTER_DIR"; chown "$FILTERUSER:postfix" "$MILTER_DIR"; chmod 750 "$MILTER_DIR"
    # Every run of the filter program the recipes call is noted here (set_filter tripwire).
    mkdir -p "$ROOT/tripwire"; chmod 1777 "$ROOT/tripwire"
    # The binary is copied: it runs as the recipient and as the pipe(8) user.
    install -m 755 "$TRACKLESS_BIN" "$BIN/trackless.real"
    cp "$BIN/trackless.real" "$BIN/trackless"
    render trackless-wrap > "$BIN/trackless-wrap"; chmod 755 "$BIN/trackless-wrap"
    # Sieve looks programs up by name in sieve_filter_bin_dir; a symlink to a file is fine.
    ln -s "$BIN/trackless" "$DV/sieve-filter/trackless"

    # DKIM key for the signed test message; the public half is served by e2e.py's resolver.
    openssl genrsa -out "$ROOT/dkim.key" 2048 2>/dev/null || die "openssl genrsa failed"
    $E2E dkim-public "$ROOT/dkim.key" > "$ROOT/dkim.txt"

    setup_dovecot; setup_postfix; setup_exim; setup_mdas
}

setup_dovecot() {
    render dovecot-trackless.conf > "$DV/trackless.conf"
    render trackless.sieve > "$DV/sieve/trackless.sieve"
    cat > "$DV/dovecot.conf" <<EOF
# Private Dovecot 2.3 instance for the delivery tests: dovecot -F -c $DV/dovecot.conf
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/log/dovecot.log
info_log_path = $DV/log/dovecot.log
instance_name = trackless-e2e
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 100
default_internal_user = dovecot
default_login_user = dovenull
postmaster_address = postmaster@localhost
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $DV/users
}
userdb {
  driver = passwd-file
  args = username_format=%n $DV/users
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service auth {
  unix_listener auth-userdb {
    # dovecot-lda -d runs as the recipient and looks itself up here.
    mode = 0666
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
protocol lda {
  # dovecot-lda runs as the recipient: its log must be writable by every user.
  log_path = $DV/log/lda.log
  info_log_path = $DV/log/lda.log
}
!include $DV/trackless.conf
EOF
    dovecot_users sieve
    touch "$DV/log/lda.log"; chmod 666 "$DV/log/lda.log"
    # Precompiled, so that delivery never tries to write the .svbin next to the script.
    sievec -c "$DV/dovecot.conf" "$DV/sieve/trackless.sieve" || die "sievec failed"
}

dovecot_users() {  # dovecot_users sieve|plain: ALICE gets Trackless's Sieve script, or nobody does
    local u extra
    for u in $ALICE $BOB $REMOTE; do
        extra=""
        # Some users only: Trackless runs for users whose userdb entry sets sieve_before.
        [ "$u" = "$ALICE" ] && [ "$1" = sieve ] && extra="userdb_sieve_before=$DV/sieve/trackless.sieve"
        echo "$u:{PLAIN}secret:$(id -u $u):$(id -g $u)::$(home_of $u)::$extra"
    done > "$DV/users.new"
    # Dovecot reads a passwd-file again when it changes (no auth cache here).
    mv -f "$DV/users.new" "$DV/users"
}

setup_postfix() {
    # sendmail/postdrop accept -C only for directories the default main.cf lists.
    if [ ! -e /etc/postfix/main.cf ]; then
        echo "alternate_config_directories = $PF" > /etc/postfix/main.cf
        PF_MAIN_CHANGE=created
    elif ! grep -q "^alternate_config_directories = $PF\$" /etc/postfix/main.cf; then
        echo "alternate_config_directories = $PF" >> /etc/postfix/main.cf
        PF_MAIN_CHANGE=appended
    fi
    chown postfix "$PF/data"
    render postfix-trackless_recipients > "$PF/trackless_recipients"
    mkdir -p "$ROOT/pf-modes"
    local m
    for m in lmtp lda procmail maildrop content-filter; do render "postfix-$m.cf" > "$ROOT/pf-modes/$m.cf"; done
    {   # The milter path: plain delivery to Dovecot LMTP (no Sieve script), then the recipe.
        render postfix-lmtp.cf | grep -v '^#'
        render postfix-milter.cf
    } > "$ROOT/pf-modes/milter.cf"
    {
        cat <<EOF
# Private Postfix 3.7 instance for the delivery tests: postfix -c $PF start-fg
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$SMTP_PORT inet n  -       n       -       -       smtpd
127.0.0.1:$REF_PORT inet n  -       n       -       -       smtpd
  -o smtpd_milters= -o non_smtpd_milters=
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
lmtp      unix  -       -       n       -       -       lmtp
smtp      unix  -       -       n       -       -       smtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
        render postfix-master-trackless.cf
    } > "$PF/master.cf"
    postfix_mode lmtp
}

postfix_mode() {  # postfix_mode MODE: main.cf = the instance's base + the recipe for MODE
    cat > "$PF/main.cf" <<EOF
# Private Postfix 3.7 instance for the delivery tests
compatibility_level = 3.6
queue_directory = $PF/spool
data_directory = $PF/data
maillog_file = $PF/maillog
maillog_file_prefixes = $ROOT
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.localdomain
mydomain = localdomain
myorigin = \$myhostname
mydestination = localhost, localhost.localdomain, \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
alias_maps =
alias_database =
local_recipient_maps = proxy:unix:passwd.byname
smtputf8_enable = no
biff = no
# Deliver header addresses as sent (the test client connects from 127.0.0.1).
local_header_rewrite_clients =
# Retry deferred mail only when the test flushes the queue.
queue_run_delay = 1h
minimal_backoff_time = 1h
maximal_backoff_time = 2h
# ---- delivery recipe: $1
EOF
    cat "$ROOT/pf-modes/${1/_/-}.cf" >> "$PF/main.cf"
}

setup_exim() {
    render exim-router.conf > "$EX/router.conf"
    render exim-transport.conf > "$EX/transport.conf"
    echo "$ALICE:" > "$EX/trackless-users"
    chown -R Debian-exim: "$EX/spool" "$EX/log"
    # Exim keeps root (needed to deliver as the recipient) with -C only for a configuration
    # listed in the compiled-in TRUSTED_CONFIG_LIST file.
    if [ ! -e /etc/exim4/trusted_configs ]; then
        mkdir -p /etc/exim4; echo "$EX/exim.conf" > /etc/exim4/trusted_configs
        EXIM_TRUST_CHANGE=created
    elif ! grep -qx "$EX/exim.conf" /etc/exim4/trusted_configs; then
        echo "$EX/exim.conf" >> /etc/exim4/trusted_configs
        EXIM_TRUST_CHANGE=appended
    fi
    cat > "$EX/exim.conf" <<EOF
# Private Exim 4.96 instance for the delivery tests: exim4 -C $EX/exim.conf -bdf
exim_path = $EXIM_BIN
spool_directory = $EX/spool
log_file_path = $EX/log/%slog
pid_file_path = $EX/exim.pid
primary_hostname = mx.localdomain
qualify_domain = localhost
domainlist local_domains = localhost : localhost.localdomain
daemon_smtp_ports = $EXIM_PORT
local_interfaces = 127.0.0.1
keep_environment =
never_users = root
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
acl_smtp_rcpt = acl_check_rcpt
begin acl
acl_check_rcpt:
  accept domains = +local_domains
  deny   message = relaying is not allowed here
begin routers
.include $EX/router.conf
local_user:
  driver = accept
  domains = +local_domains
  check_local_user
  transport = plain_maildir
begin transports
.include $EX/transport.conf
plain_maildir:
  driver = appendfile
  directory = \$home/Maildir
  maildir_format
  maildir_tag = ,S=\$message_size
  delivery_date_add
  envelope_to_add
  return_path_add
  mode = 0600
begin retry
*   *   F,2h,1h
EOF
}

setup_mdas() {
    local ha hb; ha=$(home_of $ALICE); hb=$(home_of $BOB)
    render procmailrc > "$ha/.procmailrc"            # bob has none: procmail delivers to $DEFAULT
    render mailfilter > "$ha/.mailfilter"
    printf 'xfilter "/usr/bin/reformail -f0"\nto "$HOME/Maildir/"\n' > "$hb/.mailfilter"
    mkdir -p "$ha/.getmail" "$hb/.getmail"
    render getmailrc > "$ha/.getmail/getmailrc"
    render getmailrc | sed '/^\[filter-trackless\]/,/^$/d' > "$hb/.getmail/getmailrc"
    render fetchmailrc > "$ha/.fetchmailrc"
    chown -R "$ALICE:" "$ha"; chown -R "$BOB:" "$hb/.mailfilter" "$hb/.getmail"
    chmod 600 "$ha/.mailfilter" "$hb/.mailfilter" "$ha/.fetchmailrc"
    chmod 644 "$ha/.procmailrc"
}

start_daemons() {  # start_daemons [dovecot] [postfix] [exim] (default: all three)
    local which=${*:-dovecot postfix exim} ports=""
    case " $which " in *" dovecot "*)
        dovecot -F -c "$DV/dovecot.conf" </dev/null >>"$DV/log/stdout.log" 2>&1 &
        DOVECOT_PID=$!; ports="$ports $IMAP_PORT $LMTP_PORT" ;;
    esac
    case " $which " in *" postfix "*)
        postfix -c "$PF" start-fg </dev/null >>"$ROOT/postfix-fg.log" 2>&1 &
        POSTFIX_PID=$!; ports="$ports $SMTP_PORT $REF_PORT" ;;
    esac
    case " $which " in *" exim "*)
        "$EXIM_BIN" -C "$EX/exim.conf" -bdf -q1h </dev/null >>"$EX/log/stdout.log" 2>&1 &
        EXIM_PID=$!; ports="$ports $EXIM_PORT" ;;
    esac
    local p
    for p in $ports; do
        wait_port "$p" || { tail -5 "$DV/log/dovecot.log" "$PF/maillog" "$EX/log/paniclog" "$ROOT/postfix-fg.log" 2>/dev/null >&2; die "nothing listens on port $p"; }
    done
    log "started $which: dovecot $(dovecot --version | cut -d' ' -f1), postfix $(postconf -h mail_version), exim $("$EXIM_BIN" -C "$EX/exim.conf" -bV 2>/dev/null | sed -n 's/^Exim version \([^ ]*\).*/\1/p')"
}

# ------------------------------------------------------------------ the filter under test
# Faults replace $BIN/trackless (which every recipe runs) for one case; `real` puts it back.
set_filter() {
    local f=$BIN/trackless.next real=$BIN/trackless.real
    case $1 in
      real) cp "$real" "$f" ;;
      crash) printf '#!/bin/sh\nTRACKLESS_TEST_FAULT=crash exec %s "$@"\n' "$real" > "$f" ;;
      hang) printf '#!/bin/sh\nTRACKLESS_TEST_FAULT=hang exec %s "$@"\n' "$real" > "$f" ;;
      tempfail) printf '#!/bin/sh\nTRACKLESS_TEST_FAULT=crash exec %s "$@" --on-error tempfail\n' "$real" > "$f" ;;
      maxsize) printf '#!/bin/sh\nexec %s "$@" --max-size 1000000\n' "$real" > "$f" ;;
      # Stands for a Trackless process killed by SIGKILL (the OOM killer, an administrator)
      # after it read the message: no handler runs, the MDA sees a signal death, no output.
      killed) printf '#!/bin/sh\ncat >/dev/null\nkill -KILL $$\n' > "$f" ;;
      # The real filter, except that it first outlasts getmail's `timeout` on the message of
      # the `stall` case: getmail abandons its run, as when it misses a fast filter's exit.
      stall) cat > "$f" <<EOF
#!/bin/sh
t=\$(mktemp) || exit 75
cat > "\$t"
grep -q '\.stall\.' "\$t" && sleep $((GETMAIL_TIMEOUT + 5))
{ rm -f "\$t"; exec $real "\$@"; } < "\$t"
EOF
        ;;
      # The real filter, leaving a note in $ROOT/tripwire each time it runs.
      tripwire) printf '#!/bin/sh\n: > %s/$$\nexec %s "$@"\n' "$ROOT/tripwire" "$real" > "$f" ;;
      *) die "unknown filter $1" ;;
    esac
    chmod 755 "$f"; mv -f "$f" "$BIN/trackless"
}

# ------------------------------------------------------------------ the milter daemon
# `trackless milter` runs as docs/recipes/trackless-milter.service runs it: the unit's
# ExecStart= command line (with the test's binary and socket path), no environment, as a user
# of its own (FILTERUSER here, a DynamicUser= there) with the unit's Group= (postfix), so that
# the socket it makes (mode 660) is Postfix's to use. Each start logs to $ROOT/milter.N.log.
MILTER_LOG="" MILTER_STARTS=0
alive() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]; }

start_milter() {  # start_milter [EXTRA-ARGS...]: returns once the daemon listens
    local cmd group
    cmd=$(sed -n 's/^ExecStart=//p' "$MILTER_UNIT")
    group=$(sed -n 's/^Group=//p' "$MILTER_UNIT")
    [ -n "$cmd" ] && [ -n "$group" ] || die "no ExecStart= or Group= in $MILTER_UNIT"
    cmd=${cmd//\/usr\/local\/bin\/trackless/$BIN/trackless.real}
    cmd=${cmd//\/run\/trackless\/milter.sock/$MILTER_SOCK}
    MILTER_STARTS=$((MILTER_STARTS + 1)); MILTER_LOG=$ROOT/milter.$MILTER_STARTS.log
    # shellcheck disable=SC2086  # the unit's command line, split into words as systemd does
    setpriv --reuid="$FILTERUSER" --regid="$group" --clear-groups -- \
        env -i PATH=/usr/bin:/bin $cmd "$@" </dev/null >"$MILTER_LOG" 2>&1 &
    MILTER_PID=$!
    for _ in $(seq 100); do
        if [ -S "$MILTER_SOCK" ] && grep -q 'listening on' "$MILTER_LOG"; then
            log "milter daemon $MILTER_PID: $cmd $*"; return 0
        fi
        alive "$MILTER_PID" || break
        sleep 0.1
    done
    echo "    the milter daemon does not listen:"; sed 's/^/    /' "$MILTER_LOG"; return 1
}

stop_milter() {  # SIGTERM: succeeds when the daemon exits 0 within 30 s, its last log line
    local pid=$MILTER_PID rc  # is "stopped", and it removed its socket
    [ -n "$pid" ] || { echo "    no milter daemon running"; return 1; }
    kill -TERM "$pid" 2>/dev/null  # (it may have stopped by itself after a SIGTERM before)
    for _ in $(seq 300); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && { echo "    still running 30 s after SIGTERM: killed"; kill -KILL "$pid"; }
    wait "$pid"; rc=$?
    MILTER_PID=""
    [ "$rc" -eq 0 ] || echo "    exit status $rc"
    if [ "$(tail -1 "$MILTER_LOG")" != "trackless milter: stopped" ]; then
        echo "    last log line: $(tail -1 "$MILTER_LOG")"; rc=1
    fi
    if [ -e "$MILTER_SOCK" ]; then echo "    socket left behind"; rc=1; fi
    [ "$rc" -eq 0 ]
}

kill_milter() {  # SIGKILL: no handler runs, the socket stays behind
    [ -n "$MILTER_PID" ] || return 1
    kill -KILL "$MILTER_PID"; wait "$MILTER_PID" 2>/dev/null
    MILTER_PID=""
}

# ------------------------------------------------------------------ sending and waiting
new_message() {  # new_message KIND PATHNAME CASE RCPT -> prints the tag; writes $SENT/TAG.eml(+.out)
    local kind=$1 tag="e2e.$2.$3.$RUN_ID" to=$4 dkim=""
    [ "$kind" = plain ] && dkim="--dkim-key $ROOT/dkim.key"
    $E2E render "$kind" "$tag" "$to" "$SENT/$tag.eml" $dkim || die "cannot render $kind"
    "$BIN/trackless.real" filter < "$SENT/$tag.eml" > "$SENT/$tag.out" 2>/dev/null
    echo "$tag"
}

send_smtp() {  # send_smtp PORT RCPT FILE: the exact bytes of FILE, as one SMTP DATA
    # swaks rewrites DATA (it expands "\n" and tokens) unless --no-data-fixup; the wire
    # form (CRLF, dot-stuffed, final ".") is then made by e2e.py.
    $E2E wire "$3" "$3.wire" &&
    swaks --silent 2 --server 127.0.0.1 --port "$1" --from sender@example.org --to "$2" \
          --no-data-fixup --data "@$3.wire" --timeout 60 >/dev/null
}

pf_queue_count() { postqueue -c "$PF" -j 2>/dev/null | grep -c '"queue_name"'; }
pf_deferred_count() { postqueue -c "$PF" -j 2>/dev/null | grep -c '"queue_name": *"deferred"'; }
exim_queue_count() { "$EXIM_BIN" -C "$EX/exim.conf" -bpc 2>/dev/null || echo 0; }

wait_queue_empty() {  # wait until the MTA of PATH has nothing queued
    local path=$1 n
    for _ in $(seq 300); do
        case $path in
          exim) n=$(exim_queue_count) ;;
          getmail|fetchmail) n=0 ;;
          *) n=$(pf_queue_count) ;;
        esac
        [ "$n" -eq 0 ] && return 0
        sleep 0.2
    done
    log "queue of $path not empty after 60 s"; return 1
}

wait_deferred() {  # the message is queued for a retry, and nothing was stored
    local path=$1
    for _ in $(seq 150); do
        case $path in
          exim) grep -q ' == ' "$EX/log/mainlog" 2>/dev/null && [ "$(exim_queue_count)" -ge 1 ] && return 0 ;;
          *) [ "$(pf_deferred_count)" -ge 1 ] && return 0 ;;
        esac
        sleep 0.2
    done
    return 1
}

flush_queue() {
    case $1 in
      exim) "$EXIM_BIN" -C "$EX/exim.conf" -qff >/dev/null 2>&1 & wait $! ;;
      *) postqueue -c "$PF" -f ;;
    esac
}

verify() {  # verify TAG USER EXPECT [e2e.py verify flags...]
    local tag=$1 user=$2 expect=$3; shift 3
    # procmail adds an empty line at the end of a message that went through a filter.
    [ "$CURRENT_PATH" = procmail ] && [ "$user" = $ALICE ] && set -- "$@" --mda-adds-newline
    # getmail writes messages back through Python's email package, which re-folds headers.
    [ "$CURRENT_PATH" = getmail ] && set -- "$@" --refolded-headers
    $E2E verify --maildir "$(maildir_of "$user")" --user "$user" --imap-port "$IMAP_PORT" \
        --tag "$tag" --sent "$SENT/$tag.eml" --offline "$SENT/$tag.out" --expect "$expect" "$@"
}

CURRENT_PATH="" PIXEL_FLAG=--pixel-removed
[ "${E2E_EXPECT_PIXEL:-1}" = 0 ] && PIXEL_FLAG=""

