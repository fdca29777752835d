#!/usr/bin/env python3
"""Writes the MIME fixture corpus: Tests/Fixtures/mime/*.eml and Tests/Fixtures/passthrough/*.eml.

Every message here is invented for this project (example.com / example.net / *.example /
*.test names). The output is deterministic: running the script again rewrites the same
bytes, so `git diff` after a run shows only intended changes.

Conventions the test suite relies on:
- Files are stored with LF line endings. The suite also runs each one converted to CRLF
  (every LF not preceded by CR becomes CRLF), so no fixture may depend on being LF: binary
  payloads avoid the bytes 0x0A and 0x0D, and no other fixture contains a CR.
- Only files named NNN-mixed-*.eml carry CR bytes on purpose (mixed line endings); they are
  run as stored.
- Fixtures in passthrough/ contain nothing Trackless removes or rewrites: no pixels, no
  remote CSS, fonts or stylesheets, no wrapped links, no tracking parameters. They must
  come out of the filter byte-identical.

Usage: make_mime_fixtures.py [--check]   (--check: compare with the files on disk, write nothing)
"""
import base64
import binascii
import hashlib
import pathlib
import struct
import sys
import zlib

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Fixtures"
OUTPUT = []  # (folder, file name, bytes)


def fixture(name, folder="mime"):
    """Registers a function returning the message bytes as `folder/name.eml`."""
    def register(fn):
        OUTPUT.append((folder, name + ".eml", fn))
        return fn
    return register


# ---------------------------------------------------------------- helpers

def msg(*chunks):
    """Joins str (ASCII only, so stray non-ASCII is caught) and bytes chunks."""
    out = bytearray()
    for c in chunks:
        out += c.encode("ascii") if isinstance(c, str) else c
    return bytes(out)


def top(n, subject, extra="", frm="Alice Example <alice@example.com>", to="Bob Example <bob@example.net>"):
    """A top-level header block (without the blank line); `n` makes Date and Message-ID unique."""
    day = 1 + n % 28
    weekday = ("Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri")[(day - 1) % 7]  # 1 March 2025 was a Saturday
    return (f"From: {frm}\nTo: {to}\nSubject: {subject}\n"
            f"Date: {weekday}, {day:02d} Mar 2025 09:{n % 60:02d}:00 +0100\n"
            f"Message-ID: <fixture-{n:03d}@mime.example>\nMIME-Version: 1.0\n{extra}")


def blob(seed, size, avoid=b""):
    """Deterministic pseudo-random bytes (SHA-256 in counter mode), minus the `avoid` bytes."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        block = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out += bytes(b for b in block if b not in avoid)
        counter += 1
    return bytes(out[:size])


def b64(data, width=76):
    """Base64 in lines of `width` characters, each ended with LF."""
    s = base64.b64encode(data).decode("ascii")
    return "".join(s[i:i + width] + "\n" for i in range(0, len(s), width))


def qp(data):
    """Quoted-printable of text bytes (LF line breaks kept as hard breaks)."""
    return binascii.b2a_qp(data, istext=True).decode("ascii")


def ew_b(text, charset, codec=None):
    """An RFC 2047 B encoded word."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(codec or charset)).decode('ascii')}?="


def ew_q(text, charset, codec=None):
    """An RFC 2047 Q encoded word."""
    out = []
    for b in text.encode(codec or charset):
        c = chr(b)
        if c == " ":
            out.append("_")
        elif c.isascii() and (c.isalnum() or c in "!*+-/"):
            out.append(c)
        else:
            out.append(f"={b:02X}")
    return f"=?{charset}?Q?{''.join(out)}?="


def pct(text, codec="utf-8"):
    """RFC 2231 percent-encoding of a parameter value."""
    return "".join(chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-._~") else f"%{b:02X}"
                   for b in text.encode(codec))


