#!/usr/bin/env python3
"""Prints Python's view of a message's MIME structure, as JSON, to compare MailMIME with.

Usage: mime_oracle.py [--crlf] [--defects] FILE

Output: a JSON list with one object per entity in `Message.walk()` order (depth first,
document order; a message/rfc822 or message/global container comes first, then the
embedded message and its parts):

    {"type": part.get_content_type(),
     "payload_hex": hex of part.get_payload(decode=True), or null for containers}

Containers are the entities whose payload is a list (`is_multipart()`): multiparts and
message/* containers. The message is parsed with
`email.message_from_bytes(data, policy=email.policy.compat32)`.

--crlf     converts the file before parsing exactly as the Swift tests do: every LF not
           preceded by CR becomes CRLF.
--defects  adds "defects": the class names of the defects Python recorded on each entity.

What the Swift side compares (Tests/MailMIMETests/OracleTests.swift): for each fixture in
Tests/Fixtures/mime and Tests/Fixtures/passthrough, as stored and as CRLF (fixtures named
NNN-mixed-* only as stored), the list of content types must be equal, and for each leaf
the bytes MailMIME's `decodedBody(of:)` returns must equal Python's decoded payload.

Where Python's `email` package (3.11, compat32) differs from a lenient, client-like
reading, so a disagreement is not necessarily a MailMIME bug:

- Quoted-printable goes through binascii.a2b_qp, which does NOT drop unencoded trailing
  whitespace before a line break (RFC 2045 rule 3 says decoders must), does not treat
  "=" followed by spaces/tabs and a line break as a soft break, decodes "==" to "=", and
  drops a lone "=" at the very end of the data. Hard line breaks are kept as they were
  (LF stays LF, CRLF stays CRLF), so QP line endings do agree.
- The transfer encoding is compared after `.lower()` only, without trimming: a folded or
  padded value ("base64 ") is not recognised and the body is returned undecoded.
- x-uuencode (and uuencode, uue, x-uue) bodies are uudecoded; a client shows them as an
  opaque attachment and MailMIME leaves them as they are.
- Base64 goes through email._encoded_words.decode_b on the body with line breaks removed:
  characters outside the alphabet (including the URL-safe "-" and "_") are dropped, and
  decoding stops at the first complete padding ("QQ==QkI=" gives only "A").
- Every message/* type except message/delivery-status is parsed as an embedded message,
  whatever its transfer encoding (base64-encoded message/rfc822 becomes a message whose
  headers are base64 text). message/delivery-status is parsed as a list of header
  blocks, each shown by walk() as a text/plain entity with an empty payload.
- Lines end at CR, LF or CRLF: a bare CR is a line break for Python (not for MailMIME,
  nor for most MIME readers).
- A zero-length part (a delimiter line right after another) is dropped: the feedparser
  "does not produce body parts within such double boundaries". MailMIME keeps an empty part.
- When the close delimiter is missing, Python drops the line break that ends the last
  part; MailMIME keeps it, since no delimiter follows to claim it.
- MailMIME's quoted-printable decoder writes every hard break in the part's line ending
  (its first line's); Python keeps each line's own ending. Only mixed-ending bodies differ.

Results over the corpus (Python 3.11, both variants): every fixture parses, and the only
defects Python records are the intended ones (CloseBoundaryNotFound in 008,
MissingHeaderBodySeparator in 017, 048, 054, 055, 067, InvalidBase64Padding in 023,
InvalidBase64Characters in 024, 025 (spaces and tabs count as invalid characters), 065,
NoBoundaryInMultipart in 063). Python's reading differs from a client-like one in:
  008-missing-final-boundary              last part keeps its final line break in MailMIME
  021-quoted-printable-malformed          part 3: unencoded trailing whitespace kept by Python
  027-x-uuencode                          uudecoded by Python
  062-mixed-endings-in-encoded-bodies     QP hard breaks: per line (Python) or per part
  065-base64-concatenated-blocks          Python stops at the first padding
  066-delivery-status-report              delivery-status split into header-block entities
  067-rfc822-with-transfer-encoding       base64 text parsed as an embedded message
  068-quoted-printable-soft-break-with-spaces  "=  " + line break is not a soft break
  069-zero-length-part                    the empty part is dropped
"""
import email
import email.policy
import json
import sys


def to_crlf(data):
    out = bytearray()
    previous = 0
    for b in data:
        if b == 0x0A and previous != 0x0D:
            out.append(0x0D)
        out.append(b)
        previous = b
    return bytes(out)


def view(data, with_defects=False):
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            payload = None
        else:
            decoded = part.get_payload(decode=True)
            payload = (decoded if isinstance(decoded, bytes) else b"").hex()
        entry = {"type": part.get_content_type(), "payload_hex": payload}
        if with_defects:
            entry["defects"] = [type(d).__name__ for d in part.defects]
        parts.append(entry)
    return parts


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    unknown = flags - {"--crlf", "--defects"}
    if len(args) != 1 or unknown:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(args[0], "rb") as f:
        data = f.read()
    if "--crlf" in flags:
        data = to_crlf(data)
    json.dump(view(data, "--defects" in flags), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
