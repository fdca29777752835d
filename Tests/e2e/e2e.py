#!/usr/bin/python3
"""Message making and checking for the delivery tests (Tests/e2e/run.sh).

Subcommands:
  render KIND TAG TO OUT [--dkim-key KEY]   write the message to send (LF line ends)
  wire IN OUT                               IN as SMTP DATA (for swaks --no-data-fixup)
  dkim-public KEY                           print the DNS TXT value for KEY's public half
  wait MAILDIR TAG... [--timeout S]         wait until every TAG is stored at least once
  count MAILDIR TAG                         print how many stored messages carry TAG
  verify ...                                check one delivered message (see verify())
  milter-verify ...                         check one message the milter path delivered
                                            against `trackless filter` (see cmd_milter_verify())
  smtp-session ...                          send one message over SMTP, pausing on the way
  direct TRACKLESS MESSAGE...               run the filter directly: whole input read,
                                            nothing on stderr, exit status and output
Uses only the standard library, except dkim (python3-dkim) for DKIM signing and checks.
"""
import argparse
import base64
import email
import email.policy
import hashlib
import imaplib
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MESSAGES = os.path.join(HERE, "messages")
DKIM_SELECTOR = b"e2e"
DKIM_DOMAIN = b"example.org"
# Header fields that delivery adds on top of a message (MTA, MDA, Dovecot), and the one
# Trackless adds. Everything below them must be what was sent (or what Trackless made of it).
TRACE_FIELDS = {b"return-path", b"delivered-to", b"received", b"x-original-to",
                b"envelope-to", b"delivery-date"}
APPENDED_FIELDS = {b"return-path", b"x-getmail-retrieved-from-mailbox"}
TRACKLESS_FIELD = b"x-trackless"
PIXEL = b"open.example-tracker.test"


def fail(msg):
    print(f"    FAIL {msg}")
    return False


# ---------------------------------------------------------------- messages

def template(name, tag, to):
    with open(os.path.join(MESSAGES, name), "rb") as f:
        data = f.read()
    date = email.utils.formatdate(localtime=False).encode()
    return data.replace(b"@TAG@", tag.encode()).replace(b"@TO@", to.encode()).replace(b"@DATE@", date)


def b64lines(raw):
    s = base64.b64encode(raw)
    return b"\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def with_attachment(msg, size, seed):
    """The newsletter with one more attachment of `size` made-up bytes."""
    r = random.Random(seed)
    blob = r.randbytes(size)
    part = (b"--=_outer_7f3a\n"
            b"Content-Type: application/octet-stream; name=\"archive.bin\"\n"
            b"Content-Transfer-Encoding: base64\n"
            b"Content-Disposition: attachment; filename=\"archive.bin\"\n\n"
            + b64lines(blob) + b"\n\n--=_outer_7f3a--\n")
    return msg.replace(b"--=_outer_7f3a--\n", part)


def garbage(tag, to):
    """Valid trace-able headers, then a body Trackless cannot make sense of: a multipart
    whose boundary never comes, broken base64 and encoded words, unknown charsets, raw
    8-bit bytes. Nothing in it tracks, so the right output is the input."""
    r = random.Random(4242)
    head = template("garbage-head.eml", tag, to)
    junk = bytearray()
    while len(junk) < 48000:
        line = bytes(b for b in r.randbytes(r.randrange(20, 180)) if b not in (0, 10, 13))
        junk += line + b"\n"
    return head + bytes(junk) + b"--never-opened-boundary\nContent-Type: text/html; charset=x-unknown\nContent-Transfer-Encoding: base64\n\nPGh0bWw+#$%^not base64\n"


