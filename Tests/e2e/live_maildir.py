#!/usr/bin/python3
"""`trackless clean` on a Maildir++ tree while Dovecot serves it (Tests/e2e/live-maildir.sh).

Fills a mailbox through Dovecot (IMAP APPEND with flags, keywords and dates, plus one
message delivered by dovecot-lda into new/), keeps an IMAP connection open with the bodies
fetched, runs `trackless clean MAILDIR` as the mailbox owner, then checks what a mail
client and Dovecot see. Prints one PASS/FAIL line per check; exit status 1 on any FAIL.

Usage: live_maildir.py --trackless BIN --user USER --maildir DIR --port PORT
                       --messages DIR --dovecot-conf FILE --dovecot-log FILE
"""
import argparse
import email.utils
import imaplib
import os
import pwd
import re
import subprocess
import sys
import time

FOLDERS = ["INBOX", "Newsletters"]
RESULTS = {"pass": 0, "fail": 0}


def report(name, ok, detail=""):
    RESULTS["pass" if ok else "fail"] += 1
    if not ok and detail:
        print(f"    {detail}")
    print(("PASS " if ok else "FAIL ") + name)
    return ok


def connect(port, user):
    M = imaplib.IMAP4("127.0.0.1", port)
    M.login(user, "secret")
    return M


def snapshot(M, folder):
    """{message-id: (uid, flags, internaldate, body)} for every message in `folder`."""
    typ, _ = M.select(f'"{folder}"', readonly=True)
    if typ != "OK":
        raise RuntimeError(f"SELECT {folder} failed")
    typ, data = M.uid("FETCH", "1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[])")
    out = {}
    for item in data:
        if not isinstance(item, tuple):
            continue
        meta = item[0].decode()
        body = item[1]
        uid = int(re.search(r"UID (\d+)", meta).group(1))
        # \Recent belongs to the session that first sees a message, not to the message.
        flags = tuple(sorted(f for f in re.search(r"FLAGS \(([^)]*)\)", meta).group(1).split()
                             if f != "\\Recent"))
        idate = re.search(r'INTERNALDATE "([^"]+)"', meta).group(1)
        mid = re.search(rb"(?im)^message-id:\s*(<[^>]+>)", body)
        out[mid.group(1).decode() if mid else f"uid{uid}"] = (uid, flags, idate, body)
    return out


def populate(a):
    """APPENDs the test messages; returns {message-id: expected} ('cleaned' / 'unchanged')."""
    M = connect(a.port, a.user)
    M.create('"Newsletters"')
    M.subscribe('"Newsletters"')
    expect = {}
    plan = [  # folder, template, flags, days ago, expectation
        ("INBOX", "newsletter.eml", r"(\Seen \Flagged)", 3, "cleaned"),
        ("INBOX", "plain.eml", r"(\Seen)", 2, "unchanged"),
        ("INBOX", "newsletter.eml", r"()", 1, "cleaned"),
        ("Newsletters", "newsletter.eml", r"(\Seen $Label1 Later)", 5, "cleaned"),
        ("Newsletters", "plain.eml", r"(\Answered)", 4, "unchanged"),
    ]
    for n, (folder, tmpl, flags, days, exp) in enumerate(plan):
        tag = f"live.{n}.{os.getpid()}"
        raw = open(os.path.join(a.messages, tmpl), "rb").read()
        raw = (raw.replace(b"@TAG@", tag.encode()).replace(b"@TO@", f"{a.user}@localhost".encode())
               .replace(b"@DATE@", email.utils.formatdate(time.time() - days * 86400).encode()))
        date = imaplib.Time2Internaldate(time.time() - days * 86400)
        typ, data = M.append(f'"{folder}"', flags, date, raw.replace(b"\n", b"\r\n"))
        if typ != "OK":
            raise RuntimeError(f"APPEND failed: {data}")
        expect[f"<{tag}@example.org>"] = exp
    # One message delivered the way an MDA does it, so that it sits in new/.
    tag = f"live.lda.{os.getpid()}"
    raw = open(os.path.join(a.messages, "newsletter.eml"), "rb").read()
    raw = (raw.replace(b"@TAG@", tag.encode()).replace(b"@TO@", f"{a.user}@localhost".encode())
           .replace(b"@DATE@", email.utils.formatdate().encode()))
    # Into the folder no client has open read-write, so that it stays in new/.
    subprocess.run(["/usr/lib/dovecot/dovecot-lda", "-c", a.dovecot_conf, "-d", a.user,
                    "-m", "Newsletters", "-f", "news@example.org"], input=raw, check=True)
    expect[f"<{tag}@example.org>"] = "cleaned"
    M.logout()
    return expect


def maildir_files(root):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        if os.path.basename(dirpath) in ("cur", "new", "tmp"):
            files += [os.path.join(dirpath, f) for f in filenames]
    return files


