#!/usr/bin/env python3
"""`trackless milter` as a process: conformance with an MTA-side client written apart from
it, and what it does on signals, faults and limits.

Usage: Tests/milter/daemon_test.py TRACKLESS_BIN
One PASS/FAIL line per case, then "milter: N passed, N failed"; exit 1 on any failure.
"""
import glob
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, HERE)
import milter_client as mc  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="trackless-milter-test-")
SOCK = os.path.join(WORK, "milter.sock")
results = []


def case(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))


def start(*extra, env=None):
    if os.path.exists(SOCK):
        os.unlink(SOCK)
    log = open(os.path.join(WORK, "daemon.log"), "ab")
    proc = subprocess.Popen([BIN, "milter", "--listen", "unix:" + SOCK, *extra], stderr=log, env=env)
    # Ready when a connection is accepted: the socket file appears at bind(), before
    # listen(), and a connect in between is refused (seen once in CI).
    for _ in range(200):
        if proc.poll() is not None:
            break
        if os.path.exists(SOCK):
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(SOCK)
                break
            except OSError:
                pass
            finally:
                probe.close()
        time.sleep(0.02)
    return proc


def daemon_log():
    return open(os.path.join(WORK, "daemon.log"), "rb").read().decode("utf-8", "replace")


def messages():
    files = sorted(glob.glob(os.path.join(ROOT, "SampleMail", "*.eml")))
    files += sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "mime", "*.eml")))
    files += sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "passthrough", "*.eml")))
    files += sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "fuzz", "clean-default", "*.eml")))
    return files