def render(kind, tag, to):
    if kind == "newsletter":
        return template("newsletter.eml", tag, to)
    if kind == "plain":
        return template("plain.eml", tag, to)
    if kind == "garbage":
        return garbage(tag, to)
    if kind == "truncated":
        msg = template("newsletter.eml", tag, to)
        return msg[: int(len(msg) * 0.6)] + b"\n"  # cut inside the inline image
    if kind == "large":                            # about 5 MB on the wire
        return with_attachment(template("newsletter.eml", tag, to), 3_700_000, 5)
    if kind == "oversize":                         # over the --max-size the test sets (1 MB)
        return with_attachment(template("newsletter.eml", tag, to), 1_200_000, 7)
    if kind.startswith("file:"):
        with open(kind[5:], "rb") as f:
            data = f.read()
        # Make the message findable: a Message-ID and a Subject tag (replacing originals).
        return retag(data, tag)
    raise SystemExit(f"unknown message kind {kind}")


def retag(data, tag):
    sep = b"\r\n" if b"\r\n" in data[:2000] else b"\n"
    data = data.replace(b"\r\n", b"\n")
    head, _, body = data.partition(b"\n\n")
    lines = head.split(b"\n")
    out, skip = [], False
    for line in lines:
        if line[:1] in (b" ", b"\t") and skip:
            continue
        # Postfix drops these on receipt (message_drop_headers); the tag replaces Message-ID.
        skip = line.lower().startswith((b"message-id:", b"x-e2e-tag:", b"return-path:", b"bcc:",
                                        b"resent-bcc:", b"content-length:"))
        if not skip:
            out.append(line)
    # At the end of the header: delivery puts its own trace fields on top, and fetchmail
    # puts its Received: before the first Received: it finds.
    out.append(b"X-E2E-Tag: " + tag.encode())
    out.append(b"Message-ID: <" + tag.encode() + b"@example.org>")
    data = b"\n".join(out) + b"\n\n" + body
    return data if sep == b"\n" else data.replace(b"\n", b"\r\n")


def smtp_data(data):
    """The SMTP DATA form of a message: CRLF line ends, leading dots doubled, final dot."""
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return b"".join((b"." + l if l.startswith(b".") else l) + b"\r\n" for l in lines) + b"."


def dkim_sign(data, keyfile):
    import dkim
    with open(keyfile, "rb") as f:
        key = f.read()
    crlf = data.replace(b"\n", b"\r\n")
    sig = dkim.sign(crlf, DKIM_SELECTOR, DKIM_DOMAIN, key,
                    include_headers=[b"from", b"to", b"subject", b"date", b"message-id",
                                     b"mime-version", b"content-type"])
    return sig.replace(b"\r\n", b"\n") + data


def dkim_public(keyfile):
    out = subprocess.run(["openssl", "rsa", "-in", keyfile, "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    return b"v=DKIM1; k=rsa; p=" + base64.b64encode(out)


def dkim_verify(data, pubfile):
    import dkim
    with open(pubfile, "rb") as f:
        txt = f.read().strip()

    def dns(name, timeout=5):
        return txt if name == DKIM_SELECTOR + b"._domainkey." + DKIM_DOMAIN + b"." else None
    return dkim.verify(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), dnsfunc=dns)


# ---------------------------------------------------------------- maildir / IMAP

def stored(maildir, tag):
    tagb = tag.encode()
    found = []
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        try:
            names = os.listdir(d)
        except FileNotFoundError:
            continue
        for n in names:
            if n.startswith("."):
                continue
            p = os.path.join(d, n)
            try:
                with open(p, "rb") as f:
                    head = f.read(65536)
            except FileNotFoundError:
                continue
            if tagb in head:
                found.append(p)
    return found


def imap_fetch(port, user, tag):
    M = imaplib.IMAP4("127.0.0.1", port)
    try:
        M.login(user, "secret")
        M.select("INBOX", readonly=True)
        typ, data = M.uid("SEARCH", None, "HEADER", "Message-ID", tag)
        uids = data[0].split() if typ == "OK" and data and data[0] else []
        bodies = []
        for uid in uids:
            typ, d = M.uid("FETCH", uid, "(BODY.PEEK[])")
            bodies.append(next(x[1] for x in d if isinstance(x, tuple)))
        return bodies
    finally:
        try:
            M.logout()
        except Exception:
            pass


def split_head(data):
    """Header field list [(name_lower, raw_bytes_with_continuations)] and the body."""
    i = data.find(b"\n\n")
    head, body = (data, b"") if i < 0 else (data[: i + 1], data[i + 2:])
    fields = []
    for line in head.split(b"\n")[:-1] if head.endswith(b"\n") else head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1][1] += b"\n" + line
        else:
            fields.append([line.split(b":", 1)[0].strip().lower(), line])
    return fields, body, i >= 0


