#!/usr/bin/env python3
"""Load on `trackless milter`: N newsletter-sized messages over C concurrent MTA sessions,
each session a new connection (as Postfix opens one per SMTP session), spoken by the
MTA-side client of Tests/milter/milter_client.py.

Reports messages per second, and the time the milter adds to each message: from the
first packet of the message (MAIL) to the verdict after the end of the body, p50 / p99 /
max, for the messages it changed and for those it left alone. With --kill-at K, the daemon
is killed with SIGKILL after K messages: the sessions under way must see the connection
close (the MTA then applies milter_default_action), and none may hang; a new daemon
then serves the rest.

With --lean, the sessions are C client processes that build every packet before the clock
starts and send each run of packets that needs no reply in one write (reading a reply
wherever the negotiated flags ask for one, as the MTA does): the client then costs a small
part of the two cores, and the figure is the daemon's, not Python's. The default client
also rebuilds each message, applies every edit and counts it, which costs about as much
CPU as the daemon.

Usage: Benchmarks/milter-load.py [--bin .build/release/trackless] [-n 10000] [-c 20] [--size BYTES] [--kill-at K] [--lean]
The daemon's resident memory and open descriptors are sampled early in the run and at its
end (a soak: -n 100000).
"""
import argparse
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "milter"))
import milter_client as mc  # noqa: E402


