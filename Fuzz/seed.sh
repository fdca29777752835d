#!/bin/sh
# Builds the seed corpora Fuzz/corpus/<target>/ from the project's own fixtures:
# Tests/Fixtures/{mime,passthrough,html}, SampleMail/*.eml, the URL tables of the unit
# tests and the Maildir names they use; milter conversations by Fuzz/seed_milter.py. Deterministic; file names are the SHA-1 of the
# content (as libFuzzer names its inputs), so re-running adds nothing twice.
#   Fuzz/seed.sh              rebuild every corpus (replaces Fuzz/corpus/)
#   Fuzz/seed.sh --merge DIR  the same, then keep only the inputs that add coverage,
#                             using the fuzz binaries in DIR (libFuzzer -merge=1); this
#                             is how the committed corpus was made
# Inputs over 64 KiB are left out so that the committed corpus stays small.
set -eu
cd "$(dirname "$0")/.."
bindir=""
if [ "${1:-}" = "--merge" ]; then
    bindir=${2:?usage: Fuzz/seed.sh [--merge BINDIR]}
fi
python3 - <<'PY'
import email, email.policy, glob, hashlib, os, re, shutil, sys

ROOT = os.getcwd()
OUT = os.path.join(ROOT, "Fuzz", "corpus")
MAX = 64 * 1024
TARGETS = ["clean-default", "clean-strict", "html", "css", "links", "mime-splice", "maildir-names"]

corpora = {t: {} for t in TARGETS}

def add(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if not data or len(data) > MAX:
        return
    corpora[target][hashlib.sha1(data).hexdigest()] = data

def read(path):
    with open(path, "rb") as f:
        return f.read()

messages = sorted(glob.glob("Tests/Fixtures/mime/*.eml") + glob.glob("Tests/Fixtures/passthrough/*.eml")
                  + glob.glob("SampleMail/*.eml"))
html_docs = sorted(glob.glob("Tests/Fixtures/html/*.src.html"))

# Whole messages: the fixtures as they are, and each HTML fixture as a text/html message
# (quoted-printable, and 8bit) so that the message targets reach the HTML stage at once.
for path in messages:
    data = read(path)
    for t in ("clean-default", "clean-strict", "mime-splice"):
        add(t, data)

def wrap(html, cte):
    head = (b"From: News <news@sender.example>\nTo: reader@example.com\nSubject: fixture\n"
            b"MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\n"
            b"Content-Type: text/plain; charset=utf-8\n\nSee https://example.com/?utm_source=x\n--b1\n"
            b"Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: " + cte.encode() + b"\n\n")
    if cte == "quoted-printable":
        import quopri
        html = quopri.encodestring(html)
    return head + html + b"\n--b1--\n"

for i, path in enumerate(html_docs):
    html = read(path)
    for t in ("clean-default", "clean-strict"):
        add(t, wrap(html, "quoted-printable" if i % 2 else "8bit"))

# HTML documents: the HTML fixtures and every text/html part of the messages.
htmls = [read(p) for p in html_docs]
for path in messages:
    try:
        msg = email.message_from_bytes(read(path), policy=email.policy.compat32)
        for part in msg.walk():
            if part.get_content_type() == "text/html":
                body = part.get_payload(decode=True)
                if body:
                    htmls.append(body)
    except Exception:
        pass
for h in htmls:
    add("html", h)

# CSS: <style> contents (style sheets) and style attribute values (declaration lists).
style_el = re.compile(rb"<style[^>]*>(.*?)</style", re.S | re.I)
style_attr = re.compile(rb"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.S | re.I)
for h in htmls:
    for m in style_el.finditer(h):
        add("css", m.group(1))
    for m in style_attr.finditer(h):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        if b"(" in value or b"@" in value:
            add("css", value)

# Links: href/src values of the HTML, URLs of the link-cleaning unit tests, and a few with
# visible text (the input is "URL\nlink text").
links = []
attr_url = re.compile(rb"""\s(?:href|src)\s*=\s*"(https?:[^"]*|mailto:[^"]*)\"""", re.I)
for h in htmls:
    for m in attr_url.finditer(h):
        links.append(m.group(1).replace(b"&amp;", b"&").decode("utf-8", "surrogateescape"))
literal = re.compile(r'"((?:https?|mailto):[^"\\]*)"')
for path in sorted(glob.glob("Tests/TrackerRulesTests/*.swift") + glob.glob("Tests/TracklessTests/*.swift")):
    with open(path, encoding="utf-8") as f:
        for m in literal.finditer(f.read()):
            links.append(m.group(1))
# At most three URLs per host: the unit tests hold hundreds, mostly alike.
per_host = {}
for url in sorted(set(links)):
    host = re.sub(r"^[a-z]+:(//)?", "", url, flags=re.I).split("/")[0].split("?")[0].lower()
    if per_host.get(host, 0) < 3:
        per_host[host] = per_host.get(host, 0) + 1
        add("links", url)
add("links", "https://example.com/unsubscribe?id=123&utm_source=news\nUnsubscribe")
add("links", "https://www.google.com/url?q=https://example.com/?utm_medium=email&sa=D\nRead more")

# Maildir names: the forms Dovecot, other MDAs and Trackless write, from the unit tests.
names_re = re.compile(r'"(\d{6,}\.[^"\\]*)"')
for path in sorted(glob.glob("Tests/MaildirTests/*.swift")):
    with open(path, encoding="utf-8") as f:
        for m in names_re.finditer(f.read()):
            add("maildir-names", m.group(1))
for n in ["1700000000.M123P45Q6.mail.example,S=593,W=611:2,FS",
          "1700000000.M20P3V000000000000FD01I0000000000000002_0.host,S=42:2,abRS",
          "1700000000.P123.host:2,", "1700000000.12345_1.host:2,ST,extra", "1700000000.M1P2Q3.host",
          "1700000000.M1P2Q3.host.trackless-new", "1700000000.M1P2Q3.host.trackless-intent",
          "msg.1234:2,DFPRST", "1700000000.M1P2Q3.h\\057st\\072x,S=0"]:
    add("maildir-names", n)

if os.path.isdir(OUT):
    shutil.rmtree(OUT)
for t in TARGETS:
    d = os.path.join(OUT, t)
    os.makedirs(d)
    for name, data in sorted(corpora[t].items()):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
total = sum(len(v) for c in corpora.values() for v in c.values())
for t in TARGETS:
    print(f"{t:15} {len(corpora[t]):4} inputs {sum(map(len, corpora[t].values())):8} bytes")
print(f"{'total':15} {sum(len(c) for c in corpora.values()):4} inputs {total:8} bytes")
PY
# The milter target's seeds are MTA-side conversations made from the same messages.
python3 Fuzz/seed_milter.py Fuzz/corpus/milter SampleMail/*.eml Tests/Fixtures/mime/*.eml Tests/Fixtures/fuzz/clean-default/*.eml
[ -n "$bindir" ] || exit 0
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
for dir in Fuzz/corpus/*/; do
    target=$(basename "$dir")
    mv "$dir" "$raw/$target"
    mkdir "$dir"
    "$bindir/fuzz-$target" -merge=1 -rss_limit_mb=2048 -timeout=10 "$dir" "$raw/$target" >"$raw/$target.log" 2>&1 ||
        { tail -n 20 "$raw/$target.log"; exit 1; }
    echo "$target: kept $(ls "$dir" | wc -l) of $(ls "$raw/$target" | wc -l) inputs ($(cat "$dir"/* | wc -c) bytes)"
done
