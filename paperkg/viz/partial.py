"""The default site of a big store: index, lists, overview, and the pages of the busiest entities.

Loading a 100k-paper store into NetworkX takes minutes and gigabytes, and writing a page per node
takes longer still. So at scale the site holds the ``top`` methods, datasets and metrics by papers
and the papers their pages link to, and reads from the store only what those pages show: all
entity nodes (names for search and lists; tens of thousands, cheap), each chosen entity's first
``rows`` papers in page order and newest ``rows`` results, then every chosen paper with its
edges, claims and evidence. The views then run unchanged on this partial graph; what it cannot
answer (totals, methods named together, leaderboards) comes from store queries. The statements are
in :mod:`paperkg.cypher.ladybug.partial_readback` (the reads) and :mod:`paperkg.cypher.analytics`
(cites-like, leaderboards, trends); this module chooses the pages and what they need.

Every ordering here matches the in-memory views', so a page lists the same rows as in a full site:
the partial graph holds the true first ``rows`` plus, at most, other papers that sort after them.
*Papers to read* (cites-like) are listed where the rankings index holds them (the busiest methods: a
key lookup); ranking a method the index does not hold needs every fact about it, seconds per hub in a
store without the index, so such a page gives the ``paperkg cites-like`` command instead.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import networkx as nx

from paperkg.cypher.analytics.lookups_on_store import (
    cached,
    cites_like_on_store,
    direct_key,
    leaderboard_on_store,
)
from paperkg.cypher.ladybug.partial_readback import PartialReader, node_counts
from paperkg.graph.analytics.answers import Leaderboard
from paperkg.graph.schema import ENTITY_LABELS, REL_BY_NAME
from paperkg.viz.network import ENTITY_SHARE
from paperkg.viz.site import Selection
from paperkg.viz.site_trends import trend_source_on_store
from paperkg.viz.views import Sources

DEFAULT_TOP = 10  # entities per type with a page in the default site of a big store
SCALE_ROWS = 25  # papers and results listed per entity page of a partial site
FULL_SITE_MAX = 5000  # up to this many papers + entities, the default site is complete
INDEX_TOP = 12
SCALE_BOARDS = 5  # leaderboards (metrics) per dataset page of a partial site
SCALE_BOARD_ROWS = 10

CITES_NOTE = (
    "Left out of this partial site (ranking it takes seconds per popular method); "
    "list them with: paperkg cites-like {name} --db DB"
)


def _indexed(store: Any, method_id: str) -> bool:
    """Whether the rankings index holds the method's cites-like rows (then ranking is a key lookup)."""
    return bool(cached(store, [direct_key(method_id)]))


def _top_entities(G: nx.MultiDiGraph, label: str, n: int) -> list[str]:
    keys = [k for k, d in G.nodes(data=True) if d.get("label") == label]
    keys.sort(key=lambda k: (-(G.nodes[k].get("papers") or 0), str(G.nodes[k].get("name") or k).lower(), k))
    return keys[:n]


