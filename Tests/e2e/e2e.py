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

def dkim_verifies(data, pubfile):
    """The delivered message's DKIM signature verifies; says why not."""
    try:
        good = dkim_verify(data, pubfile)
    except Exception as e:  # a broken signature is a failed check, not a crash
        good = False
        print(f"    dkim: {e}")
    return good or fail("DKIM signature does not verify after delivery")


def same_mime(sent, delivered, min_attachments):
    """Delivery kept the MIME structure: the same defects, every attachment byte for byte,
    and the test message had the attachments it was meant to have. Says each difference."""
    ok = True
    smsg, sparts = parts_with_payload(sent)
    rmsg, rparts = parts_with_payload(delivered)
    if defects(rmsg) != defects(smsg):
        ok = fail(f"MIME defects changed: {defects(smsg)} -> {defects(rmsg)}")
    for fn, payload in sparts.items():
        if fn not in rparts:
            ok = fail(f"attachment {fn} missing")
        elif hashlib.sha256(rparts[fn] or b"").digest() != hashlib.sha256(payload or b"").digest():
            ok = fail(f"attachment {fn} not byte-identical")
    if min_attachments and len(sparts) < min_attachments:
        ok = fail(f"test message has only {len(sparts)} attachments")
    return ok


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
    if a.dkim and not dkim_verifies(data, a.dkim):
        ok = False
    if a.parse and not same_mime(sent, rest, a.min_attachments):
        ok = False
    return ok


# ---------------------------------------------------------------- the milter path

def top_fields(data):
    """The header fields from the top, as (name_lower, raw bytes with continuation lines and
    final LF, offset just past it), up to the blank line."""
    out, pos = [], 0
    while pos < len(data) and data[pos:pos + 1] != b"\n":
        nl = data.find(b"\n", pos)
        end = len(data) if nl < 0 else nl + 1
        while data[end:end + 1] in (b" ", b"\t"):
            n2 = data.find(b"\n", end)
            end = len(data) if n2 < 0 else n2 + 1
        raw = data[pos:end]
        out.append((raw.split(b":", 1)[0].strip().lower(), raw, end))
        pos = end
    return out


def split_delivery(data):
    """A message Postfix delivered through Dovecot LMTP, taken apart: the X-Trackless fields
    the milter inserted, and the rest. Exactly these fields are the delivery chain's, on top,
    in this order, each recognised by name and content:
        Return-Path:, Delivered-To:            Dovecot LMTP
        Received: ... with LMTP ...            Dovecot LMTP
        X-Trackless: ...                       the milter (insert at index 0: above the next)
        Received: ... by mx.localdomain (Postfix ...   Postfix's own, hidden from milters
    Everything below Postfix's own Received: is what Postfix queued, byte for byte (LF line
    ends: Dovecot stores lines as Postfix hands them over). Returns (markers, rest) or raises
    ValueError naming what was found instead."""
    fields = top_fields(data)
    names = [f[0].decode(errors="replace") for f in fields[:8]]
    i = 0

    def want(cond, what):
        nonlocal i
        if i >= len(fields) or not cond(fields[i]):
            raise ValueError(f"expected {what} as header field {i + 1}; the header starts {names}")
        i += 1
        return fields[i - 1]

    want(lambda f: f[0] == b"return-path", "Return-Path")
    want(lambda f: f[0] == b"delivered-to", "Delivered-To")
    want(lambda f: f[0] == b"received" and b" with LMTP" in f[1], "Dovecot's Received (with LMTP)")
    markers = []
    while i < len(fields) and fields[i][0] == TRACKLESS_FIELD:
        markers.append(fields[i][1])
        i += 1
    last = want(lambda f: f[0] == b"received" and b"by mx.localdomain (Postfix" in f[1],
                "Postfix's own Received (by mx.localdomain (Postfix")
    return markers, data[last[2]:]


def first_difference(x, y):
    """Where two byte strings part: the line number and both lines."""
    xl, yl = x.split(b"\n"), y.split(b"\n")
    for n, (p, q) in enumerate(zip(xl, yl)):
        if p != q:
            return f"line {n + 1}: {p[:90]!r} vs {q[:90]!r}"
    return f"one ends at line {min(len(xl), len(yl))} ({len(x)} vs {len(y)} bytes)"


def header_of(msg):
    return msg.split(b"\n\n", 1)[0] + b"\n"