def strip_top(data, names):
    """Removes the leading header fields whose names are in `names`; returns (removed, rest)."""
    removed = []
    while True:
        nl = data.find(b"\n")
        if nl < 0:
            return removed, data
        name = data[:nl].split(b":", 1)[0].strip().lower()
        if b":" not in data[:nl] or name not in names:
            return removed, data
        end = nl + 1
        while data[end:end + 1] in (b" ", b"\t"):
            n2 = data.find(b"\n", end)
            end = len(data) if n2 < 0 else n2 + 1
        removed.append((name, data[:end]))
        data = data[end:]


def unfold_header(data):
    """The message with each header field on one line and its whitespace runs collapsed."""
    fields, body, has_body = split_head(data)
    lines = []
    for _, raw in fields:
        name, sep, value = raw.partition(b":")
        lines.append(name + sep + b" " + b" ".join(value.split()) if sep else raw)
    return b"".join(l + b"\n" for l in lines) + (b"\n" + body if has_body else b"")


def drop_appended_fields(data):
    """Removes the fields that delivery adds at the end of the header, not on top:
    maildrop moves Return-Path there, getmail appends X-getmail-retrieved-from-mailbox."""
    fields, body, has_body = split_head(data)
    if not any(n in APPENDED_FIELDS for n, _ in fields):
        return data
    kept = b"".join(raw + b"\n" for n, raw in fields if n not in APPENDED_FIELDS)
    return kept + (b"\n" + body if has_body else b"")


def parts_with_payload(data):
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    out = {}
    for part in msg.walk():
        fn = part.get_filename() or part.get("Content-ID")
        if fn and not part.is_multipart():
            out[fn] = part.get_payload(decode=True)
    return msg, out


def defects(msg):
    return sorted(type(d).__name__ for p in msg.walk() for d in p.defects)


# ---------------------------------------------------------------- commands

def cmd_wait(a):
    deadline = time.time() + a.timeout
    while True:
        missing = [t for t in a.tags if not stored(a.maildir, t)]
        if not missing:
            return 0
        if time.time() > deadline:
            print(f"    not delivered within {a.timeout}s: {' '.join(missing)}")
            return 1
        time.sleep(0.2)


def check_stored(a, sent):
    """The one stored copy of a.tag in a.maildir: (ok, its bytes), or (False, None) when there
    is not exactly one. Checks the Maildir file (size in its name, no From_ line, no CRLF
    unless sent so) and that IMAP serves the same single message."""
    files = stored(a.maildir, a.tag)
    if len(files) != 1:
        return fail(f"{len(files)} stored copies, expected exactly 1"), None
    ok = True
    data = open(files[0], "rb").read()
    name = os.path.basename(files[0])
    if b",S=" in name.encode():
        size = int(name.split(",S=")[1].split(",")[0].split(":")[0])
        if size != len(data):
            ok = fail(f"file name says S={size}, file has {len(data)} bytes")
    if data.startswith(b"From "):
        ok = fail("an mbox From_ line was stored")
    if b"\r\n" in data and b"\r\n" not in sent:
        ok = fail("CRLF line ends stored")
    # IMAP: the same single message, served intact.
    bodies = imap_fetch(a.imap_port, a.user, a.tag)
    if len(bodies) != 1:
        ok = fail(f"IMAP SEARCH found {len(bodies)} messages, expected 1")
    elif bodies[0].replace(b"\r\n", b"\n") != data:
        ok = fail("IMAP BODY[] differs from the Maildir file")
    return ok, data


