"""The generated HTML without a browser: escaping, links that resolve, offline assets, file names."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from graphs import HOSTILE_ABSTRACT_BIT, HOSTILE_DATASET, HOSTILE_METHOD, HOSTILE_TITLE, ent_id
from hypothesis import given
from hypothesis import strategies as st

from paperkg.viz import network
from paperkg.viz.page_paths import page_path, slug
from paperkg.viz.render import script_json
from paperkg.viz.site import build_site, write_page
from paperkg.viz.views import Segment, highlight, paper_view, sentence_segments, site_hrefs

HOSTILE_RAW = ("<script>alert", "<img src=x", "onerror=alert(2)>", "<b>Mallory")


class Refs(HTMLParser):
    """Every URL a page refers to, with the tag and attribute it came from."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str, dict]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.refs.append((tag, name, a[name], a))


def parse(path: Path) -> Refs:
    p = Refs()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def search_rows(root: Path) -> list[dict]:
    """search-index.js (columns) back as one dict per row."""
    text = (root / "search-index.js").read_text(encoding="utf-8")
    cols = json.loads(text.removeprefix("window.PAPERKG_SEARCH = ").rstrip().rstrip(";"))
    return [{"type": t, "name": n, "aliases": a, "url": u, "papers": p}
            for t, n, a, u, p in zip(cols["types"], cols["names"], cols["aliases"], cols["urls"],
                                     cols["papers"], strict=True)]


# --------------------------------------------------------------------------- file names

@given(st.text(min_size=1, max_size=200))
def test_slugs_are_safe_file_names(ident):
    s = slug(ident)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", s), s
    assert len(s) <= 70
    assert s not in {"con", "nul", "aux", "prn"}


def test_slugs_keep_ids_apart():
    ids = ["LoRA", "lora", "lo-ra", "Lo Ra", "lora!", "2106.09685", "2106-09685", "a" * 100, "a" * 101,
           "con", "CON", "", "über", "uber", "<script>"]
    slugs = [slug(i) for i in ids if i]
    assert len(set(slugs)) == len(slugs)
    assert slug("lora") == "lora"  # a clean id is used as is
    assert page_path("Method:lora") == "method/lora.html"
    assert page_path("Claim:x#1") is None


# --------------------------------------------------------------------------- escaping

def test_script_json_cannot_end_the_script_element_and_parses_back():
    value = {"t": "</script><script>alert(1)</script>&amp;\u2028\u2029<!--"}
    text = str(script_json(value))
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == value


def test_hostile_text_is_never_raw_html_in_any_page(site):
    root, _ = site
    checked = 0
    for path in [*pages(root), root / "search-index.js"]:
        html = path.read_text(encoding="utf-8")
        for bad in HOSTILE_RAW:
            assert bad not in html, (path, bad)
        assert "javascript:" not in html, path
        checked += 1
    assert checked > 20


