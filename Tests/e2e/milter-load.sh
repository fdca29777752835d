#!/bin/bash
# Load and fault test of `trackless milter` inside real Postfix: the private Postfix and
# Dovecot LMTP of the delivery tests' milter path (lib.sh), as root, without systemd.
#
#  1. COUNT newsletters of about 100 KB of HTML (images from the sender's own host, a
#     Mailchimp open pixel, links with utm_ and mc_eid parameters) are sent with
#     smtp-source over 20 concurrent SMTP sessions into a Maildir by Dovecot LMTP: once
#     past the milter (the smtpd on E2E_REF_PORT, `-o smtpd_milters=`) and once through it.
#     For each: messages/s from the first submission until the last message is in the
#     Maildir; for the milter, the time the daemon took per message (the "M ms" of its log
#     lines, p50/p99), its CPU seconds against wall time, and which side is the limit.
#  2. Fault: COUNT/5 messages, each with its own X-Load-Seq, paced over about
#     MILTER_LOAD_FAULT_SECONDS; the daemon is killed with SIGKILL at 40% of them and started
#     again MILTER_LOAD_DOWN seconds later. Every message must arrive exactly once; those
#     whose session ran entirely while the daemon was dead arrive unmodified (no
#     X-Trackless, the sent bytes intact), those before the kill and after the restart cleaned.
#
# Usage: Tests/e2e/milter-load.sh [TRACKLESS_BIN]      (or TRACKLESS_BIN=...)
# Environment:
#   MILTER_LOAD_COUNT=10000        messages per throughput run (CI: 500, about 30 s on 2 cores)
#   MILTER_LOAD_SESSIONS=20        concurrent SMTP sessions
#   MILTER_LOAD_FAULT_SECONDS=12   the fault run's messages are spread over at least this long
#   MILTER_LOAD_DOWN=3             seconds between the SIGKILL and the restart
#   E2E_ROOT=/tmp/trackless-milter-load, E2E_KEEP=1, ports as for run.sh (lib.sh)
# Output: PASS/FAIL lines, a table of the figures; exit status 1 when a check failed.
#
# smtp-source -F sends the same bytes in every message. The throughput runs therefore start
# one `smtp-source -s 1 -m N -F lane-file` per session (20 different newsletters, a new
# connection per message as without -d); the fault run starts one smtp-source per message,
# so that each has its own X-Load-Seq and its own session times.
set -uo pipefail

export E2E_ROOT=${E2E_ROOT:-/tmp/trackless-milter-load}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

COUNT=${MILTER_LOAD_COUNT:-10000}
SESSIONS=${MILTER_LOAD_SESSIONS:-20}
FAULT_COUNT=$((COUNT / 5))
FAULT_SECONDS=${MILTER_LOAD_FAULT_SECONDS:-12}
DOWN=${MILTER_LOAD_DOWN:-3}
LOAD=$ROOT/load
DRIVER="$PY $ROOT/load.py"
command -v smtp-source >/dev/null || die "missing smtp-source (Debian package postfix)"
[ "$COUNT" -ge 100 ] || die "MILTER_LOAD_COUNT must be at least 100"

