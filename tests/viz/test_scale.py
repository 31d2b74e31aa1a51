"""The default site of a big store (top pages only), the manifest that removes stale pages, atomic writes.

The big store is a synthetic graph of 2,000 papers (bench/graph_gen.py, run as its command line);
the threshold for a partial site is lowered so the real code path runs in seconds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from graphs import make_graph
from test_browser import browser  # noqa: F401  (the fixture)
from test_html import pages, parse, search_rows
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.ladybug import open_store, to_networkx
from paperkg.graph.analytics.stats import method_co_use
from paperkg.viz.page_paths import page_path
from paperkg.viz.partial import SCALE_BOARD_ROWS, SCALE_BOARDS, select_from_store
from paperkg.viz.site import MANIFEST, build_site, write_atomic
from paperkg.viz.views import Sources, entity_view, site_hrefs

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
TOP = 3


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.db"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/graph_gen.py"), "--papers", "2000", "--db", str(path)],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture(scope="module")
def partial_site(big_store, tmp_path_factory, monkeypatch_module):
    """The default site of the big store with the partial-site threshold below its size."""
    monkeypatch_module.setattr("paperkg.cli.viz.FULL_SITE_MAX", 1000)
    monkeypatch_module.setattr("paperkg.cli.viz.DEFAULT_TOP", TOP)
    out = tmp_path_factory.mktemp("partial")
    result = runner.invoke(app, ["viz", "--db", str(big_store), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def broken_links(root: Path) -> list[tuple[str, str]]:
    """Local links (href/src and graph node URLs) that do not resolve to a file (and anchor)."""
    missing = []
    for path in pages(root):
        refs = parse(path)
        urls = [url for _tag, _attr, url, _a in refs.refs]
        m = re.search(r'id="graph-data">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
        if m:
            urls += [
                "../" * (len(path.relative_to(root).parts) - 1) + n["url"]
                for n in json.loads(m.group(1))["nodes"]
                if n.get("url")
            ]
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                missing.append((str(path.relative_to(root)), url))
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids:
                missing.append((str(path.relative_to(root)), url))
    return missing


# --------------------------------------------------------------------------- the partial site


def test_big_store_gets_the_top_pages_and_the_papers_they_link(partial_site, big_store):
    out, report = partial_site
    assert report["complete"] is False
    assert report["pages"]["method"] == report["pages"]["dataset"] == report["pages"]["metric"] == TOP
    assert 0 < report["pages"]["paper"] < 2000
    with open_store(big_store) as store:
        top = store.run("MATCH (m:Method) RETURN m.id ORDER BY m.papers DESC, m.name LIMIT 3").rows
    for (ident,) in top:
        assert (out / page_path(f"Method:{ident}")).is_file()
    written = {p.relative_to(out).as_posix() for p in pages(out)}
    assert len(written) == sum(report["pages"].values()) - 7 + 6  # +index, overview, 4 lists; - "other"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "paperkg viz --all" in index and "no page here" in index
    rising = re.search(r'id="rising-methods">.*?</section>', index, re.S).group(0)  # from the store
    assert 0 < rising.count("<li>") <= 10 and "2024-01 to 2024-06 against 2023-07 to 2023-12" in rising


def test_partial_site_has_no_dead_link(partial_site):
    out, _ = partial_site
    assert broken_links(out) == []
    # Names of nodes without a page are there, as marked text.
    method = next((out / "method").glob("*.html")).read_text(encoding="utf-8")
    assert 'class="ref ref-paper nopage"' in method or 'class="ref ref-method nopage"' in method


def test_partial_search_finds_every_entity_and_links_only_written_pages(partial_site, big_store):
    out, report = partial_site
    rows = search_rows(out)
    with open_store(big_store) as store:
        entities = sum(store.count(label) for label in ("Method", "Dataset", "Metric"))
    assert sum(r["type"] != "P" for r in rows) == entities
    assert sum(r["type"] == "P" for r in rows) == report["pages"]["paper"]
    linked = [r for r in rows if r["url"]]
    assert len(linked) == report["pages"]["paper"] + 3 * TOP
    assert all((out / r["url"]).is_file() for r in linked)


def test_partial_pages_list_the_same_rows_as_the_full_graph(big_store):
    """The partial graph answers an entity page exactly like the whole graph does."""
    with open_store(big_store) as store:
        full = to_networkx(store)
        G, selection, _ = select_from_store(store, top=2, max_nodes=50, rows=20)
    co_use = method_co_use(full)
    for key in sorted(k for k in selection.pages if not k.startswith("Paper:")):
        part = entity_view(G, key, site_hrefs, src=selection.src)
        whole = entity_view(full, key, site_hrefs, src=Sources(rows=20, co_use=co_use, cites=lambda k: []))
        assert [p.name for p, _ in part.papers] == [p.name for p, _ in whole.papers], key
        assert [r for _, r in part.papers] == [r for _, r in whole.papers], key
        assert [c.id for c in part.claims] == [c.id for c in whole.claims], key
        assert (part.papers_total, part.claims_total) == (whole.papers_total, whole.claims_total), key
        # the charts: from the store's monthly counts here, from the whole graph there
        assert part.papers_chart == whole.papers_chart, key
        assert (part.papers_chart is None) == key.startswith("Metric:"), key  # methods and datasets only
        best = [v.best_chart.series if v.best_chart else None for v in (part, whole)]
        assert best[0] == best[1], key
        assert [(r.item.name, r.score) for r in part.related] == [
            (r.item.name, r.score) for r in whole.related
        ]
        if key.startswith("Dataset:"):
            assert part.boards and part.boards_total == whole.boards_total
            names = [b.metric_name for b in whole.boards][:SCALE_BOARDS]
            assert [b.metric_name for b in part.boards] == names
            assert [[(r.claim.id, r.rank) for r in b.scores] for b in part.boards] == [
                [(r.claim.id, r.rank) for r in b.scores][:SCALE_BOARD_ROWS] for b in whole.boards
            ][:SCALE_BOARDS]
            assert [[(r.claim.id, r.standing) for r in b.apart] for b in part.boards] == [
                [(r.claim.id, r.standing) for r in b.apart][:SCALE_BOARD_ROWS] for b in whole.boards
            ][:SCALE_BOARDS]


def test_top_and_all_options(store_path, tmp_path):
    result = runner.invoke(
        app, ["viz", "--db", str(store_path), "--out", str(tmp_path / "a"), "--top", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["complete"] is False and report["pages"]["method"] == 1
    assert broken_links(tmp_path / "a") == []
    result = runner.invoke(
        app, ["viz", "--db", str(store_path), "--out", str(tmp_path / "b"), "--all", "--json"]
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["complete"] is True
    result = runner.invoke(
        app, ["viz", "--db", str(store_path), "--out", str(tmp_path / "c"), "--all", "--top", "2"]
    )
    assert result.exit_code == 1 and "not both" in result.stderr


def test_small_store_stays_complete(store_path, tmp_path):
    result = runner.invoke(app, ["viz", "--db", str(store_path), "--out", str(tmp_path), "--json"])
    report = json.loads(result.stdout)
    assert report["complete"] is True and report["total_pages"] == 30
    assert all(r["url"] for r in search_rows(tmp_path))


# --------------------------------------------------------------------------- stale pages, atomic writes


def test_rerun_removes_stale_pages_but_never_foreign_files(tmp_path):
    G = make_graph()
    build_site(G, tmp_path)
    gone = page_path("Method:gpt-2")
    assert (tmp_path / gone).is_file()
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert gone in manifest["files"] and "index.html" in manifest["files"]
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "method" / "mine.html").write_text("<p>mine</p>", encoding="utf-8")
    G.remove_node("Method:gpt-2")
    G.remove_node("Paper:2101.00190")  # its only paper: prefix-tuning, E2E and BLEU go too
    for key in ("Method:prefix-tuning", "Dataset:e2e", "Metric:bleu", "Claim:2101.00190#0"):
        G.remove_node(key)
    report = build_site(G, tmp_path)
    assert report.removed == 5
    assert not (tmp_path / gone).exists() and not (tmp_path / page_path("Paper:2101.00190")).exists()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "method" / "mine.html").is_file()
    assert not (tmp_path / "metric" / "bleu.html").exists()
    assert broken_links(tmp_path) == [] or all(url.endswith("mine.html") for _, url in broken_links(tmp_path))
    again = build_site(G, tmp_path)
    assert again.removed == 0


def test_manifest_entries_outside_the_site_are_ignored(tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / MANIFEST).write_text(
        json.dumps({"files": ["../precious.txt", "/etc/hostname", "assets"]}), encoding="utf-8"
    )
    build_site(make_graph(), site)
    assert outside.read_text(encoding="utf-8") == "keep"


class _Exploding(str):
    def encode(self, *args, **kwargs):  # fails half-way through writing a page
        raise OSError("disk full")


def test_writes_are_atomic(tmp_path):
    target = tmp_path / "page.html"
    write_atomic(target, "<p>old</p>")
    with pytest.raises(OSError):
        write_atomic(target, _Exploding("<p>new</p>"))
    assert target.read_text(encoding="utf-8") == "<p>old</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind
    write_atomic(target, "<p>new</p>")
    assert target.read_text(encoding="utf-8") == "<p>new</p>"


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def partial_server(partial_site):
    import functools
    import http.server
    import threading

    from test_browser import _Quiet

    out, _ = partial_site
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_partial_site_in_the_browser(browser, partial_server, partial_site):  # noqa: F811
    from test_browser import Tab

    out, _ = partial_site
    tab = Tab(browser)
    try:
        tab.open(partial_server + "index.html", graph=False)
        # A tail method has no page: search shows it, as text marked "no page".
        rows = search_rows(out)
        tail = next(r for r in reversed(rows) if r["type"] == "M" and not r["url"])
        tab.page.fill("#search", tail["name"])
        first = tab.page.locator("#search-results li").first
        assert first.locator("span.nopage").inner_text() == tail["name"]
        assert first.locator("a").count() == 0
        tab.page.fill("#search", "method-0")
        tab.page.locator("#search-results li a", has_text="Method-0").first.click()
        tab.page.wait_for_url("**/method/method-0.html")
        tab.open(tab.page.url)
        drawn = tab.page.evaluate("window.paperkgGraph.nodes.get().filter(n => n.url).length")
        assert 0 < drawn < tab.page.evaluate("window.paperkgGraph.nodes.length")  # some nodes have no page
        assert "paperkg cites-like" in tab.page.locator("main").inner_text()
        tab.open(partial_server + "overview.html")
        assert tab.page.evaluate("window.paperkgGraph.nodes.length") == int(
            tab.page.locator("#graph-node-count").inner_text()
        )
        tab.assert_clean()
    finally:
        tab.close()


def test_one_page_from_a_big_store_reads_only_its_neighbourhood(big_store, tmp_path, monkeypatch):
    monkeypatch.setattr("paperkg.cli.viz.FULL_SITE_MAX", 1000)
    monkeypatch.setattr("paperkg.cli.viz.to_networkx", None)  # the whole graph must not be loaded
    out = tmp_path / "m.html"
    result = runner.invoke(
        app, ["viz", "method", "Method-1", "-o", str(out), "--db", str(big_store), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["node"] == "Method:method-1"
    html = out.read_text(encoding="utf-8")
    assert "vis.Network" in html and "paperkg cites-like" not in html  # cites-like ranked in the store
    assert re.search(r'<ol class="cites">\s*<li', html)
    paper = tmp_path / "p.html"
    result = runner.invoke(app, ["viz", "paper", "2000.00001", "-o", str(paper), "--db", str(big_store)])
    assert result.exit_code == 0, result.output
    assert "Synthetic paper 1<" in paper.read_text(encoding="utf-8")
    result = runner.invoke(app, ["viz", "method", "Method-1x", "-o", str(out), "--db", str(big_store)])
    assert result.exit_code == 1 and "did you mean" in result.stderr


def test_partial_method_pages_list_papers_to_read_from_the_rankings_index(big_store, tmp_path):
    """Where the rankings index holds a method's cites-like rows, its partial-site page lists them (a
    key lookup), as the whole-graph page does, and every paper listed gets a page of its own."""
    import shutil

    from paperkg.cypher.analytics.rankings import refresh_rankings
    from paperkg.cypher.ladybug import LadybugStore
    from paperkg.graph.analytics import cites_like

    db = tmp_path / "indexed.db"
    shutil.copy(big_store, db)
    with LadybugStore(db) as store:
        assert refresh_rankings(store, hub_papers=100).hubs["Method"] >= 2
    with open_store(db) as store:
        full = to_networkx(store)
        G, selection, _ = select_from_store(store, top=2, max_nodes=0, rows=20)
        hubs = {f"Method:{r[0]}" for r in store.run("MATCH (m:Method) WHERE m.papers > 100 RETURN m.id").rows}
    methods = sorted(k for k in selection.pages if k.startswith("Method:"))
    assert methods and set(methods) <= hubs
    for key in methods:
        view = entity_view(G, key, site_hrefs, src=selection.src)
        assert view.cites_note == ""
        assert [(r.paper.name, r.score) for r in view.cites_like] == [
            (full.nodes[f"Paper:{r.id}"]["title"], r.score) for r in cites_like(full, key)]
        assert all(f"Paper:{r.id}" in selection.pages for r in cites_like(full, key))
