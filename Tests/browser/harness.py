#!/usr/bin/env python3
"""Real-browser test: headless Chromium judges what a cleaned message still loads.

For every vector in vectors/vectors.tsv the harness builds a newsletter-shaped message
(multipart/alternative, quoted-printable HTML), runs `trackless filter` and
`trackless filter --strict` on it, takes the text/html part out of each result with
Python's `email` package, and renders three pages in Chromium: the unfiltered HTML, the
default-mode HTML and the strict-mode HTML, each at two viewport widths, a phone's
(375 px) and a desktop's (900 px). Every host name resolves to a local logging server
that speaks HTTP and HTTPS on one port, so every request the page makes is seen, and a
probe (visible.js) asks Chromium which images the reader sees on each page.

Assertions, at each width:
  (a) unfiltered: every vector marked `load` requests each of its expected URLs, and
      every vector marked `no-load` requests nothing (the corpus is honest);
  (b) default: no request matches a tracker (a tracker vector's expected URL, or the
      judge's own list in trackers.txt); every content vector still loads; and every
      image the reader sees on the unfiltered page, tracker URLs aside, is still
      requested (by host and path: the filter may strip a query);
  (c) strict: no request at all.
The same runs over the sample messages of SampleMail/ (SAMPLES below).

Standard library only. Exit status: 0 all passed, 1 a check failed, 2 could not run.
"""

import argparse
import concurrent.futures
import email
import email.policy
import json
import os
import quopri
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)

import cdp  # noqa: E402
import logserver  # noqa: E402

MODES = ("unfiltered", "default", "strict")

# How a page is shown: scripts off as in a mail client, plus what some readers have.
RENDERINGS = {
    "mail": {"scripts": False},
    "scripts": {"scripts": True},
    "retina": {"scripts": False, "scale": 2},
    "dark": {"scripts": False, "color_scheme": "dark"},
    "print": {"scripts": False, "media": "print"},
}

# The viewport widths every page is rendered at, in CSS pixels: a phone (device scale 2
# and a coarse pointer, as most phones) and a desktop window. The phone is laid out at
# its own width, as a mail app shows a message (Chromium's mobile emulation would lay
# out a page without a viewport meta tag 980 pixels wide, where no max-width:640px
# query matches). A `retina` page has device scale 2 at both widths.
PHONE, DESKTOP = 375, 900
WIDTHS = {
    PHONE: {"width": 375, "height": 812, "scale": 2, "touch": True, "screen": (375, 812)},
    DESKTOP: {"width": 900, "height": 2000, "scale": 1},
}
# Printing has no phone: a print page is rendered at the desktop width only.
RENDERING_WIDTHS = {"print": (DESKTOP,)}


def widths_of(rendering):
    return RENDERING_WIDTHS.get(rendering, (PHONE, DESKTOP))


# The visibility probe (visible.js): which images the reader sees on a rendered page.
with open(os.path.join(HERE, "visible.js"), encoding="utf-8") as _f:
    VISIBLE_PROBE = _f.read()

# Whole sample messages rendered like the vectors. SampleMail/signed.eml is left out on
# purpose: a signed part is never changed, so its pixel still loads (docs/browser-test.md).
SAMPLES = ("newsletter.eml", "transactional.eml", "latin1.eml", "japanese.eml", "responsive.eml")


def is_page_host(host):
    """Pages are served from `view-<vector>-<mode>.test`: each page is its own site, so
    the browser shares no sockets, hints or learned preconnections between pages."""
    return host.startswith("view-") and host.endswith(".test")

# Chromium's own traffic (component updates, time queries, account checks), by exact
# host. A request to one of these hosts that no page asked for (no page in the Referer)
# is counted and reported, never judged; the vectors use none of these hosts. Any other
# host is judged, so an unknown background request fails the run rather than hiding.
BROWSER_HOSTS = frozenset((
    "accounts.google.com", "clients1.google.com", "clients2.google.com",
    "update.googleapis.com", "clientservices.googleapis.com",
    "optimizationguide-pa.googleapis.com", "content-autofill.googleapis.com",
    "safebrowsing.googleapis.com", "redirector.gvt1.com", "edgedl.me.gvt1.com",
))