def newsletter(i, size):
    """A synthetic HTML newsletter of about `size` bytes: product rows with images from the
    sender's CDN, links carrying campaign and recipient parameters, an open pixel and a
    wrapped link per row block, as marketing mail has them."""
    rows = []
    n = 0
    while sum(len(r) for r in rows) < size - 1500:
        rows.append(
            f'<tr><td style="padding:12px"><a href="https://shop.example/p/{n}?utm_source=newsletter&utm_medium=email'
            f'&utm_campaign=spring&mc_cid=ab12&mc_eid=c1e0fdcf{i % 97:02d}"><img src="https://img.shop.example/p/{n}.jpg" '
            f'width="280" height="180" alt="Product {n}" style="display:block;border:0"></a></td>'
            f'<td style="font:15px/1.4 Georgia,serif;color:#333">Product {n}: a light shell for spring trails, '
            f'sealed seams, two pockets, packs into its own pocket. <a href="https://shopnews.us1.list-manage.com/track/click?'
            f'u=1f2e&id={n:04x}&e=c1e0fdcf06">Shop now</a></td></tr>\n')
        n += 1
    html = ("<!DOCTYPE html><html><head><style>.hero{width:600px}@media (max-width:480px){.hero{width:100%}}</style>"
            "</head><body><table class=\"hero\">" + "".join(rows) +
            f'</table><img src="https://shopnews.us1.list-manage.com/track/open.php?u=1f2e&id={i:06d}&e=c1e0fdcf06" '
            'width="1" height="1" alt=""></body></html>')
    head = (f"From: Shop <news@shop.example>\r\nTo: reader@example.net\r\nSubject: Spring edit {i}\r\n"
            f"Message-ID: <load-{i}@shop.example>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    return (head + html.replace("\n", "\r\n")).encode()


def messages(count, size=0):
    """Newsletter-sized messages (the samples, each made unique, or synthetic ones of `size`
    bytes), CRLF, as an MTA holds them."""
    if size:
        for i in range(count):
            yield newsletter(i, size)
        return
    samples = []
    for name in sorted(os.listdir(os.path.join(HERE, "..", "SampleMail"))):
        if name.endswith(".eml"):
            raw = open(os.path.join(HERE, "..", "SampleMail", name), "rb").read()
            raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            fields, body = mc.split_message(raw)
            samples.append((fields, body))
    for i in range(count):
        fields, body = samples[i % len(samples)]
        fields = [list(f) for f in fields] + [[b"X-Load-Seq", b" %d" % i]]
        yield mc.join_message(fields, body)


def start(binary, sock):
    if os.path.exists(sock):
        os.unlink(sock)
    log = open(os.path.join(os.path.dirname(sock), "daemon.log"), "ab")
    proc = subprocess.Popen([binary, "milter", "--listen", "unix:" + sock, "--max-connections", "64"], stderr=log)
    for _ in range(100):
        if os.path.exists(sock):
            return proc
        time.sleep(0.05)
    raise SystemExit("the daemon did not start")


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def lean_packets(raw, rcpt, steps):
    """The packets of one MTA session after negotiation, grouped into writes: each group
    ends with a packet whose reply the MTA waits for (per the negotiated flags)."""
    fields, body = mc.split_message(raw)
    groups, current = [], b""

    def add(name, code, data=b""):
        nonlocal current
        if name and steps & mc.SKIP.get(name, 0):
            return
        current += struct.pack(">I", len(data) + 1) + code + data
        if name and not steps & mc.NR.get(name, 0):
            groups.append(current)
            current = b""

    add(None, mc.SMFIC_MACRO, b"C" + b"j\0mx.test\0")
    add("connect", mc.SMFIC_CONNECT, b"client.test\0" + b"4" + struct.pack(">H", 4321) + b"192.0.2.1\0")
    add("helo", mc.SMFIC_HELO, b"client.test\0")
    add("mail", mc.SMFIC_MAIL, b"<news@sender.example>\0SIZE=%d\0" % len(raw))
    add("rcpt", mc.SMFIC_RCPT, b"<" + rcpt.encode() + b">\0")
    add("data", mc.SMFIC_DATA)
    add(None, mc.SMFIC_MACRO, b"E" + b"i\0" + b"4QXYZ1\0")
    for name, value in fields:
        add("header", mc.SMFIC_HEADER, name + b"\0" + value + b"\0")
    add("eoh", mc.SMFIC_EOH)
    for i in range(0, len(body), 65535):
        add("body", mc.SMFIC_BODY, body[i:i + 65535])
    current += struct.pack(">I", 1) + mc.SMFIC_BODYEOB
    groups.append(current)
    return groups


def lean_session(path, negotiation, groups):
    """One session: returns True when the daemon replaced the body."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(60)
    sock.connect(path)
    buffer = b""

    def read():
        nonlocal buffer
        while len(buffer) < 4 or len(buffer) < 4 + struct.unpack(">I", buffer[:4])[0]:
            chunk = sock.recv(262144)
            if not chunk:
                raise EOFError("the milter closed the connection")
            buffer += chunk
        n = struct.unpack(">I", buffer[:4])[0]
        code, buffer = buffer[4:5], buffer[4 + n:]
        return code

    sock.sendall(negotiation)
    assert read() == b"O"
    for group in groups[:-1]:
        sock.sendall(group)
        assert read() in (b"c", b"a")
    sock.sendall(groups[-1])
    replaced = False
    while True:
        code = read()
        if code == b"b":
            replaced = True
        elif code in (b"a", b"c"):
            break
        elif code not in (b"m", b"i", b"h", b"p"):
            raise AssertionError(f"end of body answered {code!r}")
    sock.sendall(struct.pack(">I", 1) + mc.SMFIC_QUIT)
    sock.close()
    return replaced


def lean_worker(path, count, size, offset, stride, pipe):
    """A client process: its messages' packets built first, then sent back to back."""
    probe = mc.Milter(path)
    _, steps = probe.negotiate()
    probe.sock.close()
    negotiation = struct.pack(">I", 13) + mc.SMFIC_OPTNEG + struct.pack(">III", 6, mc.OFFERED_ACTIONS, mc.OFFERED_STEPS)
    distinct = [lean_packets(newsletter(offset + k * stride, size), "reader@example.net", steps) for k in range(min(count, 25))]
    pipe.send("ready")
    pipe.recv()
    times, changed = [], 0
    cpu0 = time.process_time()
    for k in range(count):
        t0 = time.perf_counter()
        if lean_session(path, negotiation, distinct[k % len(distinct)]):
            changed += 1
        times.append(time.perf_counter() - t0)
    pipe.send((times, changed, time.process_time() - cpu0))


def run_lean(args):
    import multiprocessing as mp
    work = tempfile.mkdtemp(prefix="trackless-milter-lean-")
    sock = os.path.join(work, "milter.sock")
    proc = start(args.bin, sock)
    size = args.size or 100_000
    per = [args.n // args.c + (1 if k < args.n % args.c else 0) for k in range(args.c)]
    pipes, procs = [], []
    for k in range(args.c):
        a, b = mp.Pipe()
        p = mp.Process(target=lean_worker, args=(sock, per[k], size, k, args.c, b))
        p.start()
        pipes.append(a)
        procs.append(p)
    for a in pipes:
        assert a.recv() == "ready"
    cpu_before = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
    start_time = time.perf_counter()
    for a in pipes:
        a.send("go")
    # The daemon's memory and descriptors, sampled while the sessions run (a soak: -n 100000).
    from multiprocessing.connection import wait as wait_any
    samples, results, waiting = [], {}, set(pipes)

    def sample():
        try:
            rss = next(int(l.split()[1]) for l in open(f"/proc/{proc.pid}/status") if l.startswith("VmRSS:"))
            samples.append((time.perf_counter() - start_time, rss, len(os.listdir(f"/proc/{proc.pid}/fd"))))
        except (OSError, StopIteration):
            pass

    while waiting:
        for a in wait_any(list(waiting), timeout=0.5):
            results[a] = a.recv()
            waiting.discard(a)
        sample()
    results = [results[a] for a in pipes]
    elapsed = time.perf_counter() - start_time
    cpu_after = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
    for p in procs:
        p.join()
    tick = os.sysconf("SC_CLK_TCK")
    daemon_cpu = (int(cpu_after[11]) + int(cpu_after[12]) - int(cpu_before[11]) - int(cpu_before[12])) / tick
    times = [t for r in results for t in r[0]]
    changed = sum(r[1] for r in results)
    client_cpu = sum(r[2] for r in results)
    proc.send_signal(signal.SIGTERM)
    status = proc.wait(timeout=30)
    done = len(times)
    print(f"{done} messages of {size // 1000} KB in {elapsed:.2f} s over {args.c} sessions (lean client): {done / elapsed:.0f} messages/s")
    print(f"  time per session, MAIL to verdict: p50 {pct(times, 50) * 1000:.2f} ms  p99 {pct(times, 99) * 1000:.2f} ms  max {max(times) * 1000:.2f} ms; {changed} changed")
    print(f"  daemon CPU {daemon_cpu:.1f} s ({daemon_cpu / done * 1000:.2f} ms per message), client CPU {client_cpu:.1f} s"
          f" ({client_cpu / done * 1000:.2f} ms per message), of {elapsed * os.cpu_count():.1f} CPU seconds available")
    if len(samples) >= 2:
        # About message 1,000 (by time, the rate being steady), a tenth of the run, and the end.
        def at(fraction):
            return next((x for x in samples if x[0] >= elapsed * fraction), samples[-1])
        first, tenth, last = at(min(1.0, 1000 / args.n)), at(0.1), samples[-1]
        print(f"  daemon RSS {first[1] / 1024:.1f} MB near message 1,000 ({first[0]:.1f} s), {tenth[1] / 1024:.1f} MB at a"
              f" tenth of the run, {last[1] / 1024:.1f} MB at the end ({(last[1] - first[1]) * 100 / max(1, first[1]):+.1f}%"
              f" from message 1,000); open descriptors {first[2]} -> {last[2]}")
    print(f"  daemon exit status after SIGTERM: {status}")
    return 0 if status == 0 and changed == done else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("TRACKLESS_BIN", ".build/release/trackless"))
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("-c", type=int, default=20)
    ap.add_argument("--kill-at", type=int, default=0)
    ap.add_argument("--size", type=int, default=0, help="synthetic newsletters of this many bytes (default: the samples)")
    ap.add_argument("--lean", action="store_true", help="client processes with prebuilt packets (see above)")
    args = ap.parse_args()
    if args.lean:
        return run_lean(args)
    work = tempfile.mkdtemp(prefix="trackless-milter-load-")
    sock = os.path.join(work, "milter.sock")
    proc = start(args.bin, sock)
    # Messages are made as they are sent: a soak of 100,000 would not fit in memory.
    if args.size:
        make = lambda i: newsletter(i, args.size)  # noqa: E731
    else:
        pool = list(messages(min(args.n, 50)))
        make = lambda i: pool[i % len(pool)]  # noqa: E731
    total = args.n
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "killed": False, "proc": proc}
    changed, unchanged, dropped, errors = [], [], [], []

    samples = {}

    def sample(label):
        """The daemon's resident memory, open descriptors and CPU seconds now."""
        pid = state["proc"].pid
        try:
            rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS:"))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            samples[label] = (rss, fds, cpu)
        except (OSError, StopIteration):
            pass

    def worker():
        while True:
            with lock:
                if state["next"] >= total:
                    return
                i = state["next"]
                state["next"] += 1
                if state["done"] == min(1000, total // 10) and "early" not in samples:
                    sample("early")
                if args.kill_at and state["done"] >= args.kill_at and not state["killed"]:
                    state["killed"] = True
                    state["proc"].send_signal(signal.SIGKILL)
                    state["proc"].wait()
                    state["proc"] = start(args.bin, sock)
            raw = make(i)
            t0 = time.perf_counter()
            try:
                out = mc.through_milter(sock, raw, "reader@example.net")
            except (EOFError, ConnectionError, FileNotFoundError, socket.timeout, OSError) as e:
                # The MTA would apply milter_default_action (accept): the message passes as it is.
                with lock:
                    dropped.append(repr(e))
                continue
            except Exception as e:  # a protocol surprise is a failure of this benchmark
                with lock:
                    errors.append(repr(e))
                continue
            dt = time.perf_counter() - t0
            with lock:
                (changed if out != raw else unchanged).append(dt)
                state["done"] += 1

    start_time = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.c)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start_time
    sample("end")
    state["proc"].send_signal(signal.SIGTERM)
    status = state["proc"].wait(timeout=30)
    done = len(changed) + len(unchanged)
    print(f"{done} messages in {elapsed:.2f} s over {args.c} sessions: {done / elapsed:.0f} messages/s")
    for name, v in (("changed", changed), ("unchanged", unchanged)):
        if v:
            print(f"  {name:9} {len(v):6}  p50 {pct(v, 50) * 1000:6.2f} ms  p99 {pct(v, 99) * 1000:6.2f} ms  max {max(v) * 1000:7.2f} ms")
    if "early" in samples and "end" in samples and not args.kill_at:
        (r0, f0, _), (r1, f1, cpu) = samples["early"], samples["end"]
        print(f"  daemon CPU {cpu:.1f} s of {elapsed:.1f} s ({cpu / elapsed * 100:.0f}% of one core; the rest of the"
              f" time the daemon waited for the client): {done / max(cpu, 0.001):.0f} messages per CPU second")
        print(f"  daemon RSS {r0 / 1024:.1f} MB after {min(1000, total // 10)} messages, {r1 / 1024:.1f} MB at the end "
              f"({(r1 - r0) * 100 / max(1, r0):+.1f}%); open descriptors {f0} -> {f1}")
    if args.kill_at:
        print(f"  killed after {args.kill_at}: {len(dropped)} session(s) saw the connection close (default action), none hung")
    # The daemon's own time per message (end of body to verdict), from its log lines.
    import re
    own = sorted(int(m) for m in re.findall(rb", (\d+) ms\n", open(os.path.join(work, "daemon.log"), "rb").read()))
    if own:
        print(f"  the daemon's own time per message (its log): p50 {pct(own, 50)} ms  p99 {pct(own, 99)} ms  max {own[-1]} ms")
    print(f"  daemon exit status after SIGTERM: {status}")
    if errors:
        print(f"  {len(errors)} protocol error(s): {errors[:3]}")
        return 1
    if not args.kill_at and dropped:
        print(f"  {len(dropped)} dropped connection(s) without a kill: {dropped[:3]}")
        return 1
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
