"""Write the static site (or one standalone page) from a graph.

The site is plain files: it opens from disk (file://) or any static server, so search runs on
an index shipped as a script (file:// pages cannot fetch JSON) and vis-network is copied next
to the pages from PyVis's bundled build. No page asks another host for anything.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from paperkg.graph.analytics.cites_like import all_paper_meta
from paperkg.graph.analytics.stats import method_co_use
from paperkg.viz import network as netmod
from paperkg.viz.page_paths import PAGE_DIRS, page_path
from paperkg.viz.render import asset_text, inline_script, inline_style, render, script_json, vis_files
from paperkg.viz.site_trends import TrendSource, trend_source
from paperkg.viz.views import (
    Hrefs,
    Sources,
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
SEARCH_TYPES = {"Method": "M", "Dataset": "D", "Metric": "T", "Paper": "P"}  # one letter per row in search.js
MANIFEST = ".paperkg-site.json"  # the files this site wrote: a re-run removes those it no longer writes
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
    complete: bool = True  # every method, dataset, metric and paper has a page
    removed: int = 0  # stale files of an earlier run that were deleted
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"out": self.out, "pages": dict(self.pages), "total_pages": sum(self.pages.values()),
                "complete": self.complete, "overview_nodes": self.overview_nodes,
                "graph_nodes": self.graph_nodes, "graph_edges": self.graph_edges, "removed": self.removed,
                "seconds": round(self.seconds, 3),
                "timings": {k: round(v, 3) for k, v in self.timings.items()}}


# --------------------------------------------------------------------------- pages

def _entity_page(G: nx.MultiDiGraph, key: str, hrefs: Hrefs, root: str, inline: dict | None,
                 co_use: nx.Graph | None, src: Sources | None = None) -> str:
    view = entity_view(G, key, hrefs, co_use, src)
    shown = netmod.page_nodes(G, key)
    graph = netmod.to_graph_data(G, shown.nodes, hrefs, center=key)
    return render("entity.html", view=view, graph=graph.to_dict(), shown=shown, root=root, inline=inline,
                  page_kind=view.label.lower(), page_title=f"{view.name} ({view.label})")


def _paper_page(G: nx.MultiDiGraph, key: str, hrefs: Hrefs, root: str, inline: dict | None) -> str:
    view = paper_view(G, key, hrefs)
    shown = netmod.page_nodes(G, key)
    graph = netmod.to_graph_data(G, shown.nodes, hrefs, center=key, area=netmod.PAPER_AREA)
    return render("paper.html", view=view, graph=graph.to_dict(), shown=shown, root=root, inline=inline,
                  page_kind="paper", page_title=view.title_text)


def render_page(G: nx.MultiDiGraph, key: str, hrefs: Hrefs = site_hrefs, root: str = "../",
                inline: dict | None = None, co_use: nx.Graph | None = None,
                src: Sources | None = None) -> str:
    """One page's HTML; ``co_use`` (methods named together) is passed in when many pages share it."""
    if label_of(G, key) == "Paper":
        return _paper_page(G, key, hrefs, root, inline)
    return _entity_page(G, key, hrefs, root, inline, co_use, src)


def _inline_assets() -> dict:
    files = vis_files()
    return {"site_css": inline_style(asset_text("site.css")),
            "graph_js": inline_script(asset_text("graph.js")),
            "vis_css": inline_style(files["vis-network.css"].decode("utf-8")),
            "vis_js": inline_script(files["vis-network.min.js"].decode("utf-8"))}


