"""Screenshots of a generated site for the docs (not a test): index and one method page.

    .venv/bin/python tests/viz/screenshots.py SITE_DIR [METHOD_PAGE] [--out docs]
    .venv/bin/python tests/viz/screenshots.py SITE_DIR PAGE --graph hub-after [--out docs]

METHOD_PAGE is relative to SITE_DIR (default: the first method in methods.html). With ``--graph NAME``
only PAGE's graph panel is saved, as ``screenshot-NAME.png``, and how readable the graph is gets
printed (tests/viz/layout_probe.py: labels drawn and their size, overlaps, canvas used, time to stable).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

from layout_probe import measure, summary
from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("method", nargs="?")
    ap.add_argument("--out", type=Path, default=Path("docs"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--graph", metavar="NAME", help="only the page's graph panel, as screenshot-NAME.png")
    a = ap.parse_args()
    method = a.method or re.search(r'href="(method/[^"]+)"', (a.site / "methods.html").read_text()).group(1)
    handler = functools.partial(_Quiet, directory=str(a.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    a.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=a.chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
        if a.graph:
            page.goto(base + method)
            page.wait_for_selector("#graph[data-stable=true]", state="attached", timeout=30000)
            page.mouse.move(5, 5)
            print(f"{method}: {summary(measure(page))}")
            page.locator(".graph-panel").screenshot(path=str(a.out / f"screenshot-{a.graph}.png"))
            browser.close()
            httpd.shutdown()
            print(f"wrote {a.out / f'screenshot-{a.graph}.png'}")
            return
        page.goto(base + "index.html")
        page.screenshot(path=str(a.out / "screenshot-index.png"), full_page=True)
        page.goto(base + method)
        page.wait_for_selector("#graph[data-stable=true]", state="attached", timeout=30000)
        page.mouse.move(5, 5)
        page.screenshot(path=str(a.out / "screenshot-method.png"), full_page=True)
        browser.close()
    httpd.shutdown()
    print(f"wrote {a.out / 'screenshot-index.png'} and {a.out / 'screenshot-method.png'} ({method})")


if __name__ == "__main__":
    main()
