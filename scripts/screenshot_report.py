#!/usr/bin/env python3
"""Render an article's HTML report (``annotator report``) in headless Chromium and save a PNG.

    python3 scripts/screenshot_report.py [ARTICLE] [-o report.png] [--html report.html]

ARTICLE defaults to the seed article, examples/putin-kazakhstan.txt.  The PNG
(and the HTML, unless --html is given) go to a temporary folder when no
output is named; generated files are not for git (*.png is ignored).
Chromium is Debian's ``chromium`` package (``apt-get install -y chromium``)
or $CHROMIUM; it runs headless, sandbox off, with no network use beyond the
page (the page itself forbids any request).  Exit 0 with the PNG's path on
standard output; 2 when Chromium is missing; 1 when it fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "examples", "putin-kazakhstan.txt")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1"]


def find_chromium() -> str | None:
    for c in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
              shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def render_html(article: str, out_html: str) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    r = subprocess.run([sys.executable, "-m", "annotator", "report", article, "-o", out_html],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"annotator report failed ({r.returncode}): {r.stderr.strip()}")


def screenshot(chromium: str, html_path: str, png: str, width: int = 1280, height: int = 2000,
               timeout: float = 120) -> None:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
               f"--window-size={width},{height}", "file://" + os.path.abspath(html_path)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not os.path.exists(png) or os.path.getsize(png) == 0:
        raise RuntimeError(f"chromium wrote no screenshot (exit {r.returncode}): {r.stderr.strip()[-2000:]}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("article", nargs="?", default=SEED)
    p.add_argument("-o", "--output", help="the PNG (default: a temporary file)")
    p.add_argument("--html", help="keep the HTML report here")
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=2000)
    args = p.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("chromium not found: apt-get install -y chromium (or set CHROMIUM)", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="annotator-report-")
    html_path = args.html or os.path.join(work, "report.html")
    png = args.output or os.path.join(work, "report.png")
    render_html(args.article, html_path)
    try:
        screenshot(chromium, html_path, png, args.width, args.height)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"screenshot failed: {e}", file=sys.stderr)
        return 1
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
