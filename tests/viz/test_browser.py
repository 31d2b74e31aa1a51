"""The generated site in headless Chromium: it draws, links, searches, stays offline and stays inert.

Served from 127.0.0.1 by http.server (and opened from file:// too), driven with Playwright.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from urllib.parse import urlsplit

import pytest
from graphs import HOSTILE_DATASET, HOSTILE_METHOD, HOSTILE_TITLE, ent_id, hub_graph
from layout_probe import READABLE_PX, measure, summary

from paperkg.viz.network import PAGE_LIMIT
from paperkg.viz.page_paths import page_path
from paperkg.viz.site import write_page
from paperkg.viz.views import label_of, paper_count

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("PAPERKG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOSTILE_METHOD_PAGE = page_path(f"Method:{ent_id(HOSTILE_METHOD)}")
HOSTILE_DATASET_PAGE = page_path(f"Dataset:{ent_id(HOSTILE_DATASET)}")
HOSTILE_PAPER_PAGE = page_path("Paper:hostile-paper")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(site):
    root, _ = site
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set PAPERKG_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Tab:
    """A page that records what could go wrong: console errors, dialogs and every request made."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str, graph: bool = True) -> None:
        self.page.goto(url)
        if graph:
            self.page.wait_for_selector("#graph[data-stable=true]", state="attached", timeout=15000)

    def assert_clean(self, local_scheme: str = "http") -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        for url in self.requests:
            parts = urlsplit(url)
            if local_scheme == "http":
                assert parts.scheme in ("http", "data") and parts.hostname in ("127.0.0.1", None), url
            else:
                assert parts.scheme in ("file", "data"), url

    def node_point(self, node: str) -> tuple[float, float]:
        """Where ``node`` is drawn, in page coordinates."""
        self.page.locator("#graph").scroll_into_view_if_needed()
        pos = self.page.evaluate(
            "(id) => { const n = window.paperkgGraph.network;"
            " return n.canvasToDOM(n.getPosition(id)); }", node)
        box = self.page.locator("#graph").bounding_box()
        return box["x"] + pos["x"], box["y"] + pos["y"]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser):
    t = Tab(browser)
    yield t
    t.close()


def test_index_loads_and_search_filters(tab, server):
    tab.open(server + "index.html", graph=False)
    assert tab.page.locator("h1").inner_text() == "Paper knowledge graph"
    results = tab.page.locator("#search-results li a")
    assert results.count() == 0
    tab.page.fill("#search", "lora")
    names = results.all_inner_texts()
    assert names[0] == "LoRA" and "QLoRA" in names and "MMLU" not in names
    tab.page.fill("#search", "mmlu")
    assert results.all_inner_texts() == ["MMLU"]
    tab.page.fill("#search", "low-rank adapters")  # an alias finds its entity
    assert "LoRA" in results.all_inner_texts()
    tab.page.fill("#search", "zzzz-nothing")
    assert results.count() == 0 and tab.page.locator("#search-summary").inner_text() == "No match."
    tab.page.fill("#search", "mmlu")
    results.first.click()
    tab.page.wait_for_url("**/dataset/mmlu.html")
    tab.assert_clean()


def test_method_page_draws_its_graph_then_stops_physics(tab, server, site):
    tab.open(server + "method/lora.html")
    assert tab.page.locator("#graph canvas").count() == 1
    shown = int(tab.page.locator("#graph-node-count").inner_text())
    drawn = tab.page.evaluate("window.paperkgGraph.nodes.length")
    embedded = len(json.loads(tab.page.locator("#graph-data").text_content())["nodes"])
    assert shown == drawn == embedded > 5
    assert tab.page.evaluate("window.paperkgGraph.network.physics.options.enabled") is False
    assert tab.page.locator("#graph-status").count() == 0
    tab.assert_clean()


def test_clicking_a_node_opens_its_page(tab, server):
    tab.open(server + "method/lora.html")
    x, y = tab.node_point("Method:qlora")
    tab.page.mouse.click(x, y)
    tab.page.wait_for_url("**/method/qlora.html", timeout=5000)
    assert tab.page.locator("h1").inner_text() == "QLoRA"
    tab.open(tab.page.url)  # the new page draws too
    x, y = tab.node_point("Paper:2305.14314")
    tab.page.mouse.click(x, y)
    tab.page.wait_for_url("**/" + page_path("Paper:2305.14314"), timeout=5000)
    tab.assert_clean()


