#!/usr/bin/env python3
"""The MTA's side of the milter protocol (version 6), written apart from the daemon, to
check `trackless milter` against `trackless filter`.

For every message given it:
  * speaks to the daemon as Postfix does (option negotiation with every step offered,
    connect, helo, mail, rcpt, data, header fields with the space after the colon, end of
    headers, body chunks of at most 64 KiB with CRLF line endings, end of body);
  * applies the modifications the daemon answers (change, insert and add header, replace
    body) to the message, as the MTA would;
  * runs `trackless filter --recipient RCPT` on the same CRLF message, and requires the two
    results to be identical, byte for byte;
  * requires the final verdict to be accept or continue, never a rejection.

Usage: milter_client.py SOCKET TRACKLESS_BIN MESSAGE...
Exit status 0 when every message matched; one line per message either way.
"""
import socket
import struct
import subprocess
import sys

SMFIC_OPTNEG, SMFIC_CONNECT, SMFIC_HELO, SMFIC_MAIL, SMFIC_RCPT = b"O", b"C", b"H", b"M", b"R"
SMFIC_DATA, SMFIC_HEADER, SMFIC_EOH, SMFIC_BODY, SMFIC_BODYEOB = b"T", b"L", b"N", b"B", b"E"
SMFIC_MACRO, SMFIC_QUIT_NC, SMFIC_QUIT = b"D", b"K", b"Q"

# What Postfix offers: version 6, every action, every protocol step.
OFFERED_ACTIONS = 0x1FF
OFFERED_STEPS = 0x1FFFFF
NR = {"connect": 0x1000, "helo": 0x2000, "mail": 0x4000, "rcpt": 0x8000, "data": 0x10000,
      "unknown": 0x20000, "eoh": 0x40000, "body": 0x80000, "header": 0x80}
SKIP = {"connect": 0x1, "helo": 0x2, "mail": 0x4, "rcpt": 0x8, "body": 0x10, "header": 0x20,
        "eoh": 0x40, "data": 0x200}
LEADSPC = 0x100000


class Milter:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(path)
        self.buffer = b""

    def send(self, code, data=b""):
        self.sock.sendall(struct.pack(">I", len(data) + 1) + code + data)

    def read(self):
        while len(self.buffer) < 4 or len(self.buffer) < 4 + struct.unpack(">I", self.buffer[:4])[0]:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the milter closed the connection")
            self.buffer += chunk
        n = struct.unpack(">I", self.buffer[:4])[0]
        packet, self.buffer = self.buffer[4:4 + n], self.buffer[4 + n:]
        return packet[:1], packet[1:]

    def negotiate(self):
        self.send(SMFIC_OPTNEG, struct.pack(">III", 6, OFFERED_ACTIONS, OFFERED_STEPS))
        code, data = self.read()
        assert code == b"O", f"negotiation answered {code!r}"
        version, actions, steps = struct.unpack(">III", data[:12])
        assert version in (2, 6), f"version {version}"
        assert steps & ~OFFERED_STEPS == 0, f"asked for steps not offered: {steps:#x}"
        assert steps & LEADSPC, "the milter does not take header values as they are"
        self.steps = steps
        return actions, steps

    def step(self, name, code, data=b""):
        """Sends one step unless the milter skipped it; reads the reply unless it said none."""
        if self.steps & SKIP.get(name, 0):
            return None
        self.send(code, data)
        if self.steps & NR.get(name, 0):
            return None
        reply, _ = self.read()
        assert reply in (b"c", b"a"), f"{name}: answered {reply!r}"
        return reply


def split_message(raw):
    """Header fields (name, value after the colon with folded lines joined by LF) and body."""
    if raw.startswith(b"\r\n") or not raw:
        return [], raw[2:]  # a blank first line: no header at all
    end = raw.find(b"\r\n\r\n")
    head, body = (raw[:end], raw[end + 4:]) if end >= 0 else (raw, b"")
    fields = []
    lines = head.split(b"\r\n")
    for k, line in enumerate(lines):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1][1] += b"\n" + line
            continue
        name, colon, value = line.partition(b":")
        if colon and name and all(33 <= c <= 126 for c in name):
            fields.append([name, value])
        else:
            # Not a header field: as an MTA does, the body starts here.
            rest = b"\r\n".join(lines[k:])
            return fields, rest + (b"\r\n\r\n" + body if end >= 0 else b"")
    return fields, body


def join_message(fields, body):
    out = b"".join(name + b":" + value.replace(b"\n", b"\r\n") + b"\r\n" for name, value in fields)
    return out + b"\r\n" + body


def through_milter(path, raw, rcpt):
    fields, body = split_message(raw)
    m = Milter(path)
    m.negotiate()
    m.send(SMFIC_MACRO, b"C" + b"j\0mx.test\0")
    m.step("connect", SMFIC_CONNECT, b"client.test\0" + b"4" + struct.pack(">H", 4321) + b"192.0.2.1\0")
    m.step("helo", SMFIC_HELO, b"client.test\0")
    m.step("mail", SMFIC_MAIL, b"<news@sender.example>\0SIZE=%d\0" % len(raw))
    m.step("rcpt", SMFIC_RCPT, b"<" + rcpt.encode() + b">\0")
    m.step("data", SMFIC_DATA)
    m.send(SMFIC_MACRO, b"E" + b"i\0" + b"4QXYZ1\0")
    for name, value in fields:
        m.step("header", SMFIC_HEADER, name + b"\0" + value + b"\0")
    m.step("eoh", SMFIC_EOH)
    for i in range(0, len(body), 65535):
        if m.step("body", SMFIC_BODY, body[i:i + 65535]) == b"a":
            break
    m.send(SMFIC_BODYEOB)
    new_body = None
    while True:
        code, data = m.read()
        if code == b"b":
            new_body = (new_body or b"") + data
        elif code in (b"m", b"i"):
            index = struct.unpack(">I", data[:4])[0]
            name, value = data[4:].split(b"\0")[:2]
            if code == b"i":
                fields.insert(min(index, len(fields)), [name, value])
            else:
                same = [k for k, f in enumerate(fields) if f[0].lower() == name.lower()]
                if index - 1 < len(same):
                    if value:
                        fields[same[index - 1]][1] = value
                    else:
                        del fields[same[index - 1]]
        elif code == b"h":
            name, value = data.split(b"\0")[:2]
            fields.append([name, value])
        elif code == b"p":
            continue
        elif code in (b"a", b"c"):
            break
        else:
            raise AssertionError(f"end of body answered {code!r}")
    m.send(SMFIC_QUIT)
    m.sock.close()
    return join_message(fields, body if new_body is None else new_body)


def main():
    path, binary, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    rcpt = "reader@example.net"
    failed = 0
    for f in files:
        raw = open(f, "rb").read()
        # What the MTA holds: CRLF lines, a header and a body.
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if raw.startswith(b"From "):
            raw = raw[raw.index(b"\r\n") + 2:]
        fields, body = split_message(raw)
        raw = join_message(fields, body)
        try:
            got = through_milter(path, raw, rcpt)
        except Exception as e:  # one line per message, whatever failed
            print(f"FAIL {f}: {e}")
            failed += 1
            continue
        want = subprocess.run([binary, "filter", "--recipient", rcpt], input=raw, capture_output=True).stdout
        if got == want:
            print(f"PASS {f} ({'changed' if got != raw else 'unchanged'})")
        else:
            failed += 1
            at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            print(f"FAIL {f}: milter and filter differ at byte {at}: {got[max(0, at - 40):at + 40]!r} vs {want[max(0, at - 40):at + 40]!r}")
    print(f"milter client: {len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