def run_clean(a):
    owner = pwd.getpwnam(a.user)
    def demote():
        os.setgid(owner.pw_gid)
        os.initgroups(a.user, owner.pw_gid)
        os.setuid(owner.pw_uid)
    return subprocess.run([a.trackless, "clean", a.maildir], preexec_fn=demote,
                          capture_output=True, env={"HOME": owner.pw_dir, "PATH": "/usr/bin:/bin"},
                          timeout=300)


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--trackless", "--user", "--maildir", "--messages", "--dovecot-conf", "--dovecot-log"):
        ap.add_argument(opt, required=True)
    ap.add_argument("--port", type=int, required=True)
    a = ap.parse_args()

    expect = populate(a)
    log_start = os.path.getsize(a.dovecot_log)
    before = {}
    A = connect(a.port, a.user)
    for f in FOLDERS:
        before[f] = snapshot(A, f)
    # Connection A stays open on INBOX with every body fetched (Dovecot caches them).
    A.select("INBOX")
    A.uid("FETCH", "1:*", "(BODY.PEEK[] RFC822.SIZE)")
    report("live: test mailbox has 3 messages in INBOX, 3 in .Newsletters",
           len(before["INBOX"]) == 3 and len(before["Newsletters"]) == 3,
           f"INBOX {len(before['INBOX'])}, Newsletters {len(before['Newsletters'])}")

    lda_tag = next(m for m in expect if ".lda." in m)[1:-1].encode()
    in_new = lambda: [p for p in maildir_files(a.maildir)
                      if os.path.basename(os.path.dirname(p)) == "new" and lda_tag in open(p, "rb").read()]
    report("live: the delivered message waits in .Newsletters/new/", len(in_new()) == 1)
    owner = pwd.getpwnam(a.user)
    modes_before = {os.stat(p).st_mode & 0o777 for p in maildir_files(a.maildir)}
    r = run_clean(a)
    report("live: trackless clean exits 0", r.returncode == 0,
           f"exit {r.returncode}; stderr: {r.stderr[:300]!r}")

    # The open connection: still usable, sees the replacement messages.
    try:
        typ, _ = A.noop()
        typ2, data = A.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
        bodies = [x[1] for x in data if isinstance(x, tuple)]
        ok = typ == "OK" and typ2 == "OK" and len(bodies) == 3
        report("live: an IMAP connection open during the clean stays usable and sees 3 messages", ok,
               f"NOOP {typ}, FETCH {typ2}, {len(bodies)} bodies")
        report("live: the open connection sees cleaned bodies",
               sum(b"X-Trackless:" in b for b in bodies) == 2, f"{sum(b'X-Trackless:' in b for b in bodies)} cleaned")
        A.logout()
    except (imaplib.IMAP4.abort, imaplib.IMAP4.error, OSError) as e:
        report("live: an IMAP connection open during the clean stays usable", False, repr(e))

    B = connect(a.port, a.user)
    after = {f: snapshot(B, f) for f in FOLDERS}
    for f in FOLDERS:
        for mid, (uid, flags, idate, body) in before[f].items():
            name = f"live: {f} {mid}"
            now = after[f].get(mid)
            if now is None:
                report(f"{name} still there", False, "message gone")
                continue
            nuid, nflags, nidate, nbody = now
            report(f"{name} keeps its flags {' '.join(flags) or '(none)'}", nflags == flags, f"now {nflags}")
            report(f"{name} keeps its received date", nidate == idate, f"{idate} -> {nidate}")
            if expect.get(mid) == "cleaned":
                report(f"{name} is cleaned (read-receipt header gone, X-Trackless), under a new UID",
                       b"X-Trackless:" in nbody and b"Disposition-Notification-To" not in nbody and nuid != uid,
                       f"uid {uid} -> {nuid}")
            else:
                report(f"{name} has nothing to remove: same bytes, same UID",
                       nbody == body and nuid == uid, f"uid {uid} -> {nuid}, {len(body)} -> {len(nbody)} bytes")
    B.logout()

    report("live: a cleaned message from new/ stays in new/",
           len(in_new()) == 1 and b"X-Trackless:" in open(in_new()[0], "rb").read())
    files = maildir_files(a.maildir)
    bad = [p for p in files
           if os.stat(p).st_uid != owner.pw_uid or (os.stat(p).st_mode & 0o777) not in modes_before]
    report(f"live: every message file belongs to the user, with Dovecot's mode {sorted(map(oct, modes_before))}",
           not bad, f"{bad[:3]}")
    leftovers = [p for p in files if os.path.basename(os.path.dirname(p)) == "tmp"]
    report("live: nothing left in tmp/", not leftovers, f"{leftovers[:3]}")

    r2 = run_clean(a)
    C = connect(a.port, a.user)
    again = {f: snapshot(C, f) for f in FOLDERS}
    C.logout()
    same = all({m: v[0] for m, v in again[f].items()} == {m: v[0] for m, v in after[f].items()} for f in FOLDERS)
    report("live: a second clean changes nothing (every UID stays)", r2.returncode == 0 and same)

    with open(a.dovecot_log, "rb") as fh:
        fh.seek(log_start)
        new_log = fh.read().decode(errors="replace")
    problems = [l for l in new_log.splitlines()
                if re.search(r"Error|Panic|Fatal|Cached message size|unexpunged|renamed|corrupt", l)]
    report("live: Dovecot logged no error (cache, size, uidlist)", not problems, "\n    ".join(problems[:5]))
    return 1 if RESULTS["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