# After a page closes, its port must stay quiet this long before the next page starts;
# a page that keeps the port busy longer than the limit is judged with what came so far.
QUIET_AFTER_PAGE = 0.5
QUIET_LIMIT = 3.0

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--ignore-certificate-errors",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--no-default-browser-check", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--disable-domain-reliability",
    "--disable-client-side-phishing-detection", "--metrics-recording-only", "--mute-audio",
    "--disable-features=HttpsUpgrades,MediaRouter,OptimizationHints,Translate,"
    "AutofillServerCommunication,CertificateTransparencyComponentUpdater",
    "--window-size=1024,2000",
]


class Vector:
    def __init__(self, vid, category, browser, render, expect, note):
        self.id = vid
        self.category = category
        self.browser = browser
        self.render = render
        # An expected prefix may end with @WIDTH (@375, @900): Chromium requests it at
        # that width only (a 2x srcset candidate on the phone, say).
        self.expect = []
        self.expect_width = {}
        for item in expect:
            prefix, at, width = item.rpartition("@")
            if at and width.isdigit():
                self.expect.append(prefix)
                self.expect_width[prefix] = int(width)
            else:
                self.expect.append(item)
        self.note = note


def load_manifest(path):
    vectors = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "id":
                continue
            if len(cols) != 6:
                raise SystemExit(f"{path}:{number}: expected 6 tab-separated columns, got {len(cols)}")
            vid, category, browser, render, expect, note = cols
            if category not in ("tracker", "content"):
                raise SystemExit(f"{path}:{number}: category must be tracker or content")
            if browser not in ("load", "no-load"):
                raise SystemExit(f"{path}:{number}: browser must be load or no-load")
            if render not in RENDERINGS:
                raise SystemExit(f"{path}:{number}: render must be one of {', '.join(RENDERINGS)}")
            if browser == "no-load" and not note:
                raise SystemExit(f"{path}:{number}: a no-load vector needs its reason")
            vector = Vector(vid, category, browser, render, expect.split(), note)
            for prefix, width in vector.expect_width.items():
                if width not in widths_of(render):
                    raise SystemExit(f"{path}:{number}: {prefix}@{width}: a {render} page is rendered at "
                                     + " and ".join(f"{w}" for w in widths_of(render)) + " px only")
            vectors.append(vector)
    ids = [v.id for v in vectors]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"{path}: duplicate vector ids")
    return vectors


def load_judge(path):
    """The judge's own tracker list: host suffixes, and path fragments starting with '/'."""
    hosts, paths = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            (paths if entry.startswith("/") else hosts).append(entry.lower())
    return hosts, paths


def load_known_leaks(path):
    """Vectors the filter is known to let through: {id: reason}. Listed, never silent."""
    known = {}
    if not os.path.exists(path):
        return known
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            vid, _, reason = line.partition("\t")
            known[vid] = reason
    return known


def host_matches(host, suffix):
    return host == suffix or host.endswith("." + suffix)


