"""Hostile text in every page type, parsed as a browser would (html.parser), end to end.

tests/viz/test_html.py checks a hand-made graph's hostile title, abstract, method and dataset and a
``javascript:`` paper URL by substring. The gaps filled here: input that went through the real
readers, extractor, graph and store (``paperkg build`` then ``paperkg viz``), a hostile metric name,
a ``javascript:`` repository URL, and a check on parsed tags and attributes, not on substrings.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from robustness_helpers import ROOT, cli

from paperkg.cypher.ladybug import LadybugStore

sys.path.insert(0, str(ROOT / "tests" / "viz"))
from graphs import make_graph  # noqa: E402

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
HOSTILE_CALL = re.compile(r"alert\((?:[1-9]|1[01])\)")  # the payloads below call alert(1) … alert(11)
OUR_HANDLERS = {("form", "onsubmit", "return false")}  # the search box of paperkg/viz/templates/index.html


class _Audit(HTMLParser):
    """Everything in a page that could run code: event handlers, script URLs, scripts that are not ours."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") and (tag, name, value) not in OUR_HANDLERS:
                self.bad.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and value and value.strip().lower().replace("\t", "").startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.bad.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base") or (tag == "form" and "action" in a):
            self.bad.append(f"<{tag}>")
        if tag == "img" and a.get("src") in ("x", None):
            self.bad.append("<img src=x>")
        if tag == "script":
            self._script, self._text = a, []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body = "".join(self._text)
            if HOSTILE_CALL.search(body) and self._script.get("type") != "application/json":
                self.bad.append("<script>alert(…)")
            self._script = None


def audit(html: str) -> list[str]:
    p = _Audit()
    p.feed(html)
    p.close()
    return p.bad


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


HOSTILE_RECORDS = [
    {"id": "evil-1", "title": "<script>alert(1)</script> Attention Is All You Need Again",
     "abstract": "We propose <img src=x onerror=alert(2)>Net, a Transformer variant. It improves accuracy "
                 "by 3.2% on ImageNet over ResNet-50. Code: https://github.com/evil/x\"><script>alert(3)"
                 "</script> and javascript:alert(4)."},
    {"id": "javascript:alert(5)", "title": "\"><svg onload=alert(6)> LoRA Strikes Back",
     "abstract": "We introduce `EvilLoRA` ([click](javascript:alert(7))), which outperforms LoRA by 2.1 "
                 "points on GLUE and reaches 91.0% accuracy on SST-2. <iframe src=javascript:alert(8)>"},
]


def test_hostile_records_through_build_and_viz_give_safe_pages(tmp_path):
    src = tmp_path / "evil.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in HOSTILE_RECORDS), encoding="utf-8")
    db = tmp_path / "kg.db"
    assert cli("build", src, "--db", db, "--quiet").exit_code == 0
    out = tmp_path / "site"
    r = cli("viz", "--db", db, "-o", out, "--json")
    assert r.exit_code == 0, r.output
    pages = _pages(out)
    assert len(pages) >= 6  # index, overview, both papers, some methods/datasets/metrics
    for page in pages:
        assert audit(page.read_text(encoding="utf-8")) == [], page
    kinds = {p.parent.name for p in pages}
    assert {"paper", "method"} <= kinds, kinds
    for rec in HOSTILE_RECORDS:  # each one-page command too
        page = tmp_path / "one.html"
        r = cli("viz", "paper", rec["id"], "-o", page, "--db", db)
        assert r.exit_code == 0, r.output
        assert audit(page.read_text(encoding="utf-8")) == []


HOSTILE_METRIC = "<script>alert(9)</script>F1\" onmouseover=\"alert(10)"
HOSTILE_REPO_URL = "javascript:alert(11)"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """The viz fixture graph plus a hostile metric and a javascript: repository, in a real store."""
    g = make_graph()
    paper = next(k for k, d in g.nodes(data=True) if d["label"] == "Paper")
    mkey = "Metric:hostile-metric"
    g.add_node(mkey, label="Metric", id="hostile-metric", name=HOSTILE_METRIC, aliases=["<b>m</b>"], papers=1,
               direction="higher")
    g.add_edge(paper, mkey, key="MEASURES", type="MEASURES", paper_id=g.nodes[paper]["id"], sentence="",
               field="abstract", start=None, end=None, mentions=1)
    rkey = "Repository:evil"
    g.add_node(rkey, label="Repository", id="evil", url=HOSTILE_REPO_URL, host="javascript")
    g.add_edge(paper, rkey, key="HAS_CODE", type="HAS_CODE", paper_id=g.nodes[paper]["id"], sentence="",
               field="abstract", start=None, end=None)
    path = tmp_path_factory.mktemp("hostile") / "kg.db"
    with LadybugStore(path) as s:
        s.write_graph(g)
    return path, g.nodes[paper]["id"]


def test_hostile_metric_name_and_repository_url_in_every_page(hostile_store, tmp_path):
    db, paper_id = hostile_store
    out = tmp_path / "site"
    assert cli("viz", "--db", db, "-o", out).exit_code == 0
    pages = _pages(out)
    metric_pages = [p for p in pages if p.parent.name == "metric"]
    assert metric_pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert audit(html) == [], page
        assert HOSTILE_REPO_URL not in html or 'href="javascript' not in html.lower()
    hostile = [p for p in metric_pages if "hostile" in p.name]
    assert hostile, "the hostile metric has a page, with its name shown as text"
    assert "&lt;script&gt;alert(9)&lt;/script&gt;F1" in hostile[0].read_text(encoding="utf-8")
    page = tmp_path / "paper.html"
    assert cli("viz", "paper", paper_id, "-o", page, "--db", db).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert audit(html) == []
    assert 'href="javascript:' not in html.lower()


def test_the_audit_catches_what_it_looks_for():
    """The checker itself: each kind of hostile markup is reported (a test that cannot fail is no test)."""
    assert audit('<a href=" JavaScript:alert(1)">x</a>')
    assert audit('<img src=x onerror="alert(1)">')
    assert audit("<script>alert(1)</script>")
    assert audit('<svg onload="alert(1)"></svg>')
    assert audit('<iframe src="https://example.org"></iframe>')
    assert audit('<form action="https://evil.example">') and audit('<form onsubmit="alert(1)">')
    ours = '<a href="https://e.org">ok</a><script type="application/json">{"a": "alert(1)"}</script>'
    assert audit(ours + '<form class="search" onsubmit="return false"></form>') == []
