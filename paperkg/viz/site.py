"""Write the static site (or one standalone page) from a graph.

The site is plain files: it opens from disk (file://) or any static server, so search runs on
an index shipped as a script (file:// pages cannot fetch JSON) and vis-network is copied next
to the pages from PyVis's bundled build. No page asks another host for anything.
"""

from __future__ import annotations

import difflib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from paperkg.graph.analytics.stats import method_co_use
from paperkg.viz import network as netmod
from paperkg.viz.paths import PAGE_DIRS, page_path, split_key
from paperkg.viz.render import asset_text, inline_script, inline_style, render, script_json, vis_files
from paperkg.viz.views import (
    Hrefs,
    aliases_of,
    entity_view,
    index_view,
    label_of,
    link,
    name_of,
    no_hrefs,
    nodes_of,
    paper_count,
    paper_view,
    ranked,
    site_hrefs,
)

DEFAULT_MAX_NODES = 300
SITE_ASSETS = ("site.css", "graph.js", "search.js")
PAGE_LABELS = tuple(PAGE_DIRS)  # Paper, Method, Dataset, Metric


@dataclass(slots=True)
class SiteReport:
    out: str
    pages: dict[str, int] = field(default_factory=dict)
    overview_nodes: int = 0
    graph_nodes: int = 0
    graph_edges: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"out": self.out, "pages": dict(self.pages), "total_pages": sum(self.pages.values()),
                "overview_nodes": self.overview_nodes, "graph_nodes": self.graph_nodes,
                "graph_edges": self.graph_edges, "seconds": round(self.seconds, 3)}


# --------------------------------------------------------------------------- finding nodes

def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def find_node(G: nx.MultiDiGraph, label: str, query: str) -> str | None:
    """A node of ``label`` by key, id, name, alias (any case) or, for papers, title or arXiv id."""
    if query in G and label_of(G, query) == label:
        return query
    if f"{label}:{query}" in G:
        return f"{label}:{query}"
    q = _norm(query)
    by_alias = None
    for key in nodes_of(G, label):
        d = G.nodes[key]
        if q in (_norm(split_key(key)[1]), _norm(name_of(G, key)), _norm(d.get("arxiv_id") or "")):
            return key
        if by_alias is None and q in {_norm(a) for a in d.get("aliases") or []}:
            by_alias = key
    return by_alias


def suggestions(G: nx.MultiDiGraph, label: str, query: str, limit: int = 5) -> list[str]:
    """Names close to ``query`` (typos, partial names), most papers first among equals."""
    names: dict[str, str] = {}
    for key in nodes_of(G, label):
        for form in (name_of(G, key), *aliases_of(G, key)):
            names.setdefault(_norm(form), name_of(G, key))
    q = _norm(query)
    close = difflib.get_close_matches(q, list(names), n=limit, cutoff=0.6)
    contains = [n for n in names if q and q in n and n not in close]
    picked = list(dict.fromkeys(names[n] for n in [*close, *sorted(contains, key=len)]))
    return picked[:limit]


# --------------------------------------------------------------------------- pages

def _entity_page(G: nx.MultiDiGraph, key: str, hrefs: Hrefs, root: str, inline: dict | None,
                 co_use: nx.Graph | None) -> str:
    view = entity_view(G, key, hrefs, co_use)
    graph = netmod.to_graph_data(G, netmod.neighbourhood(G, key), hrefs, center=key)
    return render("entity.html", view=view, graph=graph.to_dict(), root=root, inline=inline,
                  page_kind=view.label.lower(), page_title=f"{view.name} ({view.label})")


def _paper_page(G: nx.MultiDiGraph, key: str, hrefs: Hrefs, root: str, inline: dict | None) -> str:
    view = paper_view(G, key, hrefs)
    graph = netmod.to_graph_data(G, netmod.neighbourhood(G, key), hrefs, center=key)
    return render("paper.html", view=view, graph=graph.to_dict(), root=root, inline=inline,
                  page_kind="paper", page_title=view.title_text)


def render_page(G: nx.MultiDiGraph, key: str, hrefs: Hrefs = site_hrefs, root: str = "../",
                inline: dict | None = None, co_use: nx.Graph | None = None) -> str:
    """One page's HTML; ``co_use`` (methods named together) is passed in when many pages share it."""
    if label_of(G, key) == "Paper":
        return _paper_page(G, key, hrefs, root, inline)
    return _entity_page(G, key, hrefs, root, inline, co_use)


