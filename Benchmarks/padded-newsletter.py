#!/usr/bin/env python3
"""Writes the benchmark's 100 KB message to the path given: SampleMail/newsletter.eml as a
message/rfc822 part, and a text part of ordinary paragraphs that pads it to 100 KB."""
import os
import sys

sample = "SampleMail/newsletter.eml"
body = open(sample, "rb").read() if os.path.exists(sample) else b""
msg = body
if len(msg) < 100_000:
    pad = b"A paragraph of ordinary newsletter text, long enough to matter.\n" * ((100_000 - len(msg)) // 64 + 1)
    msg = (b"From: news@shop.example\nTo: reader@example.org\nSubject: bench\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n"
           b"Content-Type: message/rfc822\n\n" + body + b"\n--zz\nContent-Type: text/plain\n\n" + pad + b"\n--zz--\n")
with open(sys.argv[1], "wb") as f:
    f.write(msg)