def normalized(path):
    raw = open(path, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if raw.startswith(b"From "):
        raw = raw[raw.index(b"\r\n") + 2:]
    return mc.join_message(*mc.split_message(raw))


def rss_kb(pid):
    """A process's resident memory now, in KB."""
    try:
        return next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def up_to_body(m, fields, body):
    """Sends one message up to its last body chunk, as the MTA does, on a negotiated connection."""
    m.step("mail", mc.SMFIC_MAIL, b"<news@sender.example>\0")
    m.step("rcpt", mc.SMFIC_RCPT, b"<reader@example.net>\0")
    for name, value in fields:
        m.step("header", mc.SMFIC_HEADER, name + b"\0" + value + b"\0")
    m.step("eoh", mc.SMFIC_EOH)
    m.step("body", mc.SMFIC_BODY, body)


def verdict(m):
    """Ends the body and reads the replies up to the verdict (fewer if the daemon hangs up)."""
    m.send(mc.SMFIC_BODYEOB)
    codes = []
    try:
        while not codes or codes[-1] not in (b"a", b"c", b"t"):
            codes.append(m.read()[0])
    except EOFError:
        pass
    return codes


def main():
    newsletter = normalized(os.path.join(ROOT, "SampleMail", "newsletter.eml"))

    # 1. Every message: the milter's result equals filter's, byte for byte.
    proc = start()
    files = messages()
    out = subprocess.run([sys.executable, os.path.join(HERE, "milter_client.py"), SOCK, BIN] + files,
                         capture_output=True, text=True)
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr
    case(f"milter output equals filter output ({len(files)} messages)", out.returncode == 0,
         "\n".join(l for l in out.stdout.splitlines() if l.startswith("FAIL"))[:2000] or last)

    # 2. SIGTERM in the middle of a message: that message is still answered; a connection
    #    that looked idle (Postfix sends MAIL and RCPT only at DATA) is still served; when
    #    the MTA has ended both, the daemon exits 0 and takes its socket away.
    fields, body = mc.split_message(newsletter)
    idle = mc.Milter(SOCK)
    idle.negotiate()
    m = mc.Milter(SOCK)
    m.negotiate()
    up_to_body(m, fields, body)
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    codes = verdict(m)
    m.send(mc.SMFIC_QUIT)
    time.sleep(1.5)
    try:
        up_to_body(idle, fields, body)
        late = verdict(idle)
        idle.send(mc.SMFIC_QUIT)
    except Exception as e:  # noqa: BLE001
        late = [repr(e)]
    status = proc.wait(timeout=20)
    case("SIGTERM: the message under way is finished (edits, then accept)",
         codes[-1:] == [b"a"] and b"b" in codes, f"replies {codes}")
    case("SIGTERM: a connection idle at the signal is still served", late[-1:] == [b"a"] and b"b" in late,
         f"replies {late}")
    case("SIGTERM: exit 0, socket removed", status == 0 and not os.path.exists(SOCK), f"status {status}")

    # 3. SIGHUP with a broken rules file: the old rules stay, the daemon keeps serving.
    rules = os.path.join(WORK, "rules")
    open(rules, "w").write("block host pixel.example\n")
    proc = start("--rules", rules)
    open(rules, "w").write("this is not a rule\n")
    proc.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    try:
        got = mc.through_milter(SOCK, newsletter, "reader@example.net")
        served = got != newsletter
    except Exception as e:  # noqa: BLE001
        served, got = False, repr(e)
    case("SIGHUP with broken rules: old rules kept, still serving",
         served and "rules not reloaded" in daemon_log(), daemon_log()[-500:])
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)

    # 4. A timeout: the message is accepted unmodified (a hang injected into the cleaner).
    env = dict(os.environ, TRACKLESS_TEST_FAULT="hang")
    proc = start("--timeout", "1", env=env)
    try:
        got = mc.through_milter(SOCK, newsletter, "reader@example.net")
        ok = got == newsletter
    except Exception as e:  # noqa: BLE001
        ok, got = False, repr(e)
    case("timeout: accepted unmodified", ok, str(got)[:200])
    proc.kill()
    proc.wait()

    # 5. --on-error tempfail: the same timeout answers 4xx, never 5xx.
    proc = start("--timeout", "1", "--on-error", "tempfail", env=env)
    fields, body = mc.split_message(newsletter)
    m = mc.Milter(SOCK)
    m.negotiate()
    up_to_body(m, fields, body)
    codes = verdict(m)
    case("timeout with --on-error tempfail: 4xx (tempfail)", codes == [b"t"], f"answered {codes!r}")
    proc.kill()
    proc.wait()

    # 6. Oversize: accepted unmodified.
    proc = start("--max-size", "2000")
    got = mc.through_milter(SOCK, newsletter, "reader@example.net")
    case("over --max-size: accepted unmodified", got == newsletter)

    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)

    # 7. Garbage on the socket: the connection is closed, the daemon keeps serving.
    proc = start()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(SOCK)
    s.sendall(struct.pack(">I", 0) + b"xxxx")
    s.settimeout(5)
    closed = s.recv(10) == b""
    s.close()
    got = mc.through_milter(SOCK, newsletter, "reader@example.net")
    case("protocol garbage: that connection closed, the next one served", closed and got != newsletter)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)

    # 8. Slow clients hold a connection each, never the daemon: five that send half a packet
    #    and stall, and one that sends 100 MB of body (over --max-size); meanwhile a normal
    #    message is served, and the daemon's memory stays bounded.
    proc = start("--max-size", str(8 << 20))
    stalled = []
    for _ in range(5):
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.connect(SOCK)
        c.sendall(struct.pack(">I", 13) + b"O\0\0")  # a negotiation cut short
        stalled.append(c)
    big = mc.Milter(SOCK)
    big.negotiate()
    big.step("mail", mc.SMFIC_MAIL, b"<bulk@sender.example>\0")
    big.step("header", mc.SMFIC_HEADER, b"Subject\0 big\0")
    big.step("eoh", mc.SMFIC_EOH)
    chunk = b"x" * 65535
    peak = 0
    for i in range(1600):  # 100 MB
        if big.step("body", mc.SMFIC_BODY, chunk) == b"a":
            break
        if i % 200 == 0:
            peak = max(peak, rss_kb(proc.pid))
    codes = verdict(big)
    peak = max(peak, rss_kb(proc.pid))
    got = mc.through_milter(SOCK, newsletter, "reader@example.net")
    case("100 MB body over --max-size: accepted unmodified, memory bounded",
         codes[-1:] == [b"a"] and peak < 96 * 1024, f"replies {codes}, peak RSS {peak} KB")
    case("stalled clients do not stop others being served", got != newsletter)
    for c in stalled:
        c.close()
    big.send(mc.SMFIC_QUIT)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=40)

    # 9. Bad arguments: one line, a configuration exit status.
    bad = subprocess.run([BIN, "milter", "--listen", "tcp:nowhere"], capture_output=True, text=True)
    case("bad --listen: exit 64 with one line", bad.returncode == 64 and "--listen" in bad.stderr, bad.stderr)

    failed = results.count(False)
    print(f"milter: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