def png(width, height, rgb):
    """A valid truecolour PNG with stored (uncompressed) deflate blocks, so it is deterministic."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


# A 1x1 transparent GIF, written out by hand.
GIF_1X1 = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
           b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def fake_pdf(title):
    """A tiny PDF-shaped file (not meant to render)."""
    return (f"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            f"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            f"3 0 obj << /Title ({title}) >> endobj\ntrailer << /Root 1 0 R /Info 3 0 R >>\n%%EOF\n").encode("ascii")


def armor(kind, seed, size):
    """An ASCII-armoured block with fake content (well-formed shape, not a real signature)."""
    body = base64.b64encode(blob(seed, size)).decode("ascii")
    lines = "".join(body[i:i + 64] + "\n" for i in range(0, len(body), 64))
    crc = base64.b64encode(blob(seed + "-crc", 3)).decode("ascii")
    return f"-----BEGIN PGP {kind}-----\n\n{lines}={crc}\n-----END PGP {kind}-----\n"


def html_page(title, body, charset=None):
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if charset else ""
    return f"<!DOCTYPE html>\n<html>\n<head>\n{meta}<title>{title}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"


# ------------------------------------------------------------- structure

@fixture("001-plain-7bit")
def _():
    return msg(top(1, "Lunch on Thursday?", "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n"),
               "\nHi Bob,\n\nAre you free for lunch on Thursday? The noodle place on Harbour Street\n"
               "opens at noon.\n\n-- \nAlice\n")


@fixture("002-alternative-text-html")
def _():
    return msg(top(2, "Meeting notes", 'Content-Type: multipart/alternative; boundary="alt-002"\n'),
               "\n--alt-002\nContent-Type: text/plain; charset=us-ascii\n\n"
               "Notes from today:\n- ship the beta on Friday\n- Carol owns the release notes\n"
               "--alt-002\nContent-Type: text/html; charset=us-ascii\n\n"
               "<p>Notes from today:</p>\n<ul><li>ship the beta on Friday</li><li>Carol owns the release notes</li></ul>\n"
               "--alt-002--\n")


@fixture("003-nested-five-levels")
def _():
    # related > mixed > alternative > related > alternative > text/plain + text/html
    logo = png(4, 2, (200, 40, 40))
    return msg(
        top(3, "Five levels of multipart", 'Content-Type: multipart/related; boundary="L1-related"; type="multipart/mixed"\n'),
        "\n--L1-related\nContent-Type: multipart/mixed; boundary=\"L2-mixed\"\n\n"
        "--L2-mixed\nContent-Type: multipart/alternative; boundary=\"L3-alt\"\n\n"
        "--L3-alt\nContent-Type: text/plain; charset=us-ascii\n\nLevel three plain text.\n"
        "--L3-alt\nContent-Type: multipart/related; boundary=\"L4-related\"\n\n"
        "--L4-related\nContent-Type: multipart/alternative; boundary=\"L5-alt\"\n\n"
        "--L5-alt\nContent-Type: text/plain; charset=us-ascii\n\nDeepest plain text.\n"
        "--L5-alt\nContent-Type: text/html; charset=us-ascii\n\n<p>Deepest <b>HTML</b> with <img src=\"cid:logo@nest.example\" alt=\"logo\"></p>\n"
        "--L5-alt--\n"
        "--L4-related\nContent-Type: image/png\nContent-ID: <logo@nest.example>\nContent-Transfer-Encoding: base64\n\n",
        b64(logo),
        "--L4-related--\n"
        "--L3-alt--\n"
        "--L2-mixed\nContent-Type: text/plain; charset=us-ascii\nContent-Disposition: attachment; filename=\"notes.txt\"\n\n"
        "An attachment at level two.\n"
        "--L2-mixed--\n"
        "--L1-related\nContent-Type: image/png\nContent-ID: <unused@nest.example>\nContent-Transfer-Encoding: base64\n\n",
        b64(png(1, 3, (0, 120, 0))),
        "--L1-related--\n")


@fixture("004-preamble-epilogue")
def _():
    return msg(top(4, "Preamble and epilogue", 'Content-Type: multipart/mixed; boundary="pe-004"\n'),
               "\nThis is a multi-part message in MIME format.\n"
               "Readers that do not understand MIME show this preamble.\n\n"
               "--pe-004\nContent-Type: text/plain; charset=us-ascii\n\nFirst part.\n"
               "--pe-004\nContent-Type: text/plain; charset=us-ascii\n\nSecond part.\n\n"
               "--pe-004--\n"
               "This epilogue is ignored by readers.\nIt spans two lines.\n")


@fixture("005-unquoted-boundaries")
def _():
    return msg(top(5, "Unquoted boundaries", "Content-Type: multipart/mixed; boundary=outer005\n"),
               "\n--outer005\nContent-Type: multipart/alternative;\n boundary=----=_Part_5.2\n\n"
               "------=_Part_5.2\nContent-Type: text/plain\n\nUnquoted boundary with = and . in it.\n"
               "------=_Part_5.2\nContent-Type: text/html\n\n<p>Unquoted boundary with = and . in it.</p>\n"
               "------=_Part_5.2--\n"
               "--outer005--\n")


@fixture("006-boundary-special-characters")
def _():
    b = "=_.'()+,-./:?x6"
    inner = "---- a b=c?(d)"  # a space inside is allowed when quoted, not at the end
    return msg(top(6, "Boundary with specials", f'Content-Type: multipart/mixed; boundary="{b}"\n'),
               f"\n--{b}\nContent-Type: text/plain\n\nThe boundary uses every special character RFC 2046 allows.\n"
               f'--{b}\nContent-Type: multipart/alternative; boundary="{inner}"\n\n'
               f"--{inner}\nContent-Type: text/plain\n\nInner boundary with spaces.\n"
               f"--{inner}\nContent-Type: text/html\n\n<p>Inner boundary with spaces.</p>\n"
               f"--{inner}--\n"
               f"--{b}--\n")


@fixture("007-transport-padding")
def _():
    return msg(top(7, "Transport padding", 'Content-Type: multipart/mixed; boundary="pad7"\n'),
               "\n--pad7   \nContent-Type: text/plain\n\nSpaces after the delimiter.\n"
               "--pad7\t \t\nContent-Type: text/plain\n\nTabs and spaces after the delimiter.\n"
               "--pad7-- \t \n")


@fixture("008-missing-final-boundary")
def _():
    return msg(top(8, "Cut short", 'Content-Type: multipart/mixed; boundary="cut8"\n'),
               "\n--cut8\nContent-Type: text/plain\n\nThe first part is complete.\n"
               "--cut8\nContent-Type: text/html\n\n<p>The message ends without a close delimiter.</p>\n")


@fixture("009-boundary-prefix-of-inner")
def _():
    return msg(top(9, "Prefix boundaries", "Content-Type: multipart/mixed; boundary=b1\n"),
               "\n--b1\nContent-Type: multipart/alternative; boundary=b1x\n\n"
               "--b1x\nContent-Type: text/plain\n\ninner plain\n"
               "--b1x\nContent-Type: text/html\n\n<p>inner html</p>\n"
               "--b1x--\n"
               "--b1\nContent-Type: text/plain\n\nouter second part\n"
               "--b1--\n")


@fixture("010-empty-parts")
def _():
    return msg(top(10, "Empty parts", 'Content-Type: multipart/mixed; boundary="e10"\n'),
               "\n--e10\nContent-Type: text/plain\n\n"
               "--e10\nContent-Type: text/plain\n\nafter an empty body\n"
               "--e10\nContent-Type: text/plain\n\n\n"
               "--e10\nContent-Type: text/plain\n\nafter a body that is one empty line\n"
               "--e10--\n")


@fixture("011-part-without-headers")
def _():
    return msg(top(11, "Part without headers", 'Content-Type: multipart/mixed; boundary="nh11"\n'),
               "\n--nh11\n\nThis part has no header fields: it is text/plain in us-ascii.\n"
               "--nh11\nContent-Type: text/html\n\n<p>This one has.</p>\n"
               "--nh11--\n")


@fixture("012-header-only-part")
def _():
    return msg(top(12, "Header-only part", 'Content-Type: multipart/mixed; boundary="ho12"\n'),
               "\n--ho12\nContent-Type: text/plain\n\nA normal part.\n"
               "--ho12\nContent-Type: text/plain\nContent-Disposition: inline\n"
               "--ho12\nContent-Type: text/plain\n\nThe part before had headers and no blank line.\n"
               "--ho12--\n")


@fixture("013-boundary-text-not-at-line-start")
def _():
    return msg(top(13, "Boundary text inside lines", 'Content-Type: multipart/mixed; boundary="mid13"\n'),
               "\nThe preamble mentions --mid13 in the middle of a line, and ends with --mid13\n"
               " --mid13 (after a space, so not a delimiter either)\n"
               "--mid13\nContent-Type: text/plain\n\nA body line quoting the delimiter: \"--mid13\".\n"
               "x--mid13--\n"
               "--mid13--\n")


# ------------------------------------------------------------- messages

FORWARDED_INNER = ("From: Carol Example <carol@example.org>\nTo: Alice Example <alice@example.com>\n"
                   "Subject: Garden party\nDate: Sat, 01 Mar 2025 18:00:00 +0100\n"
                   "Message-ID: <party@example.org>\nMIME-Version: 1.0\n")


@fixture("014-forwarded-rfc822")
def _():
    return msg(top(14, "Fwd: Garden party", 'Content-Type: multipart/mixed; boundary="fw14"\n'),
               "\n--fw14\nContent-Type: text/plain\n\nSee below, are you coming?\n"
               "--fw14\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n",
               FORWARDED_INNER, 'Content-Type: multipart/alternative; boundary="party-alt"\n\n'
               "--party-alt\nContent-Type: text/plain\n\nGarden party on Saturday at four.\n"
               "--party-alt\nContent-Type: text/html\n\n<p>Garden party on <b>Saturday</b> at four.</p>\n"
               "--party-alt--\n"
               "--fw14--\n")


@fixture("015-forward-of-forward")
def _():
    innermost = (FORWARDED_INNER + "Content-Type: text/plain; charset=us-ascii\n\n"
                 "Bring a chair if you have one.\n")
    middle = ("From: Alice Example <alice@example.com>\nTo: Dave Example <dave@example.net>\n"
              "Subject: Fwd: Garden party\nDate: Sun, 02 Mar 2025 10:00:00 +0100\nMIME-Version: 1.0\n"
              'Content-Type: multipart/mixed; boundary="fw15-middle"\n\n'
              "--fw15-middle\nContent-Type: text/plain\n\nForwarding Carol's invitation.\n"
              "--fw15-middle\nContent-Type: message/rfc822\n\n" + innermost +
              "--fw15-middle--\n")
    return msg(top(15, "Fwd: Fwd: Garden party", 'Content-Type: multipart/mixed; boundary="fw15-outer"\n'),
               "\n--fw15-outer\nContent-Type: text/plain\n\nA forward of a forward.\n"
               "--fw15-outer\nContent-Type: message/rfc822\n\n", middle,
               "--fw15-outer--\n")


@fixture("016-message-global")
def _():
    inner = ("From: =?utf-8?q?J=C3=B6rg?= <joerg@example.de>\nTo: alice@example.com\n"
             "Subject: ").encode() + "Grüße aus Köln".encode("utf-8") + (
             "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n").encode() \
        + "Hallo Alice, viele Grüße aus Köln!\n".encode("utf-8")
    return msg(top(16, "Fwd: internationalised message", 'Content-Type: multipart/mixed; boundary="g16"\n'),
               "\n--g16\nContent-Type: text/plain\n\nAn embedded message/global with UTF-8 headers.\n"
               "--g16\nContent-Type: message/global\nContent-Transfer-Encoding: 8bit\n\n", inner,
               "--g16--\n")


@fixture("017-digest-default-rfc822")
def _():
    def item(k, subject, text):
        return (f"From: member{k}@lists.example\nSubject: {subject}\nDate: Tue, 04 Mar 2025 0{k}:00:00 +0000\n"
                f"Message-ID: <digest-{k}@lists.example>\n\n{text}\n")
    return msg(top(17, "Hobby list digest, Vol 3, Issue 12", 'Content-Type: multipart/digest; boundary="dg17"\n',
                   frm="hobby-list@lists.example"),
               "\nThis digest holds four messages.\n"
               "--dg17\n\n", item(1, "Soldering tips", "Use a clean tip and fresh solder."),
               "--dg17\n\n", item(2, "Re: Soldering tips", "And ventilation."),
               "--dg17\nContent-Type: text/plain\n\nA part with an explicit type stays text/plain.\n"
               "--dg17\nContent-Type: message/rfc822\n\n", item(3, "Meeting moved", "Now on Wednesday."),
               # Common in practice: the message headers follow the delimiter directly, so they
               # are the part's own headers and the embedded message is the bare body.
               "--dg17\n", item(4, "No blank line", "Headers right after the delimiter."),
               "--dg17--\n")


# ------------------------------------------------------------- transfer encodings

@fixture("018-8bit-utf8")
def _():
    return msg(top(18, "8bit UTF-8", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"),
               "\n", "Ça va ? Schöne Grüße, ¡hola!, Ελληνικά, 日本語 and 🚲.\n".encode("utf-8"))


@fixture("019-binary-nul-bytes")
def _():
    data = blob("binary-019", 600, avoid=b"\r\n")
    data = b"\x00\x00\x00" + data[:300] + b"\x00" + data[300:] + b"\x00"
    return msg(top(19, "Binary part", 'Content-Type: multipart/mixed; boundary="bin19"\n'),
               "\n--bin19\nContent-Type: text/plain\n\nA binary attachment with NUL bytes follows.\n"
               "--bin19\nContent-Type: application/octet-stream; name=\"data.bin\"\nContent-Transfer-Encoding: binary\n\n",
               data, "\n--bin19--\n")


@fixture("020-quoted-printable-soft-breaks")
def _():
    return msg(top(20, "QP soft breaks", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n"),
               "\nThis line is long enough that the encoder had to break it with a soft line=\n"
               " break, and the reader must join it again.\n"
               "Equals signs are escaped: 1 + 1 =3D 2, and a=3Db=3Dc.\n"
               "Non-ASCII: Gr=C3=BC=C3=9Fe aus K=C3=B6ln.\n"
               "Trailing spaces are escaped:=20=20\n"
               "Encoded tab at the end=09\n"
               "Soft break at the very end of the body=\n")


@fixture("021-quoted-printable-malformed")
def _():
    return msg(top(21, "Malformed QP", 'Content-Type: multipart/mixed; boundary="qp21"\n'),
               "\n--qp21\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
               "Bad escapes stay as they are: =ZZ and =G1 and =4 at the line end=4\n"
               "Lowercase hex =c3=a9 is accepted by lenient readers.\n"
               "--qp21\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
               "The part ends with an equals sign=\n"
               "--qp21\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
               "Unencoded trailing whitespace on a line   \nis not part of the text.\n"
               "--qp21--\n")


@fixture("022-base64-76-columns")
def _():
    data = blob("b64-022", 2000)
    return msg(top(22, "Base64 attachment", 'Content-Type: multipart/mixed; boundary="b22"\n'),
               "\n--b22\nContent-Type: text/plain\n\nAttached: a random file.\n"
               "--b22\nContent-Type: application/octet-stream; name=\"random.bin\"\n"
               "Content-Disposition: attachment; filename=\"random.bin\"\nContent-Transfer-Encoding: base64\n\n",
               b64(data), "--b22--\n")


@fixture("023-base64-unpadded")
def _():
    text = "Unpadded base64: the final quantum has no equals signs.\n".encode("ascii")
    enc = base64.b64encode(text).decode("ascii").rstrip("=")
    assert len(text) % 3 != 0
    return msg(top(23, "Unpadded base64", "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n"),
               "\n", enc, "\n")


@fixture("024-base64-junk-characters")
def _():
    text = "Readers skip characters outside the base64 alphabet.\n".encode("ascii")
    enc = base64.b64encode(text).decode("ascii")
    junk = enc[:8] + "!" + enc[8:20] + "*#" + enc[20:40] + "\x7f" + enc[40:60] + "%" + enc[60:]
    return msg(top(24, "Base64 with junk", "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n"),
               "\n", junk, "\n")


@fixture("025-base64-whitespace")
def _():
    text = ("Base64 with spaces and tabs inside lines, short lines and a blank line.\n" * 3).encode("ascii")
    enc = base64.b64encode(text).decode("ascii")
    lines = [enc[0:20], enc[20:50], "", enc[50:70], enc[70:]]
    body = lines[0][:10] + " " + lines[0][10:] + "\n\t" + lines[1] + "  \n\n" + lines[3][:4] + "\t" + lines[3][4:] + "\n " + lines[4] + "\n"
    return msg(top(25, "Base64 with whitespace", "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n"),
               "\n", body)


@fixture("026-base64-uppercase-cte")
def _():
    return msg(top(26, "BASE64 in capitals", 'Content-Type: multipart/mixed; boundary="up26"\n'),
               "\n--up26\nContent-Type: text/plain\nContent-Transfer-Encoding: BASE64\n\n",
               b64("The encoding name is written in capitals.\n".encode("ascii")),
               "--up26\nContent-Type: text/plain\nContent-Transfer-Encoding: Quoted-Printable\n\n",
               "Mixed case =3D still quoted-printable.\n",
               "--up26--\n")


@fixture("027-x-uuencode")
def _():
    data = b"Old-style uuencoded attachment.\n"
    lines = "begin 644 old.txt\n" + binascii.b2a_uu(data).decode("ascii") + "`\nend\n"
    return msg(top(27, "uuencode", 'Content-Type: multipart/mixed; boundary="uu27"\n'),
               "\n--uu27\nContent-Type: text/plain\n\nAn attachment in an unknown transfer encoding.\n"
               "--uu27\nContent-Type: application/octet-stream; name=\"old.txt\"\nContent-Transfer-Encoding: x-uuencode\n\n",
               lines, "--uu27--\n")


# ------------------------------------------------------------- charsets

def charset_fixture(n, label, codec, cte, plain, html, subject):
    """A text/plain + text/html alternative in one charset with the given transfer encoding."""
    def encode(text):
        data = text.encode(codec)
        if cte == "base64":
            return b64(data)
        if cte == "quoted-printable":
            return qp(data)
        return data
    page = html_page(subject, f"<h1>{html}</h1>\n<p>{html}</p>\n<p><a href=\"https://shop.example/\">shop.example</a></p>", label)
    return msg(top(n, subject, f'Content-Type: multipart/alternative; boundary="cs{n}"\n'),
               f"\n--cs{n}\nContent-Type: text/plain; charset={label}\nContent-Transfer-Encoding: {cte}\n\n",
               encode(plain + "\n"),
               f"\n--cs{n}\nContent-Type: text/html; charset={label}\nContent-Transfer-Encoding: {cte}\n\n",
               encode(page),
               f"\n--cs{n}--\n")


CHARSETS = [
    # (number, label, Python codec, transfer encoding, text)
    (28, "iso-2022-jp", "iso2022_jp", "7bit", "今週のお知らせ：春の新商品が入荷しました。ご来店をお待ちしております。"),
    (29, "shift_jis", "shift_jis", "base64", "お買い上げありがとうございます。ご注文の品は明日発送いたします。"),
    (30, "euc-jp", "euc_jp", "8bit", "会議の資料を添付します。ご確認のほど、よろしくお願いします。"),
    (31, "gb2312", "gb2312", "base64", "您好！附件是本月的账单，请查收。如有疑问，请回复本邮件。"),
    (32, "gb18030", "gb18030", "8bit", "欢迎订阅我们的通讯。特价茶具一套，仅需￥88。😀"),
    (33, "big5", "big5", "quoted-printable", "親愛的會員您好，本週特價商品已經上架，歡迎選購。"),
    (34, "euc-kr", "euc_kr", "base64", "안녕하세요. 이번 달 소식지를 보내 드립니다. 감사합니다."),
    (35, "koi8-r", "koi8_r", "8bit", "Здравствуйте! Ваш заказ отправлен и прибудет в пятницу."),
    (36, "windows-1251", "cp1251", "quoted-printable", "Дякуємо за покупку — чекаємо на вас знову. Рахунок у вкладенні."),
    (37, "windows-1252", "cp1252", "quoted-printable", "Grüße aus Köln – „Sommerangebote“ ab 9,99 € … jetzt!"),
    (38, "iso-8859-1", "latin_1", "8bit", "Voilà l'été à Genève : crème brûlée, façade et « naïveté »."),
    (39, "iso-8859-2", "iso8859_2", "quoted-printable", "Dziękujemy za zamówienie, paczka wyjdzie w środę. Děkujeme, že nakupujete u nás."),
    (40, "iso-8859-15", "iso8859_15", "8bit", "Œuvres complètes : 25 € seulement, offre spéciale."),
    (41, "utf-8", "utf-8", "quoted-printable", "Ünïcödé ✓ — 日本語, Ελληνικά, עברית, 🚲"),
]

for _n, _label, _codec, _cte, _text in CHARSETS:
    def _make(n=_n, label=_label, codec=_codec, cte=_cte, text=_text):
        return charset_fixture(n, label, codec, cte, text, text, f"Charset {label}")
    fixture(f"{_n:03d}-charset-{_label.replace('_', '-')}")(_make)


@fixture("042-charset-utf-16-base64")
def _():
    text = "UTF-16 text: Grüße, Привет, 你好 🌍\n"
    page = html_page("utf-16", "<p>UTF-16 HTML: Grüße, Привет, 你好 🌍</p>")
    return msg(top(42, "Charset utf-16", 'Content-Type: multipart/alternative; boundary="cs42"\n'),
               "\n--cs42\nContent-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64\n\n",
               b64(text.encode("utf-16")),
               "--cs42\nContent-Type: text/html; charset=utf-16le\nContent-Transfer-Encoding: base64\n\n",
               b64(page.encode("utf-16-le")),
               "--cs42--\n")


@fixture("043-charset-label-odd-case")
def _():
    text = "Grüße, ça marche.\n".encode("utf-8")
    return msg(top(43, "Charset labels", 'Content-Type: multipart/mixed; boundary="lbl43"\n'),
               '\n--lbl43\nContent-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: 8bit\n\n', text,
               "--lbl43\nContent-Type: text/plain; charset=Utf8\nContent-Transfer-Encoding: 8bit\n\n", text,
               "--lbl43\nContent-Type: TEXT/HTML; CHARSET=utf-8\nContent-Transfer-Encoding: 8bit\n\n",
               b"<p>" + text.rstrip() + b"</p>\n",
               "--lbl43\ncontent-type: text/plain; charset = \"iso-8859-1\" (Latin 1)\nContent-Transfer-Encoding: 8bit\n\n",
               "Grüße, ça marche.\n".encode("latin-1"),
               "--lbl43--\n")


# ------------------------------------------------------------- header encodings

@fixture("044-rfc2047-subjects")
def _():
    subject = (ew_b("Grüße ", "UTF-8") + " " + ew_b("aus Köln", "utf-8") + " und " + ew_q("café", "ISO-8859-1")
               + "\n " + ew_b("日本語の件名", "ISO-2022-JP", "iso2022_jp") + "\n\t" + ew_q("Привет", "koi8-r")
               + " " + ew_b("中文主题", "gb2312"))
    return msg(
        f"From: {ew_q('Zoë Müller', 'iso-8859-1')} <zoe@example.de>\n"
        f"To: {ew_b('佐藤 花子', 'utf-8')} <hanako@example.jp>\n"
        f"Cc: {ew_q('Paweł', 'iso-8859-2')} <pawel@example.pl>\n"
        f"Subject: {subject}\n"
        f"Date: Wed, 05 Mar 2025 10:00:00 +0100\nMessage-ID: <fixture-044@mime.example>\nMIME-Version: 1.0\n"
        f"X-Mixed: plain {ew_q('word', 'us-ascii')}  {ew_q('next', 'us-ascii')} tail\n"
        "Content-Type: text/plain; charset=us-ascii\n\n"
        "Encoded words in Subject, From, To and Cc, several charsets, adjacent words.\n")


@fixture("045-rfc2047-filenames")
def _():
    return msg(top(45, "Encoded filenames", 'Content-Type: multipart/mixed; boundary="fn45"\n'),
               "\n--fn45\nContent-Type: text/plain\n\nThree attachments with RFC 2047 names.\n"
               f'--fn45\nContent-Type: application/pdf; name="{ew_q("résumé.pdf", "ISO-8859-1")}"\n'
               f'Content-Disposition: attachment; filename="{ew_q("résumé.pdf", "ISO-8859-1")}"\n'
               "Content-Transfer-Encoding: base64\n\n", b64(fake_pdf("resume")),
               f'--fn45\nContent-Type: text/plain; charset=utf-8; name="{ew_b("請求書.txt", "UTF-8")}"\n'
               f'Content-Disposition: attachment;\n filename="{ew_b("請求書", "UTF-8")} {ew_b(".txt", "UTF-8")}"\n'
               "Content-Transfer-Encoding: base64\n\n", b64("請求書\n".encode("utf-8")),
               f'--fn45\nContent-Type: application/octet-stream; name="{ew_b("отчёт.bin", "windows-1251", "cp1251")}"\n'
               "Content-Transfer-Encoding: base64\n\n", b64(blob("fn45", 40)),
               "--fn45--\n")


@fixture("046-rfc2231-parameters")
def _():
    return msg(top(46, "RFC 2231 parameters", 'Content-Type: multipart/mixed; boundary="p46"\n'),
               "\n--p46\nContent-Type: text/plain\n\nRFC 2231 parameters: charset, language, continuations.\n"
               "--p46\nContent-Type: text/plain; charset=utf-8\n"
               f"Content-Disposition: attachment; filename*=utf-8''{pct('日本語のファイル.txt')}\n"
               "Content-Transfer-Encoding: base64\n\n", b64("ファイル\n".encode("utf-8")),
               "--p46\nContent-Type: application/octet-stream\n"
               f"Content-Disposition: attachment;\n filename*0*=utf-8''{pct('Sehr langer Dateiname für ')};\n"
               f" filename*1*={pct('den Jahresbericht über ')};\n filename*2=\"2024.pdf\"\n"
               "Content-Transfer-Encoding: base64\n\n", b64(fake_pdf("report")),
               "--p46\nContent-Type: text/plain; charset=iso-8859-1;\n"
               f" name*=iso-8859-1'fr'{pct('résumé.txt', 'latin-1')}\n"
               "Content-Disposition: attachment; filename*0=\"plain continuation \"; filename*1=\"without encoding.txt\"\n"
               "Content-Transfer-Encoding: quoted-printable\n\n", qp("Résumé\n".encode("latin-1")),
               "--p46--\n")


# ------------------------------------------------------------- header blocks

@fixture("047-folded-headers")
def _():
    return msg("From: Alice Example\n <alice@example.com>\nTo: Bob Example <bob@example.net>,\n"
               "\tCarol Example <carol@example.org>\nSubject: A subject that was folded\n over three\n   lines\n"
               "Date: Thu, 06 Mar 2025 11:00:00 +0100\nMessage-ID: <fixture-047@mime.example>\nMIME-Version: 1.0\n"
               "Content-Type: multipart/alternative;\n\tboundary=\"fold47\";\n\tcharset=us-ascii\n\n"
               "--fold47\nContent-Type:\n text/plain;\n charset=us-ascii\nContent-Transfer-Encoding: quoted-printable\nContent-Description: a description\n  folded with a tab\n\tand spaces\n\n"
               "Folded Content-Type and =\nContent-Transfer-Encoding.\n"
               "--fold47\nContent-Type: text/html\n\n<p>Second alternative.</p>\n"
               "--fold47--\n")


@fixture("048-header-line-without-colon")
def _():
    return msg("From: Alice Example <alice@example.com>\nTo: bob@example.net\nSubject: Broken header block\n"
               "This line has no colon and ends the header block\n"
               "Content-Type: text/html\n\n<p>Readers show this as plain text: the Content-Type above is body.</p>\n")


@fixture("049-very-long-header-lines")
def _():
    refs = " ".join(f"<ref-{k:04d}.{'a' * 20}@threads.example>" for k in range(120))
    long_subject = "Long subject " + " ".join(f"word{k}" for k in range(400))
    return msg(top(49, long_subject, f"References: {refs}\nX-Long-Token: {'Z' * 20000}\n"
                   "Content-Type: text/plain; charset=us-ascii\n"),
               "\nThe header block has lines of several kilobytes.\n")


@fixture("050-duplicate-content-type")
def _():
    return msg(top(50, "Duplicate Content-Type",
                   'Content-Type: multipart/mixed; boundary="dup50"\nContent-Type: text/plain; charset=us-ascii\n'),
               "\n--dup50\nContent-Type: text/plain\nContent-Type: text/html\n\n"
               "<p>Two Content-Type fields: the first one counts.</p>\n"
               "--dup50\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n"
               "Content-Transfer-Encoding: quoted-printable\n\n", b64(b"<p>Two transfer encodings.</p>\n"),
               "--dup50--\n")


@fixture("051-missing-content-type")
def _():
    return msg("From: Alice Example <alice@example.com>\nTo: bob@example.net\nSubject: No MIME headers at all\n"
               "Date: Fri, 07 Mar 2025 08:00:00 +0100\nMessage-ID: <fixture-051@mime.example>\n\n"
               "No MIME-Version and no Content-Type: this is text/plain in us-ascii.\n"
               "<p>Markup here is shown as text.</p>\n")


@fixture("052-mbox-from-line")
def _():
    return msg("From alice@example.com Fri Mar  7 08:30:00 2025\n",
               top(52, "Delivered with an mbox separator", "Content-Type: text/plain\n"),
               "\nThe first line is an mbox From_ line added by the delivery agent.\n"
               ">From here the body quotes a line that began with From.\n")


@fixture("053-no-body")
def _():
    return msg(top(53, "Headers only", "Content-Type: text/plain\n"))


@fixture("054-no-blank-line-after-headers")
def _():
    return msg(top(54, "Body right after the headers", "Content-Type: text/plain\n"),
               "Hello Bob, this body starts without a separating blank line.\n"
               "Second line.\n")


@fixture("055-boundary-right-after-headers")
def _():
    return msg(top(55, "Delimiter right after the headers", 'Content-Type: multipart/mixed; boundary="rh55"\n'),
               "--rh55\nContent-Type: text/plain\n\nThe first delimiter follows the header block directly.\n"
               "--rh55--\n")


@fixture("056-very-long-line")
def _():
    line = "".join(f"{k:07d} " for k in range(125_000))  # 1,000,000 characters
    return msg(top(56, "One megabyte line", 'Content-Type: multipart/mixed; boundary="long56"\n'),
               "\n--long56\nContent-Type: text/plain\n\n", line, "\n"
               "--long56\nContent-Type: text/html\n\n<p>", "x" * 50_000, "</p>\n"
               "--long56--\n")


# ------------------------------------------------------------- security

@fixture("057-multipart-signed-pgp")
def _():
    return msg(top(57, "Signed message",
                   'Content-Type: multipart/signed; micalg=pgp-sha256;\n protocol="application/pgp-signature"; boundary="sig57"\n'),
               "\nThis is an OpenPGP/MIME signed message (RFC 4880 and 3156)\n"
               "--sig57\nContent-Type: multipart/alternative; boundary=\"sig57-alt\"\n\n"
               "--sig57-alt\nContent-Type: text/plain; charset=us-ascii\n\nSigned text.\n"
               "--sig57-alt\nContent-Type: text/html; charset=us-ascii\n\n"
               "<p>Signed HTML with a pixel that must stay: <img src=\"https://t.example-esp.test/o/eJxSIGNED57\" width=\"1\" height=\"1\"></p>\n"
               "--sig57-alt--\n"
               "--sig57\nContent-Type: application/pgp-signature; name=\"signature.asc\"\n"
               "Content-Description: OpenPGP digital signature\nContent-Disposition: attachment; filename=\"signature.asc\"\n\n",
               armor("SIGNATURE", "sig57", 119),
               "--sig57--\n")


@fixture("058-multipart-encrypted-pgp")
def _():
    return msg(top(58, "Encrypted message",
                   'Content-Type: multipart/encrypted;\n protocol="application/pgp-encrypted"; boundary="enc58"\n'),
               "\nThis is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\n"
               "--enc58\nContent-Type: application/pgp-encrypted\nContent-Description: PGP/MIME version identification\n\n"
               "Version: 1\n\n"
               "--enc58\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\n"
               "Content-Description: OpenPGP encrypted message\nContent-Disposition: inline; filename=\"encrypted.asc\"\n\n",
               armor("MESSAGE", "enc58", 600),
               "--enc58--\n")


@fixture("059-pkcs7-mime")
def _():
    der = b"\x30\x82\x02\x3a\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x03\xa0\x82\x02\x2b" + blob("p7m59", 555)
    return msg(top(59, "S/MIME encrypted",
                   'Content-Type: application/pkcs7-mime; smime-type=enveloped-data;\n name="smime.p7m"\n'
                   'Content-Disposition: attachment; filename="smime.p7m"\nContent-Transfer-Encoding: base64\n'),
               "\n", b64(der, 64))


@fixture("060-html-newsletter-pixel")
def _():
    html = html_page("Spring news", (
        '<table width="600" cellpadding="0" cellspacing="0" style="margin:0 auto">\n'
        '<tr><td><img src="https://cdn.brightkettle.example/img/logo.png" width="200" height="60" alt="Bright Kettle"></td></tr>\n'
        '<tr><td style="font-family:Arial,sans-serif;font-size:15px">Our spring teas have arrived. '
        '<a href="https://brightkettle.example/spring">See the collection</a>.</td></tr>\n'
        '</table>\n<img src="https://t.example-esp.test/o/eJxABC123" width="1" height="1">'))
    return msg(top(60, "Spring news from Bright Kettle",
                   'Content-Type: multipart/alternative; boundary="nl60"\n', frm="Bright Kettle <news@brightkettle.example>"),
               "\n--nl60\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n",
               qp("Our spring teas have arrived: https://brightkettle.example/spring\n".encode()),
               "--nl60\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n",
               qp(html.encode()),
               "--nl60--\n")


# ------------------------------------------------------------- mixed line endings (run as stored)

@fixture("061-mixed-crlf-headers-lf-body")
def _():
    head = top(61, "CRLF headers, LF body", 'Content-Type: multipart/alternative; boundary="mx61"\n').replace("\n", "\r\n")
    return msg(head, "\r\n--mx61\r\nContent-Type: text/plain\r\n\r\n"
               "The part headers end in CRLF,\nbut the body lines end in LF.\n"
               "--mx61\nContent-Type: text/html\n\n<p>LF everywhere here.</p>\r\n"
               "--mx61--\r\n")


@fixture("062-mixed-endings-in-encoded-bodies")
def _():
    data = "Zeile eins\r\nZeile zwei\nZeile drei\r\n".encode("ascii")
    enc = base64.b64encode(data).decode("ascii")
    return msg(top(62, "Mixed endings in encoded bodies", 'Content-Type: multipart/mixed; boundary="mx62"\n'),
               "\n--mx62\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
               "CRLF line=\r\n continued\r\nLF line=\n continued\nnext=3D\r\n"
               "--mx62\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n",
               enc[:24] + "\r\n" + enc[24:] + "\n",
               "--mx62--\r\n")


# ------------------------------------------------------------- more structure

@fixture("063-multipart-without-boundary")
def _():
    return msg(top(63, "Multipart without boundary", "Content-Type: multipart/mixed\n"),
               "\n--nothing\nContent-Type: text/plain\n\nWithout a boundary parameter the body cannot be split.\n--nothing--\n")


@fixture("064-empty-file")
def _():
    return b""


@fixture("065-base64-concatenated-blocks")
def _():
    first = base64.b64encode(b"First block. ").decode("ascii")
    second = base64.b64encode(b"Second block after padding.\n").decode("ascii")
    assert first.endswith("=")
    return msg(top(65, "Concatenated base64", "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n"),
               "\n", first, "\n", second, "\n")


@fixture("066-delivery-status-report")
def _():
    return msg(top(66, "Undelivered Mail Returned to Sender",
                   'Content-Type: multipart/report; report-type=delivery-status;\n boundary="dsn66"\n',
                   frm="Mail Delivery System <MAILER-DAEMON@mx.example.net>", to="alice@example.com"),
               "\n--dsn66\nContent-Type: text/plain\n\nYour message could not be delivered to nobody@example.net.\n"
               "--dsn66\nContent-Type: message/delivery-status\n\n"
               "Reporting-MTA: dns; mx.example.net\nArrival-Date: Sat, 8 Mar 2025 09:00:00 +0100\n\n"
               "Final-Recipient: rfc822; nobody@example.net\nAction: failed\nStatus: 5.1.1\n"
               "Diagnostic-Code: smtp; 550 5.1.1 no such user\n"
               "--dsn66\nContent-Type: text/rfc822-headers\n\n"
               "From: alice@example.com\nTo: nobody@example.net\nSubject: Hello\n"
               "--dsn66--\n")


@fixture("067-rfc822-with-transfer-encoding")
def _():
    inner = (FORWARDED_INNER + "Content-Type: text/plain\n\nAn embedded message sent base64-encoded, which RFC 2046 forbids.\n").encode()
    return msg(top(67, "Fwd: encoded", 'Content-Type: multipart/mixed; boundary="fe67"\n'),
               "\n--fe67\nContent-Type: text/plain\n\nForward below.\n"
               "--fe67\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n", b64(inner),
               "--fe67--\n")


@fixture("068-quoted-printable-soft-break-with-spaces")
def _():
    return msg(top(68, "QP soft break followed by spaces", "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n"),
               "\nSome encoders leave spaces after the soft break =  \nso the reader must trim before it looks.\n")


@fixture("069-zero-length-part")
def _():
    return msg(top(69, "Zero-length part", 'Content-Type: multipart/mixed; boundary="z69"\n'),
               "\n--z69\nContent-Type: text/plain\n\nbefore\n"
               "--z69\n"
               "--z69\nContent-Type: text/plain\n\nafter a part with nothing at all between two delimiters\n"
               "--z69--\n")


# ============================================================= passthrough

PT = "passthrough"


def pt_top(n, subject, extra, frm="Alice Example <alice@example.com>"):
    return top(100 + n, subject, extra, frm=frm)


@fixture("101-plain-ascii", PT)
def _():
    return msg(pt_top(1, "Weekend plans", "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n"),
               "\nHi Bob,\n\nShall we take the early train on Saturday? The timetable is at\n"
               "https://rail.example/timetable/coast-line and tickets are cheaper before nine.\n\nAlice\n")


@fixture("102-plain-utf8-8bit", PT)
def _():
    return msg(pt_top(2, "Recette", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"),
               "\n", ("Salut Bob,\n\nVoici la recette de la tarte aux pommes : 200 g de farine, 100 g de beurre,\n"
                      "trois pommes et une pincée de cannelle. Cuisson 35 minutes à 180 °C.\n\nBonne journée !\nAlice\n").encode("utf-8"))


@fixture("103-html-cid-images", PT)
def _():
    html = html_page("Holiday photos", (
        "<p>Here are two photos from the coast.</p>\n"
        '<p><img src="cid:photo1@alice.example" width="320" height="240" alt="Beach"></p>\n'
        '<p><img src="cid:photo2@alice.example" width="320" height="240" alt="Lighthouse"></p>'))
    return msg(pt_top(3, "Holiday photos", 'Content-Type: multipart/related; boundary="pt03"; type="text/html"\n'),
               "\n--pt03\nContent-Type: text/html; charset=us-ascii\n\n", html,
               "--pt03\nContent-Type: image/png\nContent-ID: <photo1@alice.example>\nContent-Transfer-Encoding: base64\n\n",
               b64(png(8, 6, (30, 120, 200))),
               "--pt03\nContent-Type: image/png\nContent-ID: <photo2@alice.example>\nContent-Transfer-Encoding: base64\n\n",
               b64(png(6, 8, (240, 240, 220))),
               "--pt03--\n")


@fixture("104-html-data-uri-image", PT)
def _():
    uri = "data:image/png;base64," + base64.b64encode(png(2, 2, (0, 0, 0))).decode("ascii")
    html = html_page("Signature", (
        "<p>Thanks for the quick reply.</p>\n"
        f'<p>-- <br><img src="{uri}" width="16" height="16" alt=""> Alice Example, Example Design Studio</p>'))
    return msg(pt_top(4, "Re: Invoice", "Content-Type: text/html; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n"),
               "\n", html)


@fixture("105-html-content-images", PT)
def _():
    html = html_page("Club news", (
        '<table width="600" cellpadding="0" cellspacing="0">\n'
        '<tr><td><img src="https://images.rowingclub.example/header/club-banner.jpg" width="600" height="180" alt="Rowing club"></td></tr>\n'
        '<tr><td><h1>Regatta results</h1><p>Our eight finished second. Photos are on '
        '<a href="https://rowingclub.example/gallery/regatta">the gallery page</a>.</p></td></tr>\n'
        '<tr><td><img src="https://images.rowingclub.example/photos/finish-line.jpg" width="560" height="373" alt="Finish line"></td></tr>\n'
        '<tr><td><p>Training resumes on <a href="https://rowingclub.example/calendar#april">Tuesday</a>. '
        'Questions? <a href="mailto:captain@rowingclub.example">Write to the captain</a>.</p></td></tr>\n'
        '</table>'))
    return msg(pt_top(5, "Regatta results", 'Content-Type: multipart/alternative; boundary="pt05"\n',
                      frm="Rowing Club <secretary@rowingclub.example>"),
               "\n--pt05\nContent-Type: text/plain; charset=us-ascii\n\n"
               "Our eight finished second. Photos: https://rowingclub.example/gallery/regatta\n"
               "--pt05\nContent-Type: text/html; charset=us-ascii\n\n", html,
               "--pt05--\n")


@fixture("106-attachment-pdf", PT)
def _():
    return msg(pt_top(6, "Invoice 2025-031", 'Content-Type: multipart/mixed; boundary="pt06"\n',
                      frm="Example Design Studio <billing@design.example>"),
               "\n--pt06\nContent-Type: text/plain; charset=us-ascii\n\n"
               "Please find invoice 2025-031 attached. Payment within 30 days.\n"
               "--pt06\nContent-Type: application/pdf; name=\"invoice-2025-031.pdf\"\n"
               "Content-Disposition: attachment; filename=\"invoice-2025-031.pdf\"\nContent-Transfer-Encoding: base64\n\n",
               b64(fake_pdf("Invoice 2025-031")),
               "--pt06--\n")


@fixture("107-html-quoted-printable-links", PT)
def _():
    html = html_page("Reading list", (
        "<p>Some articles I enjoyed this week:</p>\n<ul>\n"
        '<li><a href="https://blog.example.net/2025/03/sourdough-at-altitude">Sourdough at altitude</a></li>\n'
        '<li><a href="https://news.example.org/science/tides?page=2&amp;lang=en">How tides really work</a></li>\n'
        '<li><a href="https://www.example.com/search?q=bicycle+repair">Search results for bicycle repair</a></li>\n'
        "</ul>\n<p>Schöne Grüße, Jörg</p>"))
    return msg(pt_top(7, "Reading list", "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n",
                      frm="=?utf-8?q?J=C3=B6rg?= <joerg@example.de>"),
               "\n", qp(html.encode("utf-8")))


@fixture("108-forwarded-html", PT)
def _():
    inner = (FORWARDED_INNER.replace("Garden party", "Directions")
             + 'Content-Type: text/html; charset=us-ascii\n\n'
             + html_page("Directions", '<p>Take the number 4 bus to the park gate.</p>\n'
                         '<p><img src="https://maps.example.org/static/park-gate.png" width="400" height="300" alt="Map"></p>'))
    return msg(pt_top(8, "Fwd: Directions", 'Content-Type: multipart/mixed; boundary="pt08"\n'),
               "\n--pt08\nContent-Type: text/plain\n\nForwarding Carol's directions.\n"
               "--pt08\nContent-Type: message/rfc822\n\n", inner,
               "--pt08--\n")


@fixture("109-calendar-invitation", PT)
def _():
    ics = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Example Calendar//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
           "UID:planning-2025-03-14@calendar.example\nDTSTART:20250314T090000Z\nDTEND:20250314T100000Z\n"
           "SUMMARY:Planning meeting\nLOCATION:Room 2\nORGANIZER:mailto:alice@example.com\n"
           "ATTENDEE:mailto:bob@example.net\nEND:VEVENT\nEND:VCALENDAR\n")
    return msg(pt_top(9, "Invitation: Planning meeting", 'Content-Type: multipart/mixed; boundary="pt09"\n'),
               "\n--pt09\nContent-Type: multipart/alternative; boundary=\"pt09-alt\"\n\n"
               "--pt09-alt\nContent-Type: text/plain; charset=us-ascii\n\nPlanning meeting, Friday 14 March, 09:00 UTC, Room 2.\n"
               "--pt09-alt\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\n\n", ics,
               "--pt09-alt--\n"
               "--pt09\nContent-Type: application/ics; name=\"invite.ics\"\nContent-Disposition: attachment; filename=\"invite.ics\"\n"
               "Content-Transfer-Encoding: base64\n\n", b64(ics.encode("ascii")),
               "--pt09--\n")


@fixture("110-latin1-html", PT)
def _():
    html = html_page("Réunion", (
        "<p>Bonjour à tous,</p>\n<p>La réunion de l'association aura lieu le 20 mars à la salle des fêtes. "
        'Le programme est sur <a href="https://association.example/reunion">notre site</a>.</p>\n'
        '<p><img src="https://association.example/images/salle.jpg" width="480" height="320" alt="Salle"></p>'),
        "iso-8859-1")
    return msg(pt_top(10, ew_q("Réunion du 20 mars", "iso-8859-1"),
                      "Content-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n",
                      frm="Association <bureau@association.example>"),
               "\n", html.encode("latin-1"))


# ============================================================= writer

def main():
    check = "--check" in sys.argv[1:]
    names = set()
    differences = 0
    total = 0
    for folder, name, fn in OUTPUT:
        assert name not in names, f"duplicate fixture {name}"
        names.add(name)
        data = fn()
        assert isinstance(data, bytes)
        if "-mixed-" not in name:
            assert b"\r" not in data, f"{name}: CR outside a mixed-ending fixture"
        total += len(data)
        path = FIXTURES / folder / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: {folder}/{name}")
                differences += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    assert total < 5_000_000, f"corpus is {total} bytes"
    # Files on disk that the script no longer makes.
    for folder in ("mime", PT):
        for path in sorted((FIXTURES / folder).glob("*.eml")):
            if path.name not in names:
                print(f"stale: {folder}/{path.name}")
                differences += 1
    print(f"{len(OUTPUT)} fixtures, {total} bytes", file=sys.stderr)
    return 1 if check and differences else 0


if __name__ == "__main__":
    sys.exit(main())