# ------------------------------------------------------------------ driver (Python)
# Makes the newsletters, runs smtp-source, watches the Maildir, checks what arrived.
write_driver() {
cat > "$ROOT/load.py" <<'PYEOF'
import argparse, binascii, hashlib, json, os, re, subprocess, sys, threading, time

PIXEL = b"shopnews.us1.list-manage.com/track/open.php"
MARK = b"Trail notes from the Trailgear team"   # in every HTML part, cleaned or not
SENDER = "news@trailgear.example"
PRODUCTS = [
    ("Ridge 3L shell jacket", "Three-layer shell with taped seams, pit zips and a helmet-compatible hood.", "219.00"),
    ("Alpine grid fleece", "Grid-back fleece that breathes on the climb and packs down to a fist.", "89.00"),
    ("Trail runner GTX", "Waterproof trail shoe with a 6 mm drop and a lugged outsole for wet rock.", "159.00"),
    ("Summit 40 pack", "Forty litres, roll-top, removable lid and hip-belt pockets that fit a phone.", "179.00"),
    ("Merino 200 base layer", "Long-sleeve merino crew that stays warm when wet and does not smell after a week.", "75.00"),
    ("Featherlight down vest", "800-fill responsibly sourced down in a vest that weighs 190 g.", "129.00"),
    ("Storm gaiters", "Knee-high gaiters with a tough instep strap for snow and scree.", "39.00"),
    ("Headlamp 400", "400 lumens, red night mode and a battery that charges over USB-C.", "49.00"),
    ("Carbon trekking poles", "Three-section carbon poles with cork grips and flick locks.", "119.00"),
    ("Insulated bottle 750", "Keeps tea hot for 12 hours on a winter summit.", "34.00"),
    ("Canister stove kit", "Stove, 1 l pot and windscreen that nest together.", "69.00"),
    ("Emergency bivy", "Reflective bivy bag that weighs less than an apple.", "29.00"),
]


def eid(n):
    return hashlib.md5(b"reader-%d" % n).hexdigest()[:10]


def newsletter(tag, n):
    """A newsletter of about 100 KB of HTML: the sender's own images and links (utm_ and
    mc_eid parameters), a Mailchimp open pixel and unsubscribe link; LF line ends."""
    e = eid(n)
    q = ("utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=autumn-2026"
         f"&amp;mc_cid=5e1f2a9c04&amp;mc_eid={e}")
    site = "https://www.trailgear.example"
    rows = []
    k = 0
    while sum(map(len, rows)) < 96_000:
        name, desc, price = PRODUCTS[k % len(PRODUCTS)]
        pid = 4100 + k
        rows.append(f"""<tr>
<td class="product" width="200" valign="top" style="padding:16px 12px;border-bottom:1px solid #e4e1da">
<a href="{site}/p/{pid}?{q}&amp;utm_content=product-{k}"><img src="{site}/img/products/{pid}-600.jpg"
 width="200" height="150" alt="{name}" style="display:block;border:0;width:200px;height:auto"></a>
</td>
<td valign="top" style="padding:16px 12px;border-bottom:1px solid #e4e1da;font:15px/1.5 Georgia,serif;color:#2b2b2b">
<h3 style="margin:0 0 6px;font:bold 17px/1.3 Helvetica,Arial,sans-serif;color:#1d3b2a">{name}</h3>
<p style="margin:0 0 10px">{desc} Issue {n}, pick {k + 1}.</p>
<p style="margin:0"><a href="{site}/p/{pid}?{q}&amp;utm_content=shop-{k}" style="color:#b4532a;font-weight:bold;text-decoration:none">Shop now &rarr;</a>
<span style="color:#7a7a7a">&nbsp;EUR {price}</span></p>
</td>
</tr>
""")
        k += 1
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Trailgear autumn edit</title>
<style>
body{{margin:0;background:#f4f1ea}} .wrap{{width:640px;margin:0 auto;background:#ffffff}}
.product img{{border-radius:4px}} @media (max-width:480px){{.wrap{{width:100%}} .product{{display:block;width:100%}}}}
</style></head>
<body>
<table class="wrap" role="presentation" cellpadding="0" cellspacing="0" width="640" align="center">
<tr><td colspan="2" style="padding:8px 12px;font:12px Helvetica,Arial,sans-serif;color:#7a7a7a">
<a href="{site}/newsletter/autumn-2026?{q}" style="color:#7a7a7a">View this email in your browser</a></td></tr>
<tr><td colspan="2"><a href="{site}/?{q}"><img src="{site}/img/newsletter/autumn-2026-hero.jpg" width="640" height="320"
 alt="Trailgear: the autumn edit" style="display:block;border:0;width:100%;height:auto"></a></td></tr>
<tr><td colspan="2" style="padding:20px 12px;font:16px/1.6 Georgia,serif;color:#2b2b2b">
<h1 style="margin:0 0 8px;font:bold 26px/1.2 Helvetica,Arial,sans-serif;color:#1d3b2a">{MARK.decode()}</h1>
<p style="margin:0">The days are shorter and the trails are quieter: here is what we are packing this autumn.</p>
</td></tr>
{"".join(rows)}<tr><td colspan="2" style="padding:24px 12px;font:12px/1.6 Helvetica,Arial,sans-serif;color:#7a7a7a">
Trailgear, 12 Harbour Road, Portsmouth. You receive this because you signed up at trailgear.example.<br>
<a href="https://shopnews.us1.list-manage.com/unsubscribe?u=8d3f1c2b7a&amp;id=41c9d0e2aa&amp;e={e}" style="color:#7a7a7a">Unsubscribe</a>
 | <a href="https://shopnews.us1.list-manage.com/profile?u=8d3f1c2b7a&amp;id=41c9d0e2aa&amp;e={e}" style="color:#7a7a7a">Update your preferences</a>
</td></tr>
</table>
<img src="https://shopnews.us1.list-manage.com/track/open.php?u=8d3f1c2b7a&amp;id={n}&amp;e={e}" height="1" width="1" alt="" style="display:block;width:1px;height:1px;border:0">
</body></html>
"""
    text = (f"{MARK.decode()}\n\nThe days are shorter and the trails are quieter.\n\n" +
            "".join(f"* {p[0]}, EUR {p[2]}: {site}/p/{4100 + i}?utm_source=newsletter&utm_medium=email&mc_eid={e}\n"
                    for i, p in enumerate(PRODUCTS)) +
            f"\nUnsubscribe: https://shopnews.us1.list-manage.com/unsubscribe?u=8d3f1c2b7a&id=41c9d0e2aa&e={e}\n")
    qp = lambda s: binascii.b2a_qp(s.encode(), istext=True).decode()  # noqa: E731
    b = f"=_trailgear_{n:06d}"
    return f"""From: Trailgear <{SENDER}>
To: <reader@localhost>
Subject: The autumn edit: {len(rows)} picks for shorter days
Date: Thu, 01 Oct 2026 09:00:00 +0000
Message-ID: <{tag}.{e}@mail.trailgear.example>
X-Load-Seq: {tag}
List-Id: Trailgear news <news.trailgear.example>
List-Unsubscribe: <https://shopnews.us1.list-manage.com/unsubscribe?u=8d3f1c2b7a&id=41c9d0e2aa&e={e}>
List-Unsubscribe-Post: List-Unsubscribe=One-Click
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="{b}"

--{b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(text)}
--{b}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(html)}
--{b}--
""".encode()


def cmd_gen(a):
    os.makedirs(a.dir, exist_ok=True)
    for i in range(a.count):
        tag = f"{a.prefix}-{i}"
        with open(os.path.join(a.dir, tag + ".eml"), "wb") as f:
            f.write(newsletter(tag, i))


def cpu_seconds(pid):
    if not pid:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu():
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(v), v[3] + v[4]   # all, idle + iowait


def in_maildir(md):
    return sum(len(os.listdir(os.path.join(md, d))) for d in ("new", "cur"))


def smtp_source(a, count, path):
    cmd = ["smtp-source", "-s", "1", "-m", str(count), "-M", "mail.trailgear.example",
           "-f", SENDER, "-t", a.rcpt, "-F", path, f"127.0.0.1:{a.port}"]
    t0 = time.time()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=a.timeout)
        rc, err = p.returncode, (p.stdout + p.stderr).decode(errors="replace").strip()
    except subprocess.TimeoutExpired:
        rc, err = -1, "timed out"
    return t0, time.time(), rc, err


def cmd_lanes(a):
    """One smtp-source per session, each sending its own file N times; until the Maildir
    holds them all. Times, the daemon's CPU seconds and the machine's busy share."""
    files = sorted(os.listdir(a.dir), key=lambda s: int(re.sub(r"\D", "", s)))
    lanes = [(os.path.join(a.dir, files[i]), a.count // a.sessions + (i < a.count % a.sessions))
             for i in range(a.sessions)]
    base = in_maildir(a.maildir)
    cpu0, (all0, idle0) = cpu_seconds(a.pid), machine_cpu()
    results = [None] * len(lanes)
    t0 = time.time()

    def lane(i):
        results[i] = smtp_source(a, lanes[i][1], lanes[i][0])
    threads = [threading.Thread(target=lane, args=(i,)) for i in range(len(lanes))]
    for t in threads:
        t.start()
    deadline = t0 + a.timeout
    delivered = None
    while time.time() < deadline:
        if in_maildir(a.maildir) - base >= a.count:
            delivered = time.time()
            break
        time.sleep(0.05)
    end = delivered or time.time()
    cpu1, (all1, idle1) = cpu_seconds(a.pid), machine_cpu()
    for t in threads:
        t.join()
    out = {
        "count": a.count, "sessions": a.sessions, "in_maildir": in_maildir(a.maildir) - base,
        "accepted_s": max(r[1] for r in results) - t0,
        "delivered_s": (delivered - t0) if delivered else None,
        "daemon_cpu_s": cpu1 - cpu0,
        "machine_busy": 1 - (idle1 - idle0) / max(1, all1 - all0),
        "lanes": {os.path.basename(p)[:-4]: n for p, n in lanes},
        "failed": [r[3] for r in results if r[2] != 0],
    }
    json.dump(out, open(a.out, "w"))


def cmd_each(a):
    """One smtp-source per message, at most `sessions` at once, message i not before
    t0 + i / rate; each message's session start and end times."""
    files = sorted(os.listdir(a.dir), key=lambda s: int(re.sub(r"\D", "", s)))
    lock = threading.Lock()
    state = {"next": 0}
    rows = {}
    t0 = time.time()

    def progress(n):
        with open(a.progress + ".tmp", "w") as f:
            f.write(str(n))
        os.replace(a.progress + ".tmp", a.progress)

    def worker():
        while True:
            with lock:
                i = state["next"]
                if i >= len(files):
                    return
                state["next"] += 1
            wait = t0 + i / a.rate - time.time()
            if wait > 0:
                time.sleep(wait)
            with lock:
                progress(i + 1)
            start, end, rc, err = smtp_source(a, 1, os.path.join(a.dir, files[i]))
            rows[files[i][:-4]] = {"start": start, "end": end, "rc": rc, "err": err}
    threads = [threading.Thread(target=worker) for _ in range(a.sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump({"t0": t0, "messages": rows}, open(a.out, "w"))


def delivered(md):
    """{X-Load-Seq: [(has X-Trackless, pixel still there, marker found, raw bytes)]}"""
    seen = {}
    for d in ("new", "cur"):
        for name in os.listdir(os.path.join(md, d)):
            raw = open(os.path.join(md, d, name), "rb").read()
            head = raw.split(b"\n\n", 1)[0]
            m = re.search(rb"^X-Load-Seq: *(\S+)", head, re.M | re.I)
            seq = m.group(1).decode() if m else "?"
            body = binascii.a2b_qp(raw)   # the HTML part is quoted-printable, before and after
            seen.setdefault(seq, []).append((re.search(rb"^X-Trackless:", head, re.M | re.I) is not None,
                                             PIXEL in body, MARK in body, raw))
    return seen


def cmd_check(a):
    """Throughput run: per file (lane) as many messages as sent, every one cleaned (or none)."""
    sent = json.load(open(a.run))["lanes"]
    seen = delivered(a.maildir)
    problems = []
    for lane, n in sent.items():
        got = seen.pop(lane, [])
        if len(got) != n:
            problems.append(f"{lane}: {len(got)} arrived, {n} sent")
        for tl, pixel, mark, _ in got:
            if not mark:
                problems.append(f"{lane}: the newsletter text is missing")
            elif a.expect == "cleaned" and (not tl or pixel):
                problems.append(f"{lane}: not cleaned (X-Trackless {tl}, pixel {pixel})")
            elif a.expect == "original" and (tl or not pixel):
                problems.append(f"{lane}: changed without the milter (X-Trackless {tl}, pixel {pixel})")
    for lane in seen:
        problems.append(f"{lane}: {len(seen[lane])} unexpected message(s)")
    for p in sorted(set(problems))[:10]:
        print("    " + p)
    return 1 if problems else 0


def cmd_fault(a):
    """Fault run: exactly once each; unmodified while the daemon was dead, cleaned before
    the kill and after the restart."""
    run = json.load(open(a.run))["messages"]
    seen = delivered(a.maildir)
    problems = []
    classes = {k: [0, 0] for k in ("before", "down", "after", "at kill", "at restart")}  # cleaned, unmodified
    for seq, m in sorted(run.items(), key=lambda kv: int(kv[0].rsplit("-", 1)[1])):
        if m["rc"] != 0:
            problems.append(f"{seq}: smtp-source exit {m['rc']}: {m['err'][:200]}")
        got = seen.pop(seq, [])
        if len(got) != 1:
            problems.append(f"{seq}: arrived {len(got)} times")
            if not got:
                continue
        tl, pixel, mark, raw = got[0]
        # smtp-source -F ends DATA with an empty line after the file's last line.
        sent = open(os.path.join(a.dir, seq + ".eml"), "rb").read() + b"\n"
        unmodified = not tl and raw.endswith(sent)
        cleaned = tl and not pixel and mark
        if m["end"] <= a.kill:
            c, want = "before", "cleaned"
        elif m["start"] >= a.kill and m["end"] <= a.spawn:
            c, want = "down", "unmodified"
        elif m["start"] >= a.ready:
            c, want = "after", "cleaned"
        elif m["start"] < a.kill:
            c, want = "at kill", "either"
        else:
            c, want = "at restart", "either"
        classes[c][0 if cleaned else 1] += 1
        if want == "cleaned" and not cleaned:
            problems.append(f"{seq} ({c}): not cleaned (X-Trackless {tl}, pixel {pixel})")
        elif want == "unmodified" and not unmodified:
            problems.append(f"{seq} ({c}): not the sent message unmodified (X-Trackless {tl})")
        elif want == "either" and not (cleaned or unmodified):
            problems.append(f"{seq} ({c}): neither cleaned nor unmodified")
    for seq in seen:
        if seq.startswith(a.prefix + "-"):
            problems.append(f"{seq}: arrived, never sent")
    for c in ("before", "down", "after"):
        if sum(classes[c]) == 0:
            problems.append(f"no message {c} (the timing of the run missed it)")
    json.dump(classes, open(a.out, "w"))
    for p in problems[:10]:
        print("    " + p)
    if len(problems) > 10:
        print(f"    ... {len(problems) - 10} more")
    return 1 if problems else 0


def cmd_times(a):
    """p50 / p99 / max of the "M ms" of the daemon's message lines, from line `skip` on."""
    ms = []
    for line in open(a.log).read().splitlines()[a.skip:]:
        m = re.match(r"trackless milter: [0-9A-F]+: (changed|unchanged), \d+ bytes, (\d+) ms$", line)
        if m:
            ms.append(int(m.group(2)))
    ms.sort()
    pct = lambda p: ms[min(len(ms) - 1, int(len(ms) * p / 100))] if ms else -1  # noqa: E731
    print(len(ms), pct(50), pct(99), ms[-1] if ms else -1)


ap = argparse.ArgumentParser()
sub = ap.add_subparsers(dest="cmd", required=True)
s = sub.add_parser("gen"); s.add_argument("dir"); s.add_argument("prefix"); s.add_argument("count", type=int)
for name in ("lanes", "each"):
    s = sub.add_parser(name)
    for opt in ("--dir", "--rcpt", "--out", "--maildir", "--progress"):
        s.add_argument(opt)
    s.add_argument("--port", type=int); s.add_argument("--count", type=int); s.add_argument("--sessions", type=int)
    s.add_argument("--pid", type=int, default=0); s.add_argument("--rate", type=float)
    s.add_argument("--timeout", type=float, default=600)
s = sub.add_parser("check"); s.add_argument("--maildir"); s.add_argument("--run"); s.add_argument("--expect")
s = sub.add_parser("fault")
for opt in ("--maildir", "--run", "--dir", "--prefix", "--out"):
    s.add_argument(opt)
for opt in ("--kill", "--spawn", "--ready"):
    s.add_argument(opt, type=float)
s = sub.add_parser("times"); s.add_argument("log"); s.add_argument("--skip", type=int, default=0)
a = ap.parse_args()
sys.exit({"gen": cmd_gen, "lanes": cmd_lanes, "each": cmd_each, "check": cmd_check,
          "fault": cmd_fault, "times": cmd_times}[a.cmd](a) or 0)
PYEOF
}

# ------------------------------------------------------------------ runs
now() { date +%s.%N; }

# throughput_run NAME PORT USER: COUNT messages over SESSIONS lanes; $ROOT/NAME.json
throughput_run() {
    local name=$1 port=$2 user=$3 pid=0 timeout
    [ "$port" = "$SMTP_PORT" ] && pid=$MILTER_PID
    timeout=$((120 + COUNT / 10))
    log "$name: $COUNT messages, $SESSIONS sessions, port $port, to $user"
    $DRIVER lanes --dir "$LOAD/lanes" --port "$port" --rcpt "$user@localhost" --count "$COUNT" \
        --sessions "$SESSIONS" --maildir "$(maildir_of "$user")" --pid "$pid" --timeout "$timeout" \
        --out "$ROOT/$name.json"
    wait_queue_empty milter
}

run_ok() {  # run_ok NAME: every session accepted, every message in the Maildir
    local f=$ROOT/$1.json
    $PY - "$f" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d["failed"][:5]:
    print("    smtp-source: " + e[:300])
if d["delivered_s"] is None:
    print(f"    {d['in_maildir']} of {d['count']} messages in the Maildir at the time-out")
sys.exit(1 if d["failed"] or d["delivered_s"] is None else 0)
EOF
}

milter_lines_ok() {  # milter_lines_ok SKIP N: N "changed" lines after line SKIP, nothing else
    local n bad
    n=$(tail -n +"$(($1 + 1))" "$MILTER_LOG" | grep -cE '^trackless milter: [0-9A-F]+: changed, [0-9]+ bytes, [0-9]+ ms$')
    bad=$(tail -n +"$(($1 + 1))" "$MILTER_LOG" | grep -E ': (unchanged|oversize|failed|aborted)|protocol error|idle' | head -3)
    [ "$n" -eq "$2" ] || echo "    $n changed lines in $MILTER_LOG, expected $2"
    [ -z "$bad" ] || echo "    $bad"
    [ "$n" -eq "$2" ] && [ -z "$bad" ]
}

fault_run() {
    local rate dpid kill_at p tk ts tr lines
    rate=$($PY -c "print(max(1.0, $FAULT_COUNT / $FAULT_SECONDS))")
    kill_at=$((FAULT_COUNT * 2 / 5))
    lines=$(wc -l < "$PF/maillog")
    log "fault: $FAULT_COUNT messages (at most $rate/s), SIGKILL after $kill_at, restart $DOWN s later"
    rm -f "$ROOT/fault.progress"
    $DRIVER each --dir "$LOAD/fault" --port "$SMTP_PORT" --rcpt "$REMOTE@localhost" --sessions "$SESSIONS" \
        --rate "$rate" --progress "$ROOT/fault.progress" --out "$ROOT/fault.json" --timeout 120 &
    dpid=$!
    while kill -0 "$dpid" 2>/dev/null; do
        p=$(cat "$ROOT/fault.progress" 2>/dev/null); [ "${p:-0}" -ge "$kill_at" ] && break
        sleep 0.02
    done
    tk=$(now); kill_milter
    sleep "$DOWN"
    ts=$(now)
    start_milter || log "the milter daemon did not start again"
    tr=$(now)
    wait "$dpid"
    wait_maildir "$REMOTE" $((2 * SESSIONS + FAULT_COUNT)) 120  # the warm-up's and these
    wait_queue_empty milter
    FAULT_WARNINGS=$(tail -n +"$((lines + 1))" "$PF/maillog" | grep -cE "warning: .*$MILTER_SOCK")
    check "fault: every message arrives exactly once; those sent while the daemon was dead unmodified (no X-Trackless, the sent bytes), those before the SIGKILL and after the restart cleaned" \
        $DRIVER fault --maildir "$(maildir_of $REMOTE)" --run "$ROOT/fault.json" --dir "$LOAD/fault" \
            --prefix fault --kill "$tk" --spawn "$ts" --ready "$tr" --out "$ROOT/fault-classes.json"
    check "fault: Postfix logged the dead milter and took the default action" test "$FAULT_WARNINGS" -gt 0
}

wait_maildir() {  # wait_maildir USER N SECONDS: until the Maildir holds N files
    local md; md=$(maildir_of "$1")
    for _ in $(seq $(($3 * 10))); do
        [ "$(find "$md/new" "$md/cur" -type f | wc -l)" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

# ------------------------------------------------------------------ main
T0=$SECONDS
log "trackless: $TRACKLESS_BIN; scratch tree: $ROOT; $COUNT messages, fault run $FAULT_COUNT; $(nproc) cores"
setup
write_driver
dovecot_users plain          # plain Dovecot LMTP delivery, no Sieve: the milter path
postfix_mode milter
# Every message goes to one mailbox: local(8) would deliver at most 2 at once to one
# recipient (local_destination_concurrency_limit), and the test would measure that.
echo "local_destination_concurrency_limit = $SESSIONS" >> "$PF/main.cf"
start_daemons dovecot postfix
check "milter daemon started as the systemd unit runs it" start_milter

$DRIVER gen "$LOAD/lanes" lane "$SESSIONS"
$DRIVER gen "$LOAD/fault" fault "$FAULT_COUNT"
log "messages: $(stat -c %s "$LOAD/lanes/lane-0.eml") bytes each (lane-0.eml)"
# Warm-up: Postfix's and Dovecot's processes started, the daemon's first messages served.
for p in "$REF_PORT" "$SMTP_PORT"; do
    smtp-source -s "$SESSIONS" -m "$SESSIONS" -M mail.trailgear.example -f news@trailgear.example \
        -t "$REMOTE@localhost" -F "$LOAD/lanes/lane-0.eml" "127.0.0.1:$p" || log "warm-up on port $p failed"
done
wait_maildir "$REMOTE" $((2 * SESSIONS)) 60 || log "warm-up: not all delivered"
wait_queue_empty milter

throughput_run nomilter "$REF_PORT" "$BOB"
check "no milter: $COUNT messages accepted and in the Maildir" run_ok nomilter
check "no milter: each arrived once, none has X-Trackless, pixels there" \
    $DRIVER check --maildir "$(maildir_of $BOB)" --run "$ROOT/nomilter.json" --expect original

skip=$(wc -l < "$MILTER_LOG")
throughput_run milter "$SMTP_PORT" "$ALICE"
check "milter: $COUNT messages accepted and in the Maildir" run_ok milter
check "milter: each arrived once, cleaned (X-Trackless, no open pixel)" \
    $DRIVER check --maildir "$(maildir_of $ALICE)" --run "$ROOT/milter.json" --expect cleaned
check "milter daemon: one \"changed\" log line per message, no failure or protocol error" \
    milter_lines_ok "$skip" "$COUNT"
read -r T_N T_P50 T_P99 T_MAX < <($DRIVER times "$MILTER_LOG" --skip "$skip")
T_N=${T_N:-0} T_P50=${T_P50:--1} T_P99=${T_P99:--1} T_MAX=${T_MAX:--1}

fault_run
check "milter daemon stops on SIGTERM: exit 0, socket removed" stop_milter
check "no bounce, no daemon panic or fatal error" \
    bash -c "! grep -E 'status=bounced|fatal:|panic:' '$PF/maillog' && ! grep -E 'Panic:|Fatal:' '$DV/log/dovecot.log'"

# ------------------------------------------------------------------ table
$PY - "$ROOT" "$COUNT" "$SESSIONS" "$(nproc)" "$T_N" "$T_P50" "$T_P99" "$T_MAX" "$FAULT_COUNT" "$DOWN" <<'EOF'
import json, os, sys
root, count, sessions, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
tn, p50, p99, pmax, fcount, down = (int(x) for x in sys.argv[5:11])
runs = {}
for name in ("nomilter", "milter"):
    try:
        runs[name] = json.load(open(os.path.join(root, name + ".json")))
    except OSError:
        runs[name] = None
def rate(d):
    return count / d["delivered_s"] if d and d["delivered_s"] else 0.0
def cell(d, f):
    try:
        return f(d)
    except Exception:
        return "-"
rows = [
    ("messages, sessions", lambda d: f"{d['count']}, {d['sessions']}"),
    ("all accepted after", lambda d: f"{d['accepted_s']:.1f} s"),
    ("all in the Maildir after", lambda d: f"{d['delivered_s']:.1f} s"),
    ("messages/s (end to end)", lambda d: f"{rate(d):.0f}"),
    ("machine CPU busy", lambda d: f"{d['machine_busy'] * 100:.0f}% of {cores} cores"),
]
print()
print(f"{'':28} {'without milter':>18} {'with milter':>18}")
for label, f in rows:
    print(f"{label:28} {cell(runs['nomilter'], f):>18} {cell(runs['milter'], f):>18}")
m, n = runs["milter"], runs["nomilter"]
def cpu_ms(d):  # the machine's CPU milliseconds per message, all processes
    return d["machine_busy"] * cores * d["delivered_s"] / count * 1000
if n and n["delivered_s"]:
    print(f"{'machine CPU per message':28} {f'{cpu_ms(n):.1f} ms':>18}", end="")
    print(f" {f'{cpu_ms(m):.1f} ms':>18}" if m and m["delivered_s"] else "")
if m and m["delivered_s"]:
    used = m["daemon_cpu_s"] / m["delivered_s"]
    own = m["daemon_cpu_s"] / count * 1000
    times = f"p50 {p50} ms, p99 {p99} ms"
    cpu = f"{own:.1f} ms"
    print(f"{'milter time per message':28} {'':>18} {times:>18}   (its log; max {pmax} ms, {tn} lines)")
    print(f"{'daemon CPU per message':28} {'':>18} {cpu:>18}   ({m['daemon_cpu_s']:.1f} s in {m['delivered_s']:.1f} s:"
          f" {used:.2f} of {cores} cores)")
    if n and n["delivered_s"]:
        ratio = rate(m) / rate(n)
        rest = cpu_ms(m) - own
        if ratio >= 0.9:
            verdict = f"Postfix: with the milter {ratio * 100:.0f}% of the rate without it"
        elif m["machine_busy"] >= 0.85:
            side = "Trackless" if own > rest else "Postfix"
            verdict = (f"CPU-bound ({cores} cores {m['machine_busy'] * 100:.0f}% busy), mostly {side}: per message "
                       f"Postfix, Dovecot and smtp-source take {rest:.1f} ms of CPU ({cpu_ms(n):.1f} ms without the "
                       f"milter), the daemon {own:.1f} ms; with the milter {ratio * 100:.0f}% of the rate without it")
        elif used >= 0.8 * cores:
            verdict = f"Trackless: the daemon used {used:.2f} of {cores} cores ({ratio * 100:.0f}% of the rate without it)"
        else:
            verdict = (f"neither saturates the CPU ({m['machine_busy'] * 100:.0f}% busy): the sessions wait for the milter;"
                       f" {ratio * 100:.0f}% of the rate without it")
        print(f"{'limit':28} {verdict}")
try:
    c = json.load(open(os.path.join(root, "fault-classes.json")))
    parts = ", ".join(f"{k} {v[0] + v[1]} ({v[0]} cleaned, {v[1]} unmodified)" for k, v in c.items())
    print(f"{'fault (SIGKILL, ' + str(down) + ' s down)':28} {fcount} messages: {parts}")
except OSError:
    pass
print()
EOF

log "finished in $((SECONDS - T0)) s"
[ -n "$failed_names" ] && log "failed: ${failed_names#|}"
echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
