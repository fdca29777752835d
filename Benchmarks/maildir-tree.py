#!/usr/bin/env python3
"""Writes the Maildir++ tree the maildir benchmark cleans: COUNT newsletter-sized messages
(about 60% with a tracking pixel and tracking parameters in every link) in three folders,
from a fixed seed, so every run and every machine gets the same bytes.

Usage: Benchmarks/maildir-tree.py ROOT COUNT
"""
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240601)
folders = ["", ".Newsletters", ".Archive.2024"]
for f in folders:
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, f, sub), exist_ok=True)
    if f:
        open(os.path.join(root, f, "maildirfolder"), "w").close()
open(os.path.join(root, "dovecot-uidlist"), "w").write("3 V1700000000 N1\n")
words = ("offer season garden kitchen travel weekly update members exclusive guide story new "
         "collection spring autumn deals picks reading events community notes").split()

def paragraph():
    return " ".join(rng.choice(words) for _ in range(rng.randint(30, 80))).capitalize() + "."

tracked_total = size_total = 0
for i in range(count):
    tracked = rng.random() < 0.6
    uid = f"{rng.getrandbits(64):016x}"
    target = rng.randint(20_000, 80_000)
    rows = []
    n = 0
    while sum(len(r) for r in rows) < target:
        n += 1
        href = f"https://shop.example/p/{n}" + (f"?utm_source=newsletter&utm_campaign=c{i}&mc_eid={uid}" if tracked else "")
        rows.append(f'<tr><td style="padding:12px;font-family:Arial"><h2>Item {n}</h2><p>{paragraph()}</p>'
                    f'<img src="cid:img{n}@shop.example" width="560" alt=""><br>'
                    f'<a href="{href}" style="color:#0645ad">Read more</a></td></tr>\n')
    pixel = (f'<img src="https://open.tracker.example/o.gif?u={uid}&m={i}" width="1" height="1" alt="" '
             f'style="display:block;border:0">\n') if tracked else ""
    html = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Weekly</title></head><body>\n"
            "<table width=\"600\" align=\"center\">\n" + "".join(rows) + "</table>\n" + pixel + "</body></html>\n")
    text = "Weekly picks\n\n" + "\n\n".join(paragraph() for _ in range(5)) + "\n"
    headers = (f"Return-Path: <news@shop.example>\nDelivered-To: reader@example.net\n"
               f"From: Shop <news@shop.example>\nTo: reader@example.net\nSubject: Weekly picks {i}\n"
               f"Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <bench-{i}-{uid}@shop.example>\n"
               + ("X-Tracker: yes\n" if tracked else "") +
               "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n")
    body = (f"--b1\nContent-Type: text/plain; charset=utf-8\n\n{text}\n--b1\n"
            f"Content-Type: text/html; charset=utf-8\n\n{html}\n--b1--\n")
    data = (headers + body).encode()
    folder = folders[i % 3]
    in_cur = rng.random() < 0.7
    vsize = len(data) + data.count(b"\n") - data.count(b"\r\n")
    name = f"{1700000000 + i}.M{rng.randint(0, 999999)}P{1000 + i}Q1.mx.example,S={len(data)},W={vsize}"
    if in_cur:
        name += ":2," + rng.choice(["S", "FS", "RS", "", "S"])
    path = os.path.join(root, folder, "cur" if in_cur else "new", name)
    with open(path, "wb") as fh:
        fh.write(data)
    os.utime(path, (1700000000 + i, 1700000000 + i))
    tracked_total += tracked
    size_total += len(data)
print(f"== generated {count} messages, {tracked_total} with trackers, {size_total / 1e6:.1f} MB in {len(folders)} folders")
open(os.path.join(os.path.dirname(root), "bytes"), "w").write(str(size_total))