def cmd_milter_verify(a):
    """The milter path: one message sent through Postfix with the milter (for a.user), and the
    same bytes through the same Postfix without milters (a.reference, another user's
    Maildir), both delivered by plain Dovecot LMTP.

    The reference copy, below the delivery chain's fields (split_delivery), is what Postfix
    queued: the message exactly as Postfix passes it to a milter, Postfix's own Received:
    aside (Postfix hides it from milters). Postfix passes each line with CRLF (headers
    rebuilt from name, value and folded lines joined by LF, which the daemon turns into
    CRLF too), so the milter's input is that copy with LF -> CRLF. The expected message is
    `trackless filter --recipient RCPT` on exactly those bytes; Postfix stores the milter's
    answer line by line (a CR before LF dropped), so CRLF -> LF gives what must be stored.
    Byte for byte, the copy delivered through the milter must then be that, with the
    filter's X-Trackless field right above Postfix's own Received: (insert at index 0) and
    nothing else added, removed or changed anywhere.

    --input-sent: no reference copy (mail submitted with sendmail); the sent file stands for
    what Postfix queued."""
    ok = True
    sent = open(a.sent, "rb").read().replace(b"\r\n", b"\n")
    ok, data = check_stored(a, sent)
    if data is None:
        return False
    try:
        markers, rest = split_delivery(data)
    except ValueError as e:
        return fail(f"delivered copy: {e}")
    if a.input_sent:
        queued = sent
    else:
        refs = stored(a.reference, a.tag)
        if len(refs) != 1:
            return fail(f"{len(refs)} reference copies (delivered without the milter), expected 1")
        try:
            rmarkers, queued = split_delivery(open(refs[0], "rb").read())
        except ValueError as e:
            return fail(f"reference copy: {e}")
        if rmarkers:
            return fail("the reference copy, sent past the milter, has an X-Trackless field")
        if queued != sent:  # Postfix's business, not the milter's: noted, not failed
            print(f"    note: Postfix queued the message differently from the sent file: {first_difference(queued, sent)}")
    milter_input = queued.replace(b"\n", b"\r\n")
    p = subprocess.run([a.trackless, "filter", "--recipient", a.recipient, "--timeout", "120"],
                       input=milter_input, capture_output=True, env={})
    if p.returncode != 0 or p.stderr or not p.stdout:
        return fail(f"trackless filter: exit {p.returncode}, {len(p.stdout)} bytes out, stderr {p.stderr[:100]!r}")
    expected = p.stdout.replace(b"\r\n", b"\n")
    with open(a.sent + ".milter-expected", "wb") as f:
        f.write(expected)
    emarkers_named, erest = strip_top(expected, {TRACKLESS_FIELD})
    emarkers = [raw for _, raw in emarkers_named]
    changes = expected != queued

    if a.expect == "original":  # the milter did not act: as delivered without it
        if markers:
            ok = fail(f"unexpected {markers[0][:70]!r}: the message was modified")
        if rest != queued:
            ok = fail(f"differs from the delivery without the milter: {first_difference(rest, queued)}")
        if not changes:
            ok = fail("the filter changes nothing in this message: the check proves nothing")
    else:
        if rest != erest:
            ok = fail(f"differs from `trackless filter` of what Postfix passed ({a.sent}.milter-expected): "
                      f"{first_difference(rest, erest)}")
        if markers != emarkers:
            ok = fail(f"X-Trackless {markers!r} where the filter writes {emarkers!r}")
        if a.expect == "changed" and (not changes or not markers):
            ok = fail("the filter changes nothing in this message, or no X-Trackless field arrived")
        if a.expect == "unchanged":
            if changes:
                ok = fail("the filter changes this message: not a message with nothing to remove")
            if markers or rest != queued:
                ok = fail("a message with nothing to remove was changed: not byte-identical to the delivery without the milter")
    if a.cleaned:
        if b"\ndisposition-notification-to:" in b"\n" + header_of(rest).lower():
            ok = fail("Disposition-Notification-To still present")
        if b"\ndisposition-notification-to:" not in b"\n" + header_of(queued).lower():
            ok = fail("test message has no Disposition-Notification-To")
        kept = {raw for _, raw in split_head(rest)[0]}
        for n, raw in split_head(queued)[0]:
            if n != b"disposition-notification-to" and raw not in kept:
                ok = fail(f"header not kept byte for byte: {raw[:70]!r}")
    if a.pixel_removed:
        if PIXEL not in queued:
            ok = fail("test message has no tracking pixel")
        if PIXEL in rest:
            ok = fail("tracking pixel still present")
    if a.dkim:
        # The signature covers the body and the fields named in h=: all of them as they
        # were queued, and the signature must verify against the published key.
        qf, qbody, _ = split_head(queued)
        rf, rbody, _ = split_head(rest)
        sig = [raw for n, raw in qf if n == b"dkim-signature"]
        if not sig:
            ok = fail("test message has no DKIM-Signature")
        else:
            tags = dict(t.strip().split(b"=", 1) for t in b"".join(sig[0].split(b":", 1)[1].split()).split(b";") if b"=" in t)
            for name in sorted(set(h.strip().lower() for h in tags.get(b"h", b"").split(b":"))) + [b"dkim-signature"]:
                if [raw for n, raw in qf if n == name] != [raw for n, raw in rf if n == name]:
                    ok = fail(f"signed header field {name.decode()} changed")
            if rbody != qbody:
                ok = fail("signed body changed")
        if not dkim_verifies(data, a.dkim):
            ok = False
    if a.parse and not same_mime(queued, rest, a.min_attachments):
        ok = False
    return ok


