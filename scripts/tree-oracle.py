#!/usr/bin/env python3
"""Compares the tree simulation with a conformant tree builder on random tag soup.

Each document is a random mix of start and end tags (some elements hidden with
`display:none`), text and 600x300 images, with or without a doctype. html5lib's tree
builder (the HTML standard's algorithm) says which images sit in a hidden element;
`trackless preview --json` says which it removes as hidden. A document where the two
disagree is printed; Chromium (`chromium --headless --dump-dom`) is the judge of a
disagreement worth a browser vector.

    apt-get install python3-html5lib   (or: pip install html5lib)
    scripts/tree-oracle.py BIN [COUNT] [SEED] [--max-differ N]

Known differences are listed in docs/rules.md. With --max-differ it exits 1 when more
than N documents differ: `make test` runs it so, at the count the known differences give,
so that a change that takes the simulation further from the tree builder fails.
"""
import json
import random
import subprocess
import sys

import html5lib

TAGS = ["span", "div", "p", "b", "i", "font", "a", "table", "tr", "td", "tbody", "h1", "h2", "ul", "li",
        "center", "em", "strong", "s", "u", "nobr", "section", "caption", "th", "dl", "dd", "dt"]


def soup(rng):
    parts, images = [], 0
    for _ in range(rng.randint(4, 14)):
        r = rng.random()
        tag = rng.choice(TAGS)
        if r < 0.45:
            hidden = ' style="display:none"' if rng.random() < 0.3 else ""
            href = ' href="https://x.example/"' if tag == "a" else ""
            parts.append(f"<{tag}{hidden}{href}>")
        elif r < 0.75:
            parts.append(f"</{tag}>")
        elif r < 0.9:
            parts.append(f'<img src="https://cdn.example/i{images}.jpg" width="600" height="300">')
            images += 1
        else:
            parts.append("x")
    parts.append(f'<img src="https://cdn.example/i{images}.jpg" width="600" height="300">')
    doctype = "<!DOCTYPE html>" if rng.random() < 0.5 else ""
    return doctype + "<html><body>" + "".join(parts) + "</body></html>"


def hidden_by_html5lib(doc):
    hidden = {}

    def walk(element, inside):
        inside = inside or "display:none" in (element.get("style") or "")
        if element.tag == "img":
            hidden[element.get("src")] = inside
        for child in element:
            walk(child, inside)

    walk(html5lib.parse(doc, namespaceHTMLElements=False), False)
    return hidden


def removed_by_trackless(binary, doc):
    message = ("From: a@b.example\nTo: r@example.org\nSubject: t\nMIME-Version: 1.0\n"
               "Content-Type: text/html; charset=utf-8\n\n" + doc + "\n").encode()
    report = json.loads(subprocess.run([binary, "preview", "--json", "-"], input=message,
                                       capture_output=True, check=True).stdout)
    removed = set()

    def find(node):
        if isinstance(node, dict):
            if node.get("kind") == "pixel" and node.get("action") == "removed":
                removed.add(node.get("url"))
            for value in node.values():
                find(value)
        elif isinstance(node, list):
            for value in node:
                find(value)

    find(report)
    return removed


def main():
    args = sys.argv[1:]
    limit = None
    if "--max-differ" in args:
        at = args.index("--max-differ")
        limit = int(args[at + 1])
        del args[at:at + 2]
    binary = args[0]
    count = int(args[1]) if len(args) > 1 else 600
    rng = random.Random(int(args[2]) if len(args) > 2 else 1)
    differ = 0
    for _ in range(count):
        doc = soup(rng)
        removed = removed_by_trackless(binary, doc)
        wrong = [(url, hidden) for url, hidden in hidden_by_html5lib(doc).items() if hidden != (url in removed)]
        if wrong:
            differ += 1
            print("DIFFER", ", ".join(f"{url} hidden={hidden}" for url, hidden in wrong), doc)
    print(f"{differ} of {count} documents differ")
    if limit is not None and differ > limit:
        print(f"tree-oracle: more than {limit} documents differ: the simulation moved away from the tree builder",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