def cmd_verify(a):
    sent = open(a.sent, "rb").read().replace(b"\r\n", b"\n")
    offline = open(a.offline, "rb").read().replace(b"\r\n", b"\n") if a.offline else None
    ok, data = check_stored(a, sent)
    if data is None:
        return False

    # Compare below the trace fields on top (delivery adds them; a sample may carry its own),
    # without fields that delivery appends, and with X-Trackless set apart.
    def normalize(msg):
        removed, rest = strip_top(msg, TRACE_FIELDS | {TRACKLESS_FIELD})
        rest = drop_appended_fields(rest)
        if a.refolded_headers:  # getmail re-folds header fields; the body stays byte-exact
            rest = unfold_header(rest)
        return [raw for n, raw in removed if n == TRACKLESS_FIELD], rest

    if a.mda_adds_newline and data.endswith(b"\n\n"):
        data = data[:-1]
    marker, rest = normalize(data)
    _, sent = normalize(sent)
    if a.expect == "original":
        if marker:
            ok = fail(f"unexpected {marker[0][:60]!r}: the message was modified")
        if rest != sent:
            ok = fail(f"stored message differs from the original ({len(rest)} vs {len(sent)} bytes)")
    else:  # filtered: what `trackless filter` makes of the sent message, byte for byte
        omarker, orest = normalize(offline)
        if rest != orest:
            ok = fail(f"stored message differs from the filter's output ({len(rest)} vs {len(orest)} bytes)")
        if omarker != marker:
            ok = fail(f"X-Trackless {marker!r} differs from the filter's {omarker!r}")
    if a.cleaned:
        if not marker:
            ok = fail("no X-Trackless header")
        if b"\ndisposition-notification-to:" in b"\n" + rest.lower().split(b"\n\n")[0]:
            ok = fail("Disposition-Notification-To still present")
        sf, _, _ = split_head(sent)
        rf, _, _ = split_head(rest)
        kept = {raw for _, raw in rf}
        for n, raw in sf:
            if n != b"disposition-notification-to" and raw not in kept:
                ok = fail(f"header not kept byte for byte: {raw[:70]!r}")
    if a.pixel_removed and PIXEL in rest:
        ok = fail("tracking pixel still present")
    if a.unchanged and rest != sent:
        ok = fail("a message with nothing to remove was changed")
    if a.dkim:
        try:
            good = dkim_verify(data, a.dkim)
        except Exception as e:  # a broken signature is a failed check, not a crash
            good = False
            print(f"    dkim: {e}")
        if not good:
            ok = fail("DKIM signature does not verify after delivery")
    if a.parse:
        smsg, sparts = parts_with_payload(sent)
        rmsg, rparts = parts_with_payload(rest)
        if defects(rmsg) != defects(smsg):
            ok = fail(f"MIME defects changed: {defects(smsg)} -> {defects(rmsg)}")
        for fn, payload in sparts.items():
            if fn not in rparts:
                ok = fail(f"attachment {fn} missing")
            elif hashlib.sha256(rparts[fn] or b"").digest() != hashlib.sha256(payload or b"").digest():
                ok = fail(f"attachment {fn} not byte-identical")
        if a.min_attachments and len(sparts) < a.min_attachments:
            ok = fail(f"test message has only {len(sparts)} attachments")
    return ok


