#!/usr/bin/env python3
"""The `trackless audit --html` page in headless Chromium: it must make no request at all
(the page itself aside), its bar chart must carry the numbers the JSON report gives, and
it must render (a screenshot is taken). Then the `trackless preview --html` page of the
sample newsletter: both renderings shown, no request.

Usage: Tests/browser/audit_page.py TRACKLESS_BIN [--screenshot PNG]
(`--screenshot docs/images/audit-report.png` makes the README's picture.)
Prints PASS/FAIL lines, then "audit page: N passed, N failed".
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, HERE)
import cdp  # noqa: E402
from harness import CHROMIUM_FLAGS, find_chromium  # noqa: E402

PROBE = """(() => {
  const svg = document.querySelector('svg[aria-label="third parties by messages"]');
  if (!svg) return {bars: null};
  const texts = Array.from(svg.querySelectorAll('text')).map(t => t.textContent);
  const bars = [];
  for (let i = 0; i + 1 < texts.length; i += 2) bars.push([texts[i], Number(texts[i + 1])]);
  return {bars, rects: svg.querySelectorAll('rect').length, height: document.body.scrollHeight};
})()"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--screenshot", help="also keep the screenshot here (the README's picture)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="trackless-audit-page-")
    inputs = sorted(glob.glob(os.path.join(ROOT, "SampleMail", "*.eml")))
    inputs += sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "mime", "06*.eml")))
    page = os.path.join(work, "audit.html")
    run = subprocess.run([args.bin, "audit", "--json", "--html", page] + inputs, capture_output=True)
    results = []

    def case(name, ok, detail=""):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))

    case("audit --json --html runs", run.returncode == 0, run.stderr.decode()[:300])
    report = json.loads(run.stdout)
    third = [p for p in report["parties"] if not p["firstParty"]][:25]

    chromium = find_chromium()
    browser = cdp.Browser(chromium, CHROMIUM_FLAGS, os.path.join(work, "profile"), os.path.join(work, "chromium.log"))
    shot = args.screenshot or os.path.join(work, "audit.png")
    try:
        url = "file://" + page
        seen, probed = browser.render(url, scripts=True, settle=0.5, width=1000, height=1400, probe=PROBE,
                                      screenshot=shot)
    finally:
        browser.close()
    others = [u for u in seen if u != url]
    case("the page makes no request", not others, f"requests: {others[:5]}")
    bars = (probed or {}).get("bars")
    want = [[p["name"][:32], p["messages"]] for p in third]
    case("the bar chart carries the JSON's numbers", bars == want, f"chart {bars} vs JSON {want}")
    case("a screenshot is produced", os.path.exists(shot) and os.path.getsize(shot) > 10_000)
    # The preview page: both renderings of the newsletter, loading nothing.
    preview = os.path.join(work, "preview.html")
    pr = subprocess.run([args.bin, "preview", "--html", preview, os.path.join(ROOT, "SampleMail", "newsletter.eml")],
                        capture_output=True)
    case("preview --html runs", pr.returncode == 0 and os.path.exists(preview), pr.stderr.decode()[:300])
    browser = cdp.Browser(chromium, CHROMIUM_FLAGS, os.path.join(work, "profile2"), os.path.join(work, "chromium2.log"))
    try:
        purl = "file://" + preview
        seen, frames = browser.render(purl, scripts=True, settle=0.5, width=1400, height=1200,
                                      probe="document.querySelectorAll('iframe').length",
                                      screenshot=os.path.join(work, "preview.png"))
    finally:
        browser.close()
    others = [u for u in seen if u != purl and not u.startswith("data:") and u != "about:srcdoc"]
    case("the preview page makes no request", not others, f"requests: {others[:5]}")
    case("the preview page shows both renderings", frames == 2, f"{frames} frames")
    failed = results.count(False)
    print(f"audit page: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