def test_hostile_title_shows_as_text(site, graph):
    root, _ = site
    paper = (root / page_path("Paper:hostile-paper")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hostile Paper" in paper
    assert "&lt;img src=x onerror=alert(1)&gt;" in paper
    method = (root / page_path(f"Method:{ent_id(HOSTILE_METHOD)}")).read_text(encoding="utf-8")
    assert "<h1>&lt;img src=x onerror=alert(2)&gt;Net</h1>" in method
    dataset = (root / page_path(f"Dataset:{ent_id(HOSTILE_DATASET)}")).read_text(encoding="utf-8")
    assert "&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;Bench" in dataset
    index = (root / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hostile Paper" in index


def test_graph_json_round_trips_hostile_names(site):
    root, _ = site
    html = (root / "method/lora.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    labels = {n["id"]: n for n in data["nodes"]}
    hostile = labels[f"Method:{ent_id(HOSTILE_METHOD)}"]
    assert hostile["title"].startswith(f"Method: {HOSTILE_METHOD}")
    assert hostile["url"] == page_path(f"Method:{ent_id(HOSTILE_METHOD)}")


# --------------------------------------------------------------------------- links and assets

def test_every_local_link_resolves_to_a_file_and_anchor(site):
    root, _ = site
    missing = []
    for path in pages(root):
        refs = parse(path)
        for tag, _attr, url, attrs in refs.refs:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                # Leaving the site is only ever a link the reader clicks, never a resource.
                assert tag == "a" and "external" in attrs.get("class", ""), (path, url)
                continue
            if parts.scheme == "data":
                assert tag == "link" and attrs.get("rel") == "icon"
                continue
            assert not parts.scheme and not parts.netloc, (path, url)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                missing.append((path.relative_to(root), url))
            elif parts.fragment and target.suffix == ".html":
                if parts.fragment not in parse(target).ids:
                    missing.append((path.relative_to(root), url))
    assert not missing, missing[:10]


def test_graph_node_urls_resolve(site):
    root, _ = site
    for path in pages(root):
        html = path.read_text(encoding="utf-8")
        m = re.search(r'id="graph-data">(.*?)</script>', html, re.S)
        if not m:
            continue
        for node in json.loads(m.group(1))["nodes"]:
            if node.get("url"):
                assert (root / node["url"]).is_file(), (path, node["url"])


def test_site_has_a_page_per_entity_and_paper(site, graph):
    root, report = site
    for key, d in graph.nodes(data=True):
        if d["label"] in ("Paper", "Method", "Dataset", "Metric"):
            assert (root / page_path(key)).is_file(), key
    assert report.pages == {"paper": 5, "method": 10, "dataset": 5, "metric": 3, "other": 7}
    for name in ("index.html", "overview.html", "search-index.js", "assets/vis-network.min.js",
                 "assets/vis-network.css", "assets/graph.js", "assets/site.css", "assets/search.js"):
        assert (root / name).is_file(), name


def test_search_index_lists_every_named_node(site, graph):
    root, _ = site
    text = (root / "search-index.js").read_text(encoding="utf-8")
    assert text.startswith("window.PAPERKG_SEARCH = ")
    rows = search_rows(root)
    assert {r["name"] for r in rows} >= {"LoRA", "MMLU", "accuracy", HOSTILE_TITLE}
    lora = next(r for r in rows if r["name"] == "LoRA")
    assert lora["aliases"] == ["Low-Rank Adaptation", "low-rank adapters"] and lora["papers"] == 4
    assert lora["type"] == "M" and lora["url"] == "method/lora.html"
    assert next(r for r in rows if r["name"] == "accuracy")["type"] == "T"
    assert len(rows) == 5 + 10 + 5 + 3 and all(r["url"] for r in rows)  # complete site: every row links


def test_overview_is_capped(graph, tmp_path):
    report = build_site(graph, tmp_path, max_nodes=7)
    assert report.overview_nodes == 7
    html = (tmp_path / "overview.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', html, re.S).group(1))
    assert len(data["nodes"]) == 7
    assert 'id="graph-node-count">7<' in html
    assert "capped at 7" in html


def test_standalone_page_inlines_everything(graph, tmp_path):
    out = write_page(graph, "Method:lora", tmp_path / "sub" / "lora.html")
    html = out.read_text(encoding="utf-8")
    refs = parse(out)
    assert not [r for r in refs.refs if r[0] in ("script", "link") and r[1] in ("src", "href")
                and not r[2].startswith("data:")]
    assert "vis.Network" in html and 'data-links="off"' in html
    assert not [r for r in refs.refs if r[0] == "a" and "external" not in r[3].get("class", "")]


# --------------------------------------------------------------------------- views

def test_highlight_cuts_text_by_offsets_and_drops_bad_spans():
    segs = highlight("We use LoRA on GLUE.", [(7, 11, "Method", "m.html"), (15, 19, "Dataset", None),
                                              (8, 10, "Metric", None), (30, 40, "Method", None)])
    assert segs == [Segment("We use "), Segment("LoRA", "Method", "m.html"), Segment(" on "),
                    Segment("GLUE", "Dataset"), Segment(".")]
    assert "".join(s.text for s in segs) == "We use LoRA on GLUE."


def test_evidence_sentence_highlights_the_mention_at_its_offsets(graph):
    # "accuracy" appears once in this sentence; the edge's offsets count in the abstract.
    edge = graph.get_edge_data("Paper:2305.14314", "Metric:accuracy")["MEASURES"]
    segs = sentence_segments(graph, edge, "Metric")
    marked = [s for s in segs if s.label]
    assert [s.text for s in marked] == ["accuracy"]
    assert "".join(s.text for s in segs) == edge["sentence"]


def test_paper_view_marks_entities_and_claims_in_the_abstract(graph):
    view = paper_view(graph, "Paper:2305.14314", site_hrefs)
    marked = {(s.text, s.label) for s in view.abstract if s.label}
    assert {("QLoRA", "Method"), ("MMLU", "Dataset"), ("99.3%", "Claim"), ("2.1%", "Claim")} <= marked
    assert "".join(s.text for s in view.abstract) == graph.nodes["Paper:2305.14314"]["abstract"]
    assert view.url == "https://huggingface.co/papers/2305.14314"
    hostile = paper_view(graph, "Paper:hostile-paper", site_hrefs)
    assert hostile.url is None  # a javascript: URL is never a link
    assert HOSTILE_ABSTRACT_BIT in "".join(s.text for s in hostile.abstract)


def test_neighbourhood_centres_on_the_node_and_respects_the_limit(graph):
    nodes = network.neighbourhood(graph, "Method:lora", limit=6)
    assert nodes[0] == "Method:lora" and len(nodes) == 6
    full = network.neighbourhood(graph, "Method:lora")
    assert {"Paper:2106.09685", "Paper:2305.14314", "Dataset:mmlu", "Metric:accuracy"} <= set(full)
    assert not [n for n in full if n.startswith("Claim:")]
    paper = network.neighbourhood(graph, "Paper:2305.14314")
    assert "Claim:2305.14314#1" in paper


@pytest.mark.parametrize("label", ["Paper", "Method", "Dataset", "Metric", "Claim", "Repository"])
def test_each_type_has_its_own_look(graph, label):
    key = next(n for n, d in graph.nodes(data=True) if d["label"] == label)
    data = network.to_graph_data(graph, [key], site_hrefs)
    node = data.nodes[0]
    looks = {(n["shape"], n["color"]["background"])
             for lab in ("Paper", "Method", "Dataset", "Metric", "Claim", "Repository")
             for n in network.to_graph_data(
                 graph, [next(k for k, d in graph.nodes(data=True) if d["label"] == lab)], site_hrefs).nodes}
    assert len(looks) == 6
    assert node["kind"] == label


def test_big_graphs_name_only_their_busiest_nodes(graph):
    nodes = network.overview_nodes(graph, 20)
    data = network.to_graph_data(graph, nodes, site_hrefs, labelled=3)
    named = [n for n in data.nodes if n["label"].strip()]
    assert len(named) == 3
    assert "Method:lora" in {n["id"] for n in named}  # the busiest entity keeps its name
    assert all(n["title"] for n in data.nodes)  # every node still has its name on hover


def test_overview_gives_most_room_to_entities(graph):
    nodes = network.overview_nodes(graph, 9)
    labels = [graph.nodes[n]["label"] for n in nodes]
    assert sum(lab in ("Method", "Dataset", "Metric") for lab in labels) == 6
    assert "Claim" not in labels
