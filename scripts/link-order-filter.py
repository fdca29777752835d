#!/usr/bin/env python3
"""Drops from a link order (stdin) every function whose input section is too big to move.

Reads lld's link map (`-Map`) of the current build: under `.text`, each input section
(indented 9 spaces after the four columns) is followed by the symbols it defines (indented
17). A function in a section larger than LIMIT stays where the linker puts it by default;
the rest are written out in their order.
    link-order-filter.py MAP < order.txt > filtered.txt
"""
import re
import sys

LIMIT = 64 * 1024
ROW = re.compile(r"^\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+( +)(\S.*)$")


def oversized_symbols(map_path):
    oversized = set()
    in_text = False
    section_size = 0
    with open(map_path, errors="replace") as f:
        for line in f:
            m = ROW.match(line)
            if not m:
                continue
            indent = len(m.group(2))
            name = m.group(3)
            if indent == 1:
                # An output section: only .text is read.
                in_text = name == ".text"
                continue
            if not in_text:
                continue
            if indent == 9:
                section_size = int(m.group(1), 16)
            elif indent == 17 and section_size > LIMIT:
                oversized.add(name)
    return oversized


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    oversized = oversized_symbols(sys.argv[1])
    kept = dropped = 0
    for line in sys.stdin:
        name = line.rstrip("\n")
        if name in oversized:
            dropped += 1
            continue
        kept += 1
        sys.stdout.write(line)
    print(f"link order: {kept} functions kept, {dropped} in sections over {LIMIT // 1024} KB left out",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
