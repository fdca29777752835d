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

Usage: Benchmarks/milter-load.py [--bin .build/release/trackless] [-n 10000] [-c 20] [--kill-at K]
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "milter"))
import milter_client as mc  # noqa: E402


def messages(count):
    """Newsletter-sized messages (the samples, each made unique), CRLF, as an MTA holds them."""
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
    proc = subprocess.Popen([binary, "milter", "--listen", "unix:" + sock, "--max-connections", "64"],
                            stderr=subprocess.DEVNULL)
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("TRACKLESS_BIN", ".build/release/trackless"))
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("-c", type=int, default=20)
    ap.add_argument("--kill-at", type=int, default=0)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="trackless-milter-load-")
    sock = os.path.join(work, "milter.sock")
    proc = start(args.bin, sock)
    todo = list(messages(args.n))
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "killed": False, "proc": proc}
    changed, unchanged, dropped, errors = [], [], [], []

    def worker():
        while True:
            with lock:
                if state["next"] >= len(todo):
                    return
                i = state["next"]
                state["next"] += 1
                if args.kill_at and state["done"] >= args.kill_at and not state["killed"]:
                    state["killed"] = True
                    state["proc"].send_signal(signal.SIGKILL)
                    state["proc"].wait()
                    state["proc"] = start(args.bin, sock)
            raw = todo[i]
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
    state["proc"].send_signal(signal.SIGTERM)
    status = state["proc"].wait(timeout=30)
    done = len(changed) + len(unchanged)
    print(f"{done} messages in {elapsed:.2f} s over {args.c} sessions: {done / elapsed:.0f} messages/s")
    for name, v in (("changed", changed), ("unchanged", unchanged)):
        if v:
            print(f"  {name:9} {len(v):6}  p50 {pct(v, 50) * 1000:6.2f} ms  p99 {pct(v, 99) * 1000:6.2f} ms  max {max(v) * 1000:7.2f} ms")
    if args.kill_at:
        print(f"  killed after {args.kill_at}: {len(dropped)} session(s) saw the connection close (default action), none hung")
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