def cmd_smtp_session(a):
    """One SMTP session with a pause: after EHLO (--pause ehlo), after MAIL and RCPT (rcpt),
    or after DATA and the first half of the message (data), create the --ready file and wait
    for the --go file before the rest (the exact bytes of FILE, QUIT). Prints each reply;
    exit 0 when the message was accepted."""
    import smtplib
    data = smtp_data(open(a.file, "rb").read())
    s = smtplib.SMTP("127.0.0.1", a.port, timeout=120)

    def step(what, reply, want):
        print(f"    {what}: {reply[0]} {reply[1][:80]!r}")
        if reply[0] != want:
            raise SystemExit(f"    {what}: expected {want}")

    def pause():
        open(a.ready, "w").close()
        deadline = time.time() + 120
        while not os.path.exists(a.go):
            if time.time() > deadline:
                raise SystemExit("    no go within 120 s")
            time.sleep(0.05)

    step("EHLO", s.ehlo("client.example"), 250)
    if a.pause == "ehlo":
        pause()
    step("MAIL", s.mail("sender@example.org"), 250)
    step("RCPT", s.rcpt(a.rcpt), 250)
    if a.pause == "rcpt":
        pause()
    step("DATA", s.docmd("DATA"), 354)
    cut = 0
    if a.pause == "data":
        cut = data.index(b"\r\n", len(data) // 2) + 2
        s.send(data[:cut])
        pause()
    s.send(data[cut:] + b"\r\n")
    step("end of data", s.getreply(), 250)
    s.quit()
    return 0


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
    mv = sub.add_parser("milter-verify")
    mv.add_argument("--maildir", required=True); mv.add_argument("--user", required=True)
    mv.add_argument("--imap-port", type=int, required=True); mv.add_argument("--tag", required=True)
    mv.add_argument("--sent", required=True)
    mv.add_argument("--reference", help="Maildir with the copy delivered without the milter")
    mv.add_argument("--input-sent", action="store_true", help="no reference copy: the sent file is what Postfix queued")
    mv.add_argument("--recipient", required=True); mv.add_argument("--trackless", required=True)
    mv.add_argument("--expect", choices=["changed", "unchanged", "any", "original"], required=True)
    mv.add_argument("--cleaned", action="store_true"); mv.add_argument("--pixel-removed", action="store_true")
    mv.add_argument("--dkim"); mv.add_argument("--parse", action="store_true")
    mv.add_argument("--min-attachments", type=int, default=0)
    ss = sub.add_parser("smtp-session")
    ss.add_argument("--port", type=int, required=True); ss.add_argument("--rcpt", required=True)
    ss.add_argument("--file", required=True); ss.add_argument("--ready", required=True)
    ss.add_argument("--go", required=True); ss.add_argument("--pause", choices=["ehlo", "rcpt", "data"], required=True)
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
    if a.cmd == "milter-verify":
        if not a.reference and not a.input_sent:
            raise SystemExit("milter-verify: --reference or --input-sent")
        return 0 if cmd_milter_verify(a) else 1
    if a.cmd == "smtp-session":
        return cmd_smtp_session(a)
    if a.cmd == "direct":
        return 0 if cmd_direct(a) else 1


if __name__ == "__main__":
    sys.exit(main())
