#!/usr/bin/env python3
"""Runs two trackless binaries over the project's own messages and HTML inputs and
reports any difference in what they write: a check that a change meant to be invisible
(a speed-up, a refactoring) is.

  scripts/compare-builds.py OLD_BINARY NEW_BINARY

Inputs: every .eml file in the repository, and every HTML fixture input and browser
vector wrapped in a text/html message. Modes: `filter`, `filter --strict` and
`preview --json -`. Exit status 0 when every output (and exit code) is identical.
"""
import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODES = [["filter"], ["filter", "--strict"], ["preview", "--json", "-"]]


def inputs():
    for path in sorted(glob.glob(os.path.join(ROOT, "**", "*.eml"), recursive=True)):
        if "/.build" not in path:
            with open(path, "rb") as f:
                yield path, f.read()
    pages = glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "html", "*.src.html"))
    pages += glob.glob(os.path.join(ROOT, "Tests", "browser", "vectors", "*.html"))
    for path in sorted(pages):
        with open(path, "rb") as f:
            body = f.read()
        yield path, (b"From: Shop <news@shop.example>\nTo: reader@example.org\nSubject: t\nMIME-Version: 1.0\n"
                     b"Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    old, new = sys.argv[1], sys.argv[2]
    count = same = 0
    for path, data in inputs():
        count += 1
        for mode in MODES:
            results = [subprocess.run([binary] + mode, input=data, capture_output=True) for binary in (old, new)]
            if [(r.returncode, r.stdout) for r in results] == [(r.returncode, r.stdout) for r in results[:1]] * 2:
                same += 1
            else:
                print(f"DIFFER {os.path.relpath(path, ROOT)}: {' '.join(mode)}")
    total = count * len(MODES)
    print(f"{count} inputs x {len(MODES)} modes: {same} of {total} outputs identical")
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
