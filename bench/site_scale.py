"""How long the static site takes to write at scale, and how fast its pages are in headless Chromium.

Writes the default site of a store (``paperkg viz --db DB --out DIR --json``, wall time including
start-up and reading the store), then serves it from 127.0.0.1 and opens the index, the overview,
the biggest method page and a paper page in Chromium (Playwright, ``/usr/bin/chromium``; never
downloads a browser). Per page: file size, DOMContentLoaded, the graph's first draw and
stabilisation (``data-first-draw-ms`` / ``data-stable-ms`` set by graph.js), the JS heap; on the
index, the time from typing a query to its results (the search index is folded on first use).

    python bench/graph_gen.py --papers 100000 --db /tmp/viz-100k.db
    python bench/site_scale.py --db /tmp/viz-100k.db --out /tmp/site-100k
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

CHROMIUM = os.environ.get("PAPERKG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def load_average() -> float:
    return os.getloadavg()[0]


def build(db: Path, out: Path, extra: list[str]) -> dict:
    paperkg = Path(sys.executable).with_name("paperkg")
    started = time.perf_counter()
    done = subprocess.run(
        [str(paperkg), "viz", "--db", str(db), "--out", str(out), "--json", *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    report["wall_seconds"] = round(time.perf_counter() - started, 2)
    return report


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def search_columns(out: Path) -> dict:
    text = (out / "search-index.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.PAPERKG_SEARCH = ").rstrip().rstrip(";"))


def pick_pages(out: Path) -> dict[str, str]:
    """The heaviest pages of each kind: the method with the most papers, the paper with most edges."""
    cols = search_columns(out)
    rows = list(zip(cols["types"], cols["names"], cols["urls"], cols["papers"], strict=True))
    methods = sorted((r for r in rows if r[0] == "M" and r[2]), key=lambda r: -r[3])
    papers = [r[2] for r in rows if r[0] == "P" and r[2]]
    biggest_paper = max(papers, key=lambda u: (out / u).stat().st_size)
    return {
        "index": "index.html",
        "overview": "overview.html",
        "hub method": methods[0][2],
        "paper": biggest_paper,
    }


def measure(out: Path, pages: dict[str, str], runs: int, search: str = "method-1") -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    results = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for kind, rel in pages.items():
                best: dict | None = None
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    errors: list[str] = []
                    page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                    cdp = context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    page.goto(base + rel)
                    row = {"page": kind, "file": rel, "kb": round((out / rel).stat().st_size / 1024)}
                    nav = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
                    row["dom_content_loaded_ms"] = round(nav["domContentLoadedEventEnd"])
                    row["load_ms"] = round(nav["loadEventEnd"]) if nav["loadEventEnd"] else None
                    if page.locator("#graph").count():
                        page.wait_for_selector("#graph[data-stable=true]", state="attached", timeout=60000)
                        holder = page.locator("#graph")
                        row["graph_nodes"] = page.evaluate("window.paperkgGraph.nodes.length")
                        row["first_draw_ms"] = int(holder.get_attribute("data-first-draw-ms") or 0)
                        row["stable_ms"] = int(holder.get_attribute("data-stable-ms") or 0)
                    if kind == "index":
                        page.wait_for_load_state("load")
                        t = page.evaluate("performance.now()")
                        page.fill("#search", search)
                        page.wait_for_selector("#search-results li", timeout=20000)
                        row["first_search_ms"] = round(page.evaluate("performance.now()") - t)
                        row["search_index_kb"] = round((out / "search-index.js").stat().st_size / 1024)
                    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                    row["js_heap_mb"] = round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1)
                    row["errors"] = len(errors)
                    context.close()
                    key = row.get("stable_ms") or row["dom_content_loaded_ms"]
                    if best is None or key < (best.get("stable_ms") or best["dom_content_loaded_ms"]):
                        best = row
                results.append(best)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="A store (e.g. from bench/graph_gen.py).")
    ap.add_argument("--out", type=Path, required=True, help="Where to write the site.")
    ap.add_argument("--skip-build", action="store_true", help="Measure an existing site only.")
    ap.add_argument("--runs", type=int, default=2, help="Browser loads per page (the best is kept).")
    ap.add_argument("--search", default="method-1",
                    help="What to type in the index's search box (generated graphs: method-1).")
    ap.add_argument("viz_args", nargs="*", help="Extra `paperkg viz` options, after --, e.g. -- --top 25")
    args = ap.parse_args(argv)
    print(f"load average before: {load_average():.2f}")
    if not args.skip_build:
        report = build(args.db, args.out, args.viz_args)
        print(
            f"site: {report['total_pages']} pages (complete: {report['complete']}) "
            f"in {report['wall_seconds']}s "
            f"wall ({report['seconds']}s in paperkg viz); removed {report['removed']} stale"
        )
        for phase, seconds in report["timings"].items():
            print(f"  {phase:28s} {seconds:7.2f}s")
    if not os.path.exists(CHROMIUM):
        print(f"no Chromium at {CHROMIUM}: skipping the browser figures")
        return 0
    rows = measure(args.out, pick_pages(args.out), args.runs, args.search)
    print(
        f"{'page':12s} {'KB':>6s} {'DCL ms':>7s} {'draw ms':>8s} {'stable ms':>9s} {'nodes':>6s} "
        f"{'heap MB':>8s}"
        f" {'search ms':>9s} errors"
    )
    for r in rows:
        print(
            f"{r['page']:12s} {r['kb']:6d} {r['dom_content_loaded_ms']:7d} "
            f"{r.get('first_draw_ms', '-')!s:>8s} "
            f"{r.get('stable_ms', '-')!s:>9s} {r.get('graph_nodes', '-')!s:>6s} {r['js_heap_mb']:8.1f} "
            f"{r.get('first_search_ms', '-')!s:>9s} {r['errors']}"
        )
    index = next(r for r in rows if r["page"] == "index")
    print(f"search index: {index['search_index_kb']} KB")
    print(f"load average after: {load_average():.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