def cmd_direct(a):
    """Runs the filter as an MDA would: through pipes, the whole message written, checks
    that it read all of it, wrote nothing on stderr and exited as expected."""
    env = dict(os.environ)
    env.pop("TRACKLESS_TEST_FAULT", None)
    if a.fault:
        env["TRACKLESS_TEST_FAULT"] = a.fault
    ok = True
    for path in a.messages:
        data = open(path, "rb").read()
        argv = [a.trackless, "filter"] + a.args
        p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env={k: env[k] for k in ("TRACKLESS_TEST_FAULT",) if k in env})
        try:
            out, err = p.communicate(data, timeout=60)
        except BrokenPipeError:
            ok = fail(f"{os.path.basename(path)}: the filter stopped reading its input")
            p.kill()
            continue
        label = f"{os.path.basename(path)} fault={a.fault or 'none'} {' '.join(a.args)}"
        if err:
            ok = fail(f"{label}: wrote {len(err)} bytes to stderr: {err[:80]!r}")
        if p.returncode != a.status:
            ok = fail(f"{label}: exit {p.returncode}, expected {a.status}")
        if a.expect == "original" and out != data:
            ok = fail(f"{label}: output is not the original")
        if a.expect == "empty" and out:
            ok = fail(f"{label}: wrote output")
        if a.expect == "nonempty" and not out:
            ok = fail(f"{label}: empty output")
    return ok


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render")
    r.add_argument("kind"); r.add_argument("tag"); r.add_argument("to"); r.add_argument("out")
    r.add_argument("--dkim-key")
    wi = sub.add_parser("wire"); wi.add_argument("src"); wi.add_argument("out")
    k = sub.add_parser("dkim-public"); k.add_argument("key")
    w = sub.add_parser("wait")
    w.add_argument("maildir"); w.add_argument("tags", nargs="+"); w.add_argument("--timeout", type=float, default=60)
    c = sub.add_parser("count"); c.add_argument("maildir"); c.add_argument("tag")
    v = sub.add_parser("verify")
    v.add_argument("--maildir", required=True); v.add_argument("--user", required=True)
    v.add_argument("--imap-port", type=int, required=True); v.add_argument("--tag", required=True)
    v.add_argument("--sent", required=True); v.add_argument("--offline")
    v.add_argument("--expect", choices=["original", "filtered"], required=True)
    v.add_argument("--cleaned", action="store_true", help="header stage must have acted")
    v.add_argument("--pixel-removed", action="store_true")
    v.add_argument("--unchanged", action="store_true")
    v.add_argument("--dkim", help="file with the DKIM public key record: signature must verify")
    v.add_argument("--parse", action="store_true", help="parse and compare attachments")
    v.add_argument("--min-attachments", type=int, default=0)
    v.add_argument("--refolded-headers", action="store_true",
                   help="getmail re-folds long header fields: compare them unfolded")
    v.add_argument("--mda-adds-newline", action="store_true",
                   help="procmail ends a filtered message with an empty line")
    d = sub.add_parser("direct")
    d.add_argument("trackless"); d.add_argument("messages", nargs="+")
    d.add_argument("--fault"); d.add_argument("--status", type=int, default=0)
    d.add_argument("--expect", choices=["original", "empty", "nonempty"], default="nonempty")
    d.add_argument("--arg", dest="args", action="append", default=[])
    a = ap.parse_args()
    if a.cmd == "render":
        data = render(a.kind, a.tag, a.to)
        if a.dkim_key:
            data = dkim_sign(data, a.dkim_key)
        with open(a.out, "wb") as f:
            f.write(data)
        return 0
    if a.cmd == "wire":
        with open(a.src, "rb") as f:
            data = f.read()
        with open(a.out, "wb") as f:
            f.write(smtp_data(data))
        return 0
    if a.cmd == "dkim-public":
        sys.stdout.buffer.write(dkim_public(a.key) + b"\n")
        return 0
    if a.cmd == "wait":
        return cmd_wait(a)
    if a.cmd == "count":
        print(len(stored(a.maildir, a.tag)))
        return 0
    if a.cmd == "verify":
        return 0 if cmd_verify(a) else 1
    if a.cmd == "direct":
        return 0 if cmd_direct(a) else 1


if __name__ == "__main__":
    sys.exit(main())