def build_message(vid, html):
    """A newsletter-shaped message around one HTML part."""
    text = (f"Shop News, vector {vid}.\nView this message in a browser: "
            "https://shop.example/news/2024-05\n").encode()
    qp_html = quopri.encodestring(html)
    qp_text = quopri.encodestring(text)
    boundary = "=_trackless_browser_test_boundary"
    head = (
        "Return-Path: <bounce@shop.example>\n"
        "From: Shop News <news@shop.example>\n"
        "To: reader@example.org\n"
        f"Subject: Spring news ({vid})\n"
        "Date: Tue, 14 May 2024 09:30:00 +0000\n"
        f"Message-ID: <{vid}.browser-test@shop.example>\n"
        "List-Unsubscribe: <https://shop.example/unsubscribe?u=5c2d1f>\n"
        "MIME-Version: 1.0\n"
        f"Content-Type: multipart/alternative; boundary=\"{boundary}\"\n"
        "\n"
        "This is a multi-part message in MIME format.\n"
        f"--{boundary}\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n").encode()
    mid = (f"\n--{boundary}\n"
           "Content-Type: text/html; charset=utf-8\n"
           "Content-Transfer-Encoding: quoted-printable\n"
           "\n").encode()
    tail = f"\n--{boundary}--\n".encode()
    return head + qp_text + mid + qp_html + tail


def html_part(message):
    """The first text/html part of `message`, decoded, as UTF-8 bytes; None if none."""
    msg = email.message_from_bytes(message, policy=email.policy.default)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            content = part.get_content()
            return content.encode("utf-8") if isinstance(content, str) else content
    return None


def run_filter(binary, message, strict):
    # tempfail: an internal failure shows as a failed filter run, not as a message passed
    # through untouched whose every load then looks like a leak.
    args = [binary, "filter", "--on-error", "tempfail"] + (["--strict"] if strict else [])
    result = subprocess.run(args, input=message, capture_output=True, timeout=60)
    if result.returncode != 0 or not result.stdout:
        raise RuntimeError(f"{' '.join(args[1:])} exited {result.returncode} with "
                           f"{len(result.stdout)} bytes: {result.stderr[:300]!r}")
    return result.stdout


def find_chromium():
    for candidate in (os.environ.get("CHROMIUM_BIN"), "/usr/lib/chromium/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Page:
    def __init__(self, subject, mode, html, rendering="mail", width=DESKTOP):
        self.subject = subject
        self.mode = mode
        self.html = html
        self.rendering_name = rendering
        self.width = width
        self.rendering = dict(WIDTHS[width])
        self.rendering.update(RENDERINGS[rendering])
        self.rendering["probe"] = VISIBLE_PROBE
        label = f"{subject}-{mode}-{width}".lower().replace("_", "-")
        self.host = f"view-{label}.test"
        self.events = []
        self.browser_seen = []
        self.visible = None  # the probe's answer: [{url, kind, w, h}], or {"error": ...}
        self.error = None


def render_pages(pages, chromium, jobs, workdir, log_prefix, settle=0.25):
    """Renders `pages` with `jobs` browsers in parallel, one logging server each, and
    fills in each page's events. Returns the ignored browser-internal events."""
    by_host = {(p.host, "/message.html"): p.html for p in pages}
    servers = logserver.Servers(jobs, workdir, by_host)
    ignored = []
    ignored_lock = threading.Lock()
    page_of_host = {p.host: p for p in pages}
    queue_lock = threading.Lock()
    todo = list(pages)

    def worker(index, port):
        flags = CHROMIUM_FLAGS + [f"--host-resolver-rules=MAP * 127.0.0.1:{port}"]
        profile = tempfile.mkdtemp(prefix=f"profile-{index}-", dir=workdir)
        browser = cdp.Browser(chromium, flags, profile, os.path.join(workdir, f"{log_prefix}-chromium-{index}.log"))
        try:
            # Startup traffic belongs to no page.
            time.sleep(0.3)
            startup = servers.log.take(port)
            while True:
                with queue_lock:
                    if not todo:
                        break
                    page = todo.pop(0)
                url = f"http://{page.host}/message.html"
                try:
                    page.browser_seen, page.visible = browser.render(url, settle=settle, **page.rendering)
                except (cdp.CDPError, OSError) as e:
                    page.error = str(e) or type(e).__name__
                rendered_at = time.monotonic()
                servers.log.wait_quiet(port, quiet=QUIET_AFTER_PAGE, limit=QUIET_LIMIT)
                for ev in servers.log.take(port):
                    ev.late = ev.at > rendered_at
                    owner = page
                    ref_host = referer_host(ev.referer)
                    if ref_host in page_of_host:
                        owner = page_of_host[ref_host]
                    if is_page_host(ev.host):
                        continue  # the page itself, its favicon
                    if not is_page_host(ref_host) and ev.host in BROWSER_HOSTS:
                        with ignored_lock:
                            ignored.append(ev)
                        continue
                    owner.events.append(ev)
            with ignored_lock:
                ignored.extend(e for e in startup if not is_page_host(e.host))
        finally:
            browser.close()

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(worker, i, port) for i, port in enumerate(servers.ports())]
        for f in futures:
            f.result()
    servers.close()
    return ignored