def select_from_store(
    store: Any,
    top: int = DEFAULT_TOP,
    max_nodes: int = 300,
    rows: int = SCALE_ROWS,
    progress: Callable[[str], None] | None = None,
    chosen: list[str] | None = None,
    cites: bool = False,
) -> tuple[nx.MultiDiGraph, Selection, dict]:
    """The partial graph and the selection of pages of the default site of a big store.

    Returns ``(G, selection, timings)``; ``top`` entities per type get a page, with the papers their
    pages link to (listed papers, papers of listed results and leaderboard rows), the
    newest papers (the index lists them) and the papers of the overview graph.

    ``chosen`` (node keys) replaces the top entities, for a one-page export from a big store: then no
    newest papers are added, the overview is skipped when ``max_nodes`` is 0, and ``cites`` ranks
    cites-like in the store for the chosen methods (seconds per popular method: fine for one page).
    """
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    r = PartialReader(store)
    counts = r.counts()
    r.entities()
    G = r.G
    timings["entities"] = time.perf_counter() - t0

    papers: dict[str, None] = {}  # paper ids with a page, in the order found
    one_off = chosen is not None
    if chosen is None:
        chosen = [k for label in ENTITY_LABELS for k in _top_entities(G, label, top)]
    else:
        papers.update((k.partition(":")[2], None) for k in chosen if k.startswith("Paper:"))
        chosen = [k for k in chosen if k in G]
    ranked: dict[str, list] = {}
    totals: dict[str, dict[str, int]] = {}
    co_use: nx.Graph = nx.Graph()
    board: dict[str, Leaderboard] = {}
    outperforms: list[tuple[str, str, list[Any]]] = []
    for key in chosen:
        label, _, ident = key.partition(":")
        # The views list papers by their strongest relation, then by title; results newest paper first.
        for pid in r.page_papers(label, ident, rows):
            papers.setdefault(pid)
        for pid in r.result_papers(label, ident, rows):
            papers.setdefault(pid)
        n_claims = r.claim_count(label, ident)
        totals[key] = {"papers": int(G.nodes[key].get("papers") or 0), "claims": n_claims}
        if label == "Method":
            for other, n in r.co_used(ident):
                co_use.add_edge(key, f"Method:{other}", weight=n)
            for direction in ("outperforms", "outperformed_by"):
                found, totals[key][direction] = r.outperforms(ident, direction, rows)
                for row in found:
                    outperforms.append(
                        (
                            key if direction == "outperforms" else f"Method:{row[0]}",
                            f"Method:{row[0]}" if direction == "outperforms" else key,
                            row[1:],
                        )
                    )
                    if row[2]:
                        papers.setdefault(row[2])
        if label == "Method" and (cites or _indexed(store, ident)):
            ranked[key] = cites_like_on_store(store, ident)
            for row in ranked[key]:  # the papers to read get pages, so their rows are links
                papers.setdefault(row.id)
        if label == "Dataset":
            lb = leaderboard_on_store(store, ident, limit=SCALE_BOARD_ROWS)
            board[key] = lb
            for b in lb.boards[:SCALE_BOARDS]:
                for board_row in (*b.scores[:SCALE_BOARD_ROWS], *b.apart[:SCALE_BOARD_ROWS]):
                    if board_row.paper_id:
                        papers.setdefault(board_row.paper_id)
    timings["entity queries"] = time.perf_counter() - t0 - sum(timings.values())

    newest = [] if one_off else r.newest_papers(INDEX_TOP)
    for pid in newest:
        papers.setdefault(pid)
    overview = _overview(r, max_nodes) if max_nodes > 0 else []
    for key in overview:
        if key.startswith("Paper:"):
            papers.setdefault(key.partition(":")[2])
    timings["overview query"] = time.perf_counter() - t0 - sum(timings.values())

    r.papers(list(papers))
    ops = REL_BY_NAME["OUTPERFORMS"].props
    for u, v, values in outperforms:
        attrs = {"type": "OUTPERFORMS", **{p.name: x for p, x in zip(ops, values, strict=True)}}
        G.add_edge(u, v, key=f"OUTPERFORMS:{attrs.get('claim_id')}", **attrs)
    timings["papers"] = time.perf_counter() - t0 - sum(timings.values())
    # the charts of the chosen pages (one statement from each key) and, for a site, the rising methods
    pages_of = [k for k in chosen if not k.startswith("Paper:")]
    trends = trend_source_on_store(store, pages_of, rising=not one_off)
    timings["trends"] = time.perf_counter() - t0 - sum(timings.values())
    if progress:
        progress(f"read {len(chosen)} entities and {len(papers)} papers from the store")

    src = Sources(
        rows=rows,
        cites=lambda k: ranked.get(k, []),
        boards=lambda k: board[k],
        co_use=co_use,
        totals=totals,
        cites_note="" if cites else CITES_NOTE,
        cites_ranked=set(ranked),
        max_boards=SCALE_BOARDS,
        board_rows=SCALE_BOARD_ROWS,
        trends=trends,
    )
    pages = {k for k in chosen if not k.startswith("Paper:")} | {
        f"Paper:{p}" for p in papers if f"Paper:{p}" in G
    }
    return G, Selection(pages=pages, counts=counts, overview=overview, src=src, top=top), timings


def _overview(r: PartialReader, max_nodes: int) -> list[str]:
    """Like :func:`paperkg.viz.network.overview_nodes`: entities with the most papers get two thirds of
    the room, the papers that name the most of them fill the rest (counted by the store)."""
    G = r.G
    entities = sorted(
        (k for k, d in G.nodes(data=True) if d.get("label") in ENTITY_LABELS),
        key=lambda k: (-(G.nodes[k].get("papers") or 0), k),
    )[: max(1, int(max_nodes * ENTITY_SHARE))]
    ties: Counter[str] = Counter()
    room = max_nodes - len(entities)
    if room > 0:
        for label in ENTITY_LABELS:
            ids = [k.partition(":")[2] for k in entities if k.startswith(label + ":")]
            if not ids:
                continue
            for pid, n in r.papers_naming(label, ids, room * 4):
                ties[f"Paper:{pid}"] += n
    papers = [p for p, _ in sorted(ties.items(), key=lambda kv: (-kv[1], kv[0]))[:room]]
    return [*entities, *papers]


def site_size(store: Any) -> int:
    """Papers plus entities: the pages a complete site would write."""
    return sum(node_counts(store, ("Paper", *ENTITY_LABELS)).values())