@pytest.mark.parametrize("path, heading", [
    (HOSTILE_PAPER_PAGE, HOSTILE_TITLE),
    (HOSTILE_METHOD_PAGE, HOSTILE_METHOD),
    (HOSTILE_DATASET_PAGE, HOSTILE_DATASET),
    ("method/lora.html", "LoRA"),
])
def test_hostile_text_stays_text(tab, server, path, heading):
    tab.open(server + path)
    assert tab.page.locator("h1").inner_text() == heading
    body = tab.page.locator("main").inner_text()
    assert HOSTILE_TITLE in body or HOSTILE_METHOD in body
    assert tab.page.locator("main img, main script, main b").count() == 0
    assert tab.page.evaluate("document.querySelectorAll('img').length") == 0
    tab.assert_clean()


def test_hostile_name_in_a_tooltip_is_text(tab, server):
    tab.open(server + HOSTILE_PAPER_PAGE)
    key = f"Method:{ent_id(HOSTILE_METHOD)}"
    x, y = tab.node_point(key)
    tab.page.mouse.move(x - 40, y - 40)
    tab.page.mouse.move(x, y, steps=4)
    tip = tab.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    assert f"Method: {HOSTILE_METHOD}" in tip.inner_text()
    assert tip.locator("img, b, script").count() == 0
    tab.assert_clean()


def test_index_lists_the_hostile_paper_as_text(tab, server):
    tab.open(server + "index.html", graph=False)
    assert tab.page.get_by_text(HOSTILE_TITLE, exact=True).first.is_visible()
    tab.page.fill("#search", "hostile")
    assert tab.page.locator("#search-results li a").all_inner_texts() == [HOSTILE_TITLE]
    tab.assert_clean()


def test_site_works_from_file_urls(tab, site):
    root, _ = site
    tab.open((root / "index.html").as_uri(), graph=False)
    tab.page.fill("#search", "qlora")
    assert "QLoRA" in tab.page.locator("#search-results li a").all_inner_texts()
    tab.open((root / "overview.html").as_uri())
    assert tab.page.evaluate("window.paperkgGraph.nodes.length") == int(
        tab.page.locator("#graph-node-count").inner_text())
    tab.assert_clean(local_scheme="file")


def test_standalone_page_draws_alone(tab, graph, tmp_path):
    out = write_page(graph, "Dataset:mmlu", tmp_path / "mmlu.html")
    tab.open(out.as_uri())
    assert tab.page.locator("h1").inner_text() == "MMLU"
    assert tab.page.evaluate("window.paperkgGraph.nodes.length") > 3
    x, y = tab.node_point("Method:dora")
    tab.page.mouse.click(x, y)
    tab.page.wait_for_timeout(300)
    assert tab.page.url == out.as_uri()  # nothing to navigate to: links are off
    tab.assert_clean(local_scheme="file")


def test_method_page_chart_shows_a_bar_and_a_tooltip_per_month(tab, server):
    tab.open(server + "method/lora.html")
    chart = tab.page.locator("svg.chart-papers")
    assert chart.count() == 1 and chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    bars = chart.locator("rect.bar")
    assert bars.count() == 38  # 2021-01 to 2024-02
    tips = chart.locator("rect.bar > title").all_text_contents()
    assert len(tips) == 38 and tips[0] == "2021-01: 0 papers" and "2021-06: 1 paper" in tips
    drawn = tab.page.evaluate(
        "[...document.querySelectorAll('svg.chart-papers rect.bar')].map(b => ["
        " b.getBBox().height, getComputedStyle(b).fill, b.querySelector('title').textContent])")
    assert [t for h, _, t in drawn if h > 0] == ["2021-06: 1 paper", "2023-05: 1 paper", "2024-02: 1 paper"]
    assert {f for h, f, _ in drawn if h > 0} == {"rgb(124, 58, 237)"}  # the method colour of site.css
    name = tab.page.evaluate(
        "(() => { const s = document.querySelector('svg.chart-papers');"
        " return s.getAttribute('aria-labelledby').split(' ')"
        ".map(i => document.getElementById(i).textContent); })()")
    assert name[0] == "Papers per month naming LoRA" and name[1].startswith("2021-01 to 2024-02")
    tab.assert_clean()


