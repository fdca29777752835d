#!/usr/bin/env python3
"""Seeds for the milter fuzz target: whole MTA-side conversations (what Postfix sends) for
the sample messages and a few fixtures, one file each.

Usage: Fuzz/seed_milter.py OUT_DIR MESSAGE..."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "milter"))
from milter_client import split_message, join_message  # noqa: E402


def packet(code, data=b""):
    return struct.pack(">I", len(data) + 1) + code + data


def conversation(raw):
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    fields, body = split_message(raw)
    out = packet(b"O", struct.pack(">III", 6, 0x1FF, 0x1FFFFF))
    out += packet(b"D", b"Cj\0mx.test\0") + packet(b"C", b"client.test\0" + b"4" + struct.pack(">H", 25) + b"192.0.2.1\0")
    out += packet(b"M", b"<news@sender.example>\0") + packet(b"R", b"<reader@example.net>\0")
    for name, value in fields:
        out += packet(b"D", b"Li\0Q1\0") + packet(b"L", name + b"\0" + value + b"\0")
    out += packet(b"N")
    for i in range(0, len(body), 65535):
        out += packet(b"B", body[i:i + 65535])
    out += packet(b"E") + packet(b"A") + packet(b"Q")
    return out


def main():
    out_dir, files = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    for f in files:
        data = conversation(open(f, "rb").read())
        if len(data) > 256 * 1024:
            continue
        name = os.path.splitext(os.path.basename(f))[0] + ".milter"
        with open(os.path.join(out_dir, name), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    main()