def _inline_assets() -> dict:
    files = vis_files()
    return {"site_css": inline_style(asset_text("site.css")),
            "graph_js": inline_script(asset_text("graph.js")),
            "vis_css": inline_style(files["vis-network.css"].decode("utf-8")),
            "vis_js": inline_script(files["vis-network.min.js"].decode("utf-8"))}


def write_page(G: nx.MultiDiGraph, key: str, out_file: Path) -> Path:
    """One self-contained page (assets inlined, no links out): opens alone from anywhere."""
    html = render_page(G, key, hrefs=no_hrefs, root="", inline=_inline_assets())
    out_file = Path(out_file)
    if out_file.parent and not out_file.parent.exists():
        out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(html, encoding="utf-8")
    return out_file


def search_index(G: nx.MultiDiGraph) -> list[dict]:
    rows = []
    for label in ("Method", "Dataset", "Metric", "Paper"):
        for key in nodes_of(G, label):
            rows.append({"type": label, "name": name_of(G, key), "aliases": aliases_of(G, key)[:10],
                         "url": page_path(key), "papers": paper_count(G, key) if label != "Paper" else 0})
    return rows


def _list_rows(G: nx.MultiDiGraph, label: str) -> list[dict]:
    if label != "Paper":
        return [{"item": r.item, "aliases": aliases_of(G, r.item.key), "count": r.count}
                for r in ranked(G, label, site_hrefs)]
    rows = []
    for key in nodes_of(G, label):
        kinds = Counter(d.get("type") for _, _, d in G.out_edges(key, data=True))
        rows.append({"item": link(G, key, site_hrefs), "date": str(G.nodes[key].get("date") or ""),
                     "entities": sum(kinds[r] for r in ("PROPOSES", "USES", "EVALUATES_ON", "MEASURES")),
                     "claims": kinds["REPORTS"]})
    rows.sort(key=lambda r: (r["date"], r["item"].name), reverse=True)
    return rows


def build_site(G: nx.MultiDiGraph, out_dir: Path, max_nodes: int = DEFAULT_MAX_NODES) -> SiteReport:
    started = time.perf_counter()
    out = Path(out_dir)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    for name in SITE_ASSETS:
        (out / "assets" / name).write_text(asset_text(name), encoding="utf-8")
    for name, data in vis_files().items():
        (out / "assets" / name).write_bytes(data)
    report = SiteReport(str(out), graph_nodes=G.number_of_nodes(), graph_edges=G.number_of_edges())

    def write(rel: str, html: str) -> None:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")

    co_use = method_co_use(G)
    for label in PAGE_LABELS:
        keys = nodes_of(G, label)
        for key in keys:
            write(page_path(key), render_page(G, key, co_use=co_use))
        report.pages[label.lower()] = len(keys)

    overview = netmod.overview_nodes(G, max_nodes)
    report.overview_nodes = len(overview)
    graph = netmod.to_graph_data(G, overview, site_hrefs, labelled=netmod.OVERVIEW_LABELS).to_dict()
    candidates = sum(1 for n in G.nodes if label_of(G, n) != "Claim")
    write("overview.html", render("overview.html", graph=graph, root="", inline=None, page_kind="overview",
                                  page_title="Overview graph", total=candidates,
                                  capped=candidates > max_nodes, max_nodes=max_nodes))
    for label, file in (("Method", "methods.html"), ("Dataset", "datasets.html"), ("Metric", "metrics.html"),
                        ("Paper", "papers.html")):
        write(file, render("list.html", label=label, rows=_list_rows(G, label), root="", inline=None,
                           graph=None, page_kind=f"list-{label}", page_title=f"{label}s"))
    write("search-index.js", f"window.PAPERKG_SEARCH = {script_json(search_index(G))};\n")
    write("index.html", render("index.html", view=index_view(G, site_hrefs), root="", inline=None, graph=None,
                               page_kind="index", page_title="Home", overview_size=len(overview)))
    report.pages["other"] = 7
    report.seconds = time.perf_counter() - started
    return report
