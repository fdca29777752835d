#!/usr/bin/python3
"""Checks that the delivery recipes in docs/ are the configurations the delivery tests use.

A recipe in a Markdown file is a fenced code block preceded by a marker line
    <!-- e2e: conf/NAME -->
and must appear, line for line, in Tests/e2e/conf/NAME once its @PLACEHOLDERS@ take the
values of an ordinary installation (DOC_VALUES). Every file in conf/ must be shown at
least once. Usage: check-docs.py REPO
"""
import os
import re
import sys

DOC_VALUES = {
    "TRACKLESS": "/usr/local/bin/trackless",
    "TRACKLESS_WRAP": "/usr/local/bin/trackless-wrap",
    "SIEVE_DIR": "/etc/dovecot/sieve",
    "SIEVE_FILTER_DIR": "/usr/local/lib/dovecot/sieve-filter",
    "DOVECOT_LDA": "/usr/lib/dovecot/dovecot-lda",
    "SENDMAIL": "/usr/sbin/sendmail",
    "LMTP": "unix:private/dovecot-lmtp",
    "MILTER_SOCKET": "/run/trackless/milter.sock",
    "POSTFIX_DIR": "/etc/postfix",
    "FILTER_USER": "trackless",
    "ALICE": "alice@example.org",
    "EXIM_DIR": "/etc/exim4",
    "IMAP_SERVER": "imap.example.net",
    "IMAP_PORT": "993",
    "IMAP_TLS": "ssl",
    "GETMAIL_RETRIEVER": "SimpleIMAPSSLRetriever",
    "GETMAIL_TIMEOUT": "60",
    "REMOTE_USER": "alice",
    "REMOTE_PASSWORD": "app-password",
    "LOCAL_USER": "alice",
}
MARKER = re.compile(r"^<!-- e2e: (conf/[\w.-]+) -->\s*$")


def render(path):
    text = open(path, encoding="utf-8").read()
    for k, v in DOC_VALUES.items():
        text = text.replace(f"@{k}@", v)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise SystemExit(f"{path}: no documentation value for {sorted(set(left))}")
    return text.splitlines()


def contains(lines, block):
    n = len(block)
    return any(lines[i:i + n] == block for i in range(len(lines) - n + 1))


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    conf = os.path.join(repo, "Tests", "e2e", "conf")
    docs = os.path.join(repo, "docs")
    shown, problems, blocks = set(), [], 0
    for root, _, files in os.walk(docs):
        for fn in sorted(files):
            if not fn.endswith(".md"):
                continue
            path = os.path.join(root, fn)
            lines = open(path, encoding="utf-8").read().splitlines()
            for i, line in enumerate(lines):
                m = MARKER.match(line)
                if not m:
                    continue
                rel = os.path.relpath(path, repo)
                if i + 1 >= len(lines) or not lines[i + 1].startswith("```"):
                    problems.append(f"{rel}:{i + 1}: marker not followed by a code block")
                    continue
                end = next((j for j in range(i + 2, len(lines)) if lines[j].startswith("```")), None)
                if end is None:
                    problems.append(f"{rel}:{i + 2}: unterminated code block")
                    continue
                name = m.group(1)
                src = os.path.join(conf, name[len("conf/"):])
                if not os.path.exists(src):
                    problems.append(f"{rel}:{i + 1}: no such file Tests/e2e/{name}")
                    continue
                blocks += 1
                shown.add(os.path.basename(src))
                if not contains(render(src), lines[i + 2:end]):
                    problems.append(f"{rel}:{i + 3}: block differs from Tests/e2e/{name}")
    for fn in sorted(os.listdir(conf)):
        if fn not in shown:
            problems.append(f"Tests/e2e/conf/{fn} is not shown in docs/")
    for p in problems:
        print(f"    {p}")
    if not problems:
        print(f"    {blocks} recipe blocks match Tests/e2e/conf ({len(shown)} files)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