def test_dataset_chart_from_a_file_url(tab, graph, tmp_path):
    out = write_page(graph, "Dataset:mmlu", tmp_path / "mmlu.html")
    tab.open(out.as_uri())
    assert tab.page.locator("svg.chart-papers rect.bar").count() == 38
    point = tab.page.locator("svg.chart-best circle.point")
    assert point.count() == 1 and point.is_visible()
    assert point.locator("title").text_content() == "2024-02: best 78.4% (1 result)"
    tab.assert_clean(local_scheme="file")


def test_leaderboard_ranks_comparable_values_and_opens_the_sentence_in_one_click(tab, tmp_path):
    """A dataset page's leaderboard (the hand-made board graph of tests/graph/leaderboard_graphs.py):
    ties share a rank, a ratio extracted as an accuracy is listed apart with why, a single value has no
    rank, and a row's evidence sentence is hidden until its summary is clicked."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
    from leaderboard_graphs import board_graph

    from paperkg.graph.analytics.leaderboard import STANDINGS

    out = write_page(board_graph(), "Dataset:bench", tmp_path / "bench.html")
    tab.open(out.as_uri())
    acc = tab.page.locator("table.board[data-metric='accuracy']")
    assert acc.locator("tr[data-standing='score'] td:first-child").all_inner_texts() == ["1", "1", "3"]
    coverage = tab.page.locator("table.board[data-metric='coverage'] tr[data-standing='score'] td")
    assert coverage.first.inner_text() == ""  # one result: not a ranking
    ratio = acc.locator("tr[data-claim='q4#2']")
    assert ratio.locator("td").first.inner_text() == STANDINGS["ratio"]
    assert "absolute · accuracy · Bench" in ratio.inner_text()  # the kind as extracted, beside why
    evidence = ratio.locator("details")
    assert not evidence.locator("mark").is_visible()
    evidence.locator("summary").click()
    assert evidence.locator("mark").is_visible() and "claim 2 reports 7x here" in evidence.inner_text()
    tab.assert_clean(local_scheme="file")


# --------------------------------------------------------------------------- readable graphs at every size

@pytest.fixture(scope="module")
def hub_page(tmp_path_factory):
    """The largest page of a big graph: the method named in most of 600 synthetic papers (428 of them)."""
    G = hub_graph(600)
    hub = max((n for n in G if label_of(G, n) in ("Method", "Dataset", "Metric")),
              key=lambda n: paper_count(G, n))
    return write_page(G, hub, tmp_path_factory.mktemp("hub") / "hub.html"), hub, paper_count(G, hub)


def test_largest_page_of_a_big_graph_is_readable(tab, hub_page):
    """Measured in the browser from vis-network's own positions and label boxes, at the default zoom:
    the hub's graph is capped, names every node in type big enough to read, no label overlaps another
    label or a node, and the drawing spreads over the canvas (a 120-node hairball fails all of these)."""
    out, _hub, papers = hub_page
    tab.open(out.as_uri())
    found = measure(tab.page)
    assert found["nodes"] <= PAGE_LIMIT, summary(found)
    assert found["labels"] == found["nodes"], summary(found)
    assert found["small"] == 0 and found["min_px"] >= READABLE_PX, summary(found)
    assert found["overlaps"] == [], summary(found)
    assert found["covered"] == [], summary(found)
    assert found["cells"] >= 0.5, summary(found)
    assert tab.page.evaluate("window.paperkgGraph.network.physics.options.enabled") is False
    shown = tab.page.evaluate("window.paperkgGraph.nodes.get().filter(n => n.kind === 'Paper').length")
    note = tab.page.locator("#graph-note")
    assert f"the {shown} papers that say most about it" in note.inner_text()
    assert f"and {papers - shown} more papers" in note.inner_text()
    note.get_by_role("link", name="the papers list").click()
    assert tab.page.url.endswith("#papers") and tab.page.locator("#papers").is_visible()
    tab.assert_clean(local_scheme="file")


def test_fixture_pages_and_overview_have_no_overlapping_labels(tab, server):
    for path in ("method/lora.html", "dataset/mmlu.html", HOSTILE_PAPER_PAGE, "overview.html"):
        tab.open(server + path)
        found = measure(tab.page)
        assert found["overlaps"] == [] and found["covered"] == [], (path, summary(found))
        assert found["small"] == 0, (path, summary(found))
    tab.assert_clean()