def split_url(url):
    """(host, path with query) of an absolute URL, as the server records a request."""
    parts = urllib.parse.urlsplit(url)
    return (parts.hostname or "").lower(), (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def url_key(host, path):
    """host/path without the query: how the visibility assertion names an image, since
    the filter may strip tracking parameters from a URL it keeps."""
    return host.lower() + path.split("?", 1)[0].split("#", 1)[0]


def seen_images(page):
    """{url_key: probe item} of the images the reader sees on `page` (visible.js)."""
    seen = {}
    if isinstance(page.visible, list):
        for item in page.visible:
            seen.setdefault(url_key(*split_url(item["url"])), item)
    return seen


def expected_at(vector, width):
    """The expected prefixes a `load` vector must request unfiltered at `width`: all of
    them but those marked with another width."""
    return [p for p in vector.expect if vector.expect_width.get(p, width) == width]


def bare_handshakes(events):
    """Hosts with a TLS handshake but no request in `events`."""
    requested = {e.host for e in events if e.kind == "http"}
    return {e.host for e in events if e.kind == "tls" and e.host not in requested}


def referer_host(referer):
    if "://" not in referer:
        return ""
    rest = referer.split("://", 1)[1]
    return rest.split("/", 1)[0].split(":", 1)[0].lower()


def short(ev, width=110):
    text = ev.target() if ev.kind == "http" else f"{ev.host} (TLS handshake)"
    if ev.late:
        text += " [after the page closed]"
    return text if len(text) <= width else text[: width - 3] + "..."


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--bin", default=os.environ.get("TRACKLESS_BIN"), help="trackless binary (default $TRACKLESS_BIN)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma list of unfiltered,default,strict")
    parser.add_argument("--only", default="", help="comma list of vector ids (prefix match)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("BROWSER_TEST_JOBS", "2")))
    parser.add_argument("--settle", type=float, default=0.25,
                        help="seconds of network quiet after the load event that end a page")
    parser.add_argument("--samples", default=",".join(SAMPLES),
                        help="comma list of SampleMail files to render whole (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (messages, pages, logs)")
    parser.add_argument("--report", help="write the full results as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every request per page")
    args = parser.parse_args()
    started = time.monotonic()

    modes = [m for m in args.modes.split(",") if m]
    if any(m not in MODES for m in modes):
        print(f"unknown mode in {args.modes}", file=sys.stderr)
        return 2
    filtering = any(m != "unfiltered" for m in modes)
    if filtering and (not args.bin or not os.access(args.bin, os.X_OK)):
        print("FAIL setup: TRACKLESS_BIN is not set to an executable trackless binary", file=sys.stderr)
        return 2
    chromium = find_chromium()
    if not chromium:
        print("FAIL setup: no Chromium found (Tests/browser/install-deps.sh installs it)", file=sys.stderr)
        return 2
    if not shutil.which("openssl"):
        print("FAIL setup: no openssl (Tests/browser/install-deps.sh installs it)", file=sys.stderr)
        return 2

    all_vectors = load_manifest(os.path.join(HERE, "vectors", "vectors.tsv"))
    vectors = all_vectors
    only = [o for o in args.only.split(",") if o]

    def wanted(name):
        return not only or any(name.startswith(o) for o in only)

    vectors = [v for v in vectors if wanted(v.id)]
    judge_hosts, judge_paths = load_judge(os.path.join(HERE, "trackers.txt"))
    known_leaks = load_known_leaks(os.path.join(HERE, "known-leaks.tsv"))
    unknown = sorted(set(known_leaks) - {v.id for v in all_vectors})
    if unknown:
        print(f"FAIL setup: known-leaks.tsv names no vector: {', '.join(unknown)}", file=sys.stderr)
        return 2
    # Every tracker vector's expected URLs, not only the selected vectors': a tracker is a
    # tracker whichever vectors run.
    tracker_prefixes = [p for v in all_vectors if v.category == "tracker" for p in v.expect]

    def is_tracker_url(host, path):
        """`path` with its query: a path fragment of trackers.txt may sit in either."""
        if any((host + path).startswith(p) for p in tracker_prefixes):
            return True
        if any(host_matches(host, h) for h in judge_hosts):
            return True
        return any(frag in path.lower() for frag in judge_paths)

    def is_tracker(ev):
        if ev.kind == "http":
            return is_tracker_url(ev.host, ev.path)
        return (any(ev.host.startswith(p) for p in tracker_prefixes)
                or any(host_matches(ev.host, h) for h in judge_hosts))

    workdir = tempfile.mkdtemp(prefix="trackless-browser-")
    try:
        # Messages, filtering and pages.
        subjects = []  # (name, Vector or None, {mode: html or error})
        failures_setup = {}
        sources = [(v.id, v, open(os.path.join(HERE, "vectors", v.id + ".html"), "rb").read()) for v in vectors]
        samples = []
        missing_samples = []
        for file in (f for f in args.samples.split(",") if f):
            name = os.path.splitext(file)[0]
            if not wanted(name):
                continue
            path = os.path.join(ROOT, "SampleMail", file)
            if os.path.exists(path):
                samples.append((name, open(path, "rb").read()))
            else:
                missing_samples.append(file)

        def prepare(name, message):
            out = {}
            for mode in modes:
                try:
                    if mode == "unfiltered":
                        cleaned = message
                    else:
                        cleaned = run_filter(args.bin, message, strict=(mode == "strict"))
                    with open(os.path.join(workdir, f"{name}.{mode}.eml"), "wb") as f:
                        f.write(cleaned)
                    html = html_part(cleaned)
                    out[mode] = html if html is not None else b""
                except (RuntimeError, subprocess.TimeoutExpired) as e:
                    out[mode] = e
            return out

        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            prepared = list(pool.map(lambda s: prepare(s[0], build_message(s[0], s[2])), sources))
            prepared_samples = list(pool.map(lambda s: prepare(s[0], s[1]), samples))
        for (name, vector, _), out in zip(sources, prepared):
            subjects.append((name, vector, out))
        for (name, _), out in zip(samples, prepared_samples):
            subjects.append((name, None, out))

        pages = []
        page_index = {}  # (subject, mode, width) -> Page
        for name, vector, out in subjects:
            rendering = vector.render if vector is not None else "mail"
            for mode in modes:
                html = out[mode]
                if isinstance(html, Exception):
                    failures_setup[(name, mode)] = str(html)
                    continue
                with open(os.path.join(workdir, f"{name}.{mode}.html"), "wb") as f:
                    f.write(html)
                for width in widths_of(rendering):
                    page = Page(name, mode, html, rendering, width)
                    pages.append(page)
                    page_index[(name, mode, width)] = page

        # A page whose HTML, rendering and width equal another page's of the same subject
        # (strict and default often remove the same things) is rendered once: each page
        # is a fresh site, so the same bytes make the same requests.
        distinct = {}
        for page in pages:
            distinct.setdefault((page.subject, page.html, page.rendering_name, page.width), []).append(page)
        to_render = [group[0] for group in distinct.values()]
        render_started = time.monotonic()
        ignored = render_pages(to_render, chromium, max(1, args.jobs), workdir, "render", args.settle)
        # A handshake with no request after it has no Referer, so the harness can only
        # tell its page by time; a slow machine can push one of a page's connections into
        # the next page's window. Filtered pages that saw such bare handshakes are rendered
        # again, alone in a fresh browser, and judged on that rendering: the rewriter's
        # output does not change, so a handshake the page itself causes (an unremoved
        # preconnect hint) comes back and still fails.
        bare = [p for p in to_render if p.mode != "unfiltered" and bare_handshakes(p.events)]
        if bare:
            print("Rendering again, alone, " + str(len(bare)) + " page(s) with handshakes but no requests: "
                  + ", ".join(f"{p.subject} {p.mode} {p.width}px ({', '.join(sorted(bare_handshakes(p.events)))})"
                              for p in bare))
            for p in bare:
                p.events = []
                p.error = None
            ignored += render_pages(bare, chromium, 1, workdir, "rerender", args.settle)
        render_time = time.monotonic() - render_started
        for group in distinct.values():
            for twin in group[1:]:
                twin.events = list(group[0].events)
                twin.browser_seen = group[0].browser_seen
                twin.visible = group[0].visible
                twin.error = group[0].error

        # Judgement.
        passed = failed = 0
        known = []
        report = []
        excluded = []
        for name, vector, out in subjects:
            problems = []
            summary = []
            widths = widths_of(vector.render if vector is not None else "mail")
            for mode in modes:
                if (name, mode) in failures_setup:
                    problems.append(f"{mode}: filter failed: {failures_setup[(name, mode)]}")
                    continue
                counts = []
                for width in widths:
                    page = page_index[(name, mode, width)]
                    at = f"{mode} at {width}px"
                    evs = page.events
                    if page.error:
                        problems.append(f"{at}: browser: {page.error}")
                    reqs = [e for e in evs if e.kind == "http"]
                    count = f"{width}px {len(reqs)} req" + (f"+{len(evs) - len(reqs)} tls" if len(evs) != len(reqs) else "")
                    # Every page is probed (the report shows each); the judge reads the
                    # unfiltered pages' answers.
                    seen = seen_images(page)
                    if mode == "unfiltered":
                        if isinstance(page.visible, dict):
                            problems.append(f"{at}: visibility probe failed: {page.visible.get('error')}")
                        else:
                            count += f" {len(seen)} seen"
                    counts.append(count)
                    before = page_index.get((name, "unfiltered", width))
                    if mode == "unfiltered":
                        if vector is None:
                            if not any(is_tracker(e) for e in evs):
                                problems.append(f"{at}: the sample loads no tracker; it cannot test anything")
                        elif vector.browser == "load":
                            # At every width the page is rendered at; a prefix marked with a
                            # width (a 2x candidate chosen on the phone) only at that width.
                            for prefix in expected_at(vector, width):
                                if not any(e.target().startswith(prefix) for e in evs):
                                    problems.append(f"{at}: Chromium did not request {prefix} (not a valid load vector?)")
                        elif evs:
                            problems.append(f"{at}: marked no-load, but Chromium requested "
                                            + ", ".join(short(e) for e in evs[:3]))
                    elif mode == "default":
                        for e in evs:
                            if is_tracker(e):
                                problems.append(f"{at}: tracker request {short(e)}")
                        if vector is not None and vector.category == "content" and vector.browser == "load":
                            # Each expected URL the unfiltered page requested at this width
                            # (all of them at the desktop width) must still load.
                            for prefix in vector.expect:
                                if before is not None:
                                    if not any(e.target().startswith(prefix) for e in before.events):
                                        continue
                                elif width != DESKTOP:
                                    continue
                                if not any(e.target().startswith(prefix) for e in evs):
                                    problems.append(f"{at}: content no longer loads: {prefix}")
                        if before is not None and not isinstance(before.visible, dict):
                            # Every image the reader sees on the unfiltered page at this
                            # width, and which that page requested, must still be requested,
                            # unless it is a tracker (whatever its size on screen).
                            kept = {url_key(e.host, e.path) for e in evs if e.kind == "http"}
                            requested = {url_key(e.host, e.path) for e in before.events if e.kind == "http"}
                            for key, item in seen_images(before).items():
                                if key in requested and key not in kept and not is_tracker_url(*split_url(item["url"])):
                                    problems.append(f"{at}: visible image lost: {key} "
                                                    f"({item['kind']} {item['w']}x{item['h']} unfiltered)")
                    elif mode == "strict":
                        for e in evs:
                            problems.append(f"{at}: request {short(e)}")
                    if args.verbose:
                        for e in evs:
                            print(f"     {name} {mode} {width}px: {short(e, 200)}")
                        for key, item in seen.items():
                            print(f"     {name} {mode} {width}px: seen {item['kind']} {item['w']}x{item['h']} {key}")
                summary.append(f"{mode} " + ", ".join(counts))
            label = f"[{vector.category}{', no-load' if vector.browser == 'no-load' else ''}]" if vector else "[sample]"
            if vector is not None and vector.browser == "no-load":
                excluded.append(vector)
            ok = not problems
            verdict = "PASS" if ok else "FAIL"
            if name in known_leaks and ("default" in modes or "strict" in modes):
                leaks = [p for p in problems if p.startswith(("default", "strict"))]
                if not problems:
                    ok = False
                    verdict = "FAIL"
                    problems.append("listed in known-leaks.tsv but no longer leaks: remove it from the list")
                elif len(leaks) == len(problems):
                    verdict = "KNOWN"
                    known.append((name, known_leaks[name]))
            if verdict == "PASS":
                passed += 1
            elif verdict == "FAIL":
                failed += 1
            print(f"{verdict} {name} {label} {'; '.join(summary)}")
            for p in problems[:8]:
                print(f"     {p}")
            if len(problems) > 8:
                print(f"     ... {len(problems) - 8} more")
            report.append({
                "id": name, "verdict": verdict, "problems": problems,
                "requests": {m: {str(w): [e.target() for e in page_index[(name, m, w)].events]
                                 for w in widths if (name, m, w) in page_index} for m in modes},
                "visible": {m: {str(w): page_index[(name, m, w)].visible
                                for w in widths if (name, m, w) in page_index} for m in modes},
                "browser_reported": {m: {str(w): page_index[(name, m, w)].browser_seen
                                         for w in widths if (name, m, w) in page_index} for m in modes},
            })

        for file in missing_samples:
            print(f"NOTE {file}: SampleMail/{file} is not present; not rendered")
        if excluded:
            print(f"Excluded from the load assertion (a) as no-load in Chromium ({len(excluded)}):")
            for v in excluded:
                print(f"     {v.id}: {v.note}")
        if known:
            print(f"Known leaks, listed in Tests/browser/known-leaks.tsv ({len(known)}): not counted as failures")
            for vid, reason in known:
                print(f"     {vid}: {reason}")
        if ignored:
            hosts = sorted({e.host for e in ignored})
            print(f"Ignored {len(ignored)} requests of Chromium's own to {', '.join(hosts)}")
        total = time.monotonic() - started
        print(f"Rendered {len(to_render)} distinct pages of {len(pages)} with {args.jobs} browser(s) in {render_time:.1f} s; "
              f"whole run {total:.1f} s")
        if args.report:
            with open(args.report, "w") as f:
                json.dump(report, f, indent=1)
        print(f"browser: {passed} passed, {failed} failed")
        return 0 if failed == 0 else 1
    finally:
        if args.keep:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