def write_atomic(target: Path, data: str | bytes) -> None:
    """Write ``target`` through a temporary file in its folder and a rename: a reader (a browser, a
    static server) sees the old file or the new one, never half a page.

    The temporary file is created as ``open()`` creates any file (mode 0666 less the umask: 0644 for
    most users), not with ``mkstemp``'s private 0600, which a web server running as another user
    could not read; a user who wants the site private says so with their umask (``umask 077``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_page(G: nx.MultiDiGraph, key: str, out_file: Path, src: Sources | None = None) -> Path:
    """One self-contained page (assets inlined, no links out): opens alone from anywhere."""
    html = render_page(G, key, hrefs=no_hrefs, root="", inline=_inline_assets(), src=src)
    out_file = Path(out_file)
    write_atomic(out_file, html)
    return out_file


class SiteFiles:
    """The files of one run of the site, and the manifest that lets the next run clean up.

    Only files listed in the previous run's manifest are ever deleted: a file the site did not
    write (notes, a server's config) is left alone even if it sits among the pages.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: list[str] = []
        self.previous = self._read_manifest()

    def _read_manifest(self) -> set[str]:
        try:
            data = json.loads((self.out / MANIFEST).read_text(encoding="utf-8"))
            return {f for f in data.get("files", []) if isinstance(f, str)}
        except (OSError, ValueError, AttributeError):
            return set()

    def write(self, rel: str, data: str | bytes) -> None:
        write_atomic(self.out / rel, data)
        self.written.append(rel)

    def finish(self) -> int:
        """Write the manifest, then delete what the previous run wrote and this one did not."""
        keep = set(self.written)
        write_atomic(self.out / MANIFEST, json.dumps({"generator": "paperkg viz", "files": sorted(keep)},
                                                     indent=0))
        root = self.out.resolve()
        removed = 0
        for rel in sorted(self.previous - keep):
            target = (self.out / rel).resolve()
            if root not in target.parents or not target.is_file():
                continue  # never outside the site, never a folder
            target.unlink()
            removed += 1
            parent = target.parent
            while parent != root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        return removed


def search_index(G: nx.MultiDiGraph, hrefs: Hrefs = site_hrefs, papers: Iterable[str] | None = None) -> dict:
    """Every method, dataset and metric, and the papers given (default: all), in a compact form.

    Columns instead of one object per row: at 100k names the index is several MB and its parse time
    is most of the index page's load. ``url`` is null for a node that has no page in this site.
    """
    types, names, aliases, urls, counts = [], [], [], [], []
    groups: list[tuple[str, Iterable[str]]] = [(lab, nodes_of(G, lab))
                                               for lab in ("Method", "Dataset", "Metric")]
    groups.append(("Paper", nodes_of(G, "Paper") if papers is None else papers))
    for label, keys in groups:
        for key in keys:
            types.append(SEARCH_TYPES[label])
            names.append(name_of(G, key))
            aliases.append(aliases_of(G, key, exact=True)[:10])
            urls.append(hrefs(key))
            counts.append(paper_count(G, key) if label != "Paper" else 0)
    return {"types": "".join(types), "names": names, "aliases": aliases, "urls": urls, "papers": counts}


def _list_rows(G: nx.MultiDiGraph, label: str, hrefs: Hrefs = site_hrefs,
               keys: Iterable[str] | None = None, limit: int | None = None) -> list[dict]:
    if label != "Paper":
        return [{"item": r.item, "aliases": aliases_of(G, r.item.key), "count": r.count}
                for r in ranked(G, label, hrefs, limit)]
    rows: list[dict[str, Any]] = []
    for key in nodes_of(G, label) if keys is None else keys:
        kinds = Counter(d.get("type") for _, _, d in G.out_edges(key, data=True))
        rows.append({"item": link(G, key, hrefs), "date": str(G.nodes[key].get("date") or ""),
                     "entities": sum(kinds[r] for r in ("PROPOSES", "USES", "EVALUATES_ON", "MEASURES")),
                     "claims": kinds["REPORTS"]})
    rows.sort(key=lambda r: (r["date"], r["item"].name), reverse=True)
    return rows[:limit] if limit else rows


@dataclass(slots=True)
class Selection:
    """Which pages a site holds, when not all (see :mod:`paperkg.viz.partial`).

    ``G`` may then be a partial graph: ``counts`` are the whole graph's nodes per label, ``overview``
    the nodes of the overview graph, ``src`` the store-backed answers for entity pages.
    """

    pages: set[str]
    counts: dict[str, int]
    overview: list[str]
    src: Sources
    list_max: int = 2000
    top: int = 0  # entities per type chosen by papers (for the index's note)


def build_site(G: nx.MultiDiGraph, out_dir: Path, max_nodes: int = DEFAULT_MAX_NODES,
               selection: Selection | None = None,
               progress: Callable[[str], None] | None = None,
               trends: TrendSource | None = None) -> SiteReport:
    """Write the site into ``out_dir``: every node's page, or only ``selection.pages``.

    Links are only rendered to pages the site holds (``hrefs`` is None for the others), so a
    partial site has no dead link; pages of an earlier run that this one does not hold are removed.
    ``trends`` (the monthly counts of the charts, computed once on the store) is computed from ``G``
    when not given; a partial site's come with its ``selection``.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = SiteFiles(out)
    report = SiteReport(str(out), graph_nodes=G.number_of_nodes(), graph_edges=G.number_of_edges())
    for name in SITE_ASSETS:
        files.write(f"assets/{name}", asset_text(name))
    for name, data in vis_files().items():
        files.write(f"assets/{name}", data)

    if selection is None:
        hrefs: Hrefs = site_hrefs
        src = Sources(co_use=method_co_use(G), meta=all_paper_meta(G),
                      trends=trends if trends is not None else trend_source(G))
        keys = {label: nodes_of(G, label) for label in PAGE_LABELS}
        counts = None
    else:
        pages = selection.pages

        def hrefs(key: str) -> str | None:
            return page_path(key) if key in pages else None

        src = selection.src
        keys = {label: sorted(k for k in pages if label_of(G, k) == label) for label in PAGE_LABELS}
        counts = selection.counts
        report.complete = False
    t = time.perf_counter()
    report.timings["prepare"] = t - started
    for label in PAGE_LABELS:
        for key in keys[label]:
            path = page_path(key)
            assert path is not None, key  # every label of PAGE_LABELS has pages
            files.write(path, render_page(G, key, hrefs=hrefs, src=src))
        report.pages[label.lower()] = len(keys[label])
        now = time.perf_counter()
        report.timings[f"{label.lower()} pages"] = now - t
        t = now
        if progress:
            progress(f"{len(keys[label])} {label.lower()} pages")

    overview = netmod.overview_nodes(G, max_nodes) if selection is None else selection.overview[:max_nodes]
    report.overview_nodes = len(overview)
    graph = netmod.to_graph_data(G, overview, hrefs, labelled=netmod.OVERVIEW_LABELS,
                                 area=netmod.OVERVIEW_AREA).to_dict()
    if counts is None:
        candidates = sum(1 for n in G.nodes if label_of(G, n) != "Claim")
    else:
        candidates = sum(v for k, v in counts.items() if k != "Claim")
    files.write("overview.html", render("overview.html", graph=graph, root="", inline=None,
                                        page_kind="overview", page_title="Overview graph", total=candidates,
                                        capped=candidates > max_nodes, max_nodes=max_nodes))
    list_max = selection.list_max if selection else None
    paper_keys = keys["Paper"] if selection else None
    for label, file in (("Method", "methods.html"), ("Dataset", "datasets.html"), ("Metric", "metrics.html"),
                        ("Paper", "papers.html")):
        rows = _list_rows(G, label, hrefs, paper_keys if label == "Paper" else None, list_max)
        total = (counts or {}).get(label) if selection else len(rows)
        pages_of = len(keys[label])
        files.write(file, render("list.html", label=label, rows=rows, root="", inline=None, total=total,
                                 with_pages=pages_of, graph=None, page_kind=f"list-{label}",
                                 page_title=f"{label}s"))
    files.write("search-index.js",
                f"window.PAPERKG_SEARCH = {script_json(search_index(G, hrefs, paper_keys))};\n")
    view = index_view(G, hrefs, counts=counts, papers=paper_keys,
                      rising=src.trends.rising if src.trends is not None else None)
    files.write("index.html", render("index.html", view=view, root="", inline=None, graph=None,
                                     page_kind="index", page_title="Home", overview_size=len(overview),
                                     complete=report.complete, pages_written=sum(report.pages.values()),
                                     top=selection.top if selection else 0))
    report.timings["overview, lists, index"] = time.perf_counter() - t
    report.pages["other"] = 7
    report.removed = files.finish()
    report.seconds = time.perf_counter() - started
    return report
