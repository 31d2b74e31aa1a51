"""What is in the graph: sizes, the central entities, method communities and rising methods."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

import networkx as nx

from paperkg.graph.analytics.answers import Community, Rising, Stats, TopItem
from paperkg.graph.analytics.pagerank import pagerank
from paperkg.graph.analytics.projection import (
    display_name,
    entity_papers,
    label_of,
    nodes_with_label,
    paper_entities,
    projection,
    split_key,
)
from paperkg.graph.schema import ENTITY_LABELS

TOP_N = 10
PAGERANK_ALPHA = 0.85
LOUVAIN_SEED = 42
COMMUNITY_MEMBERS = 8
NO_YEARS_NOTE = "rising methods skipped: papers span fewer than two years"


def method_co_use(G: nx.MultiDiGraph) -> nx.Graph:
    """Methods linked when a paper names both; weight = number of such papers. Sorted, so deterministic."""
    weights: Counter = Counter()
    methods: set[str] = set()
    for p in nodes_with_label(G, "Paper"):
        ms = sorted(m for m in paper_entities(G, p) if label_of(G, m) == "Method")
        methods.update(ms)
        weights.update(itertools.combinations(ms, 2))
    C: nx.Graph = nx.Graph()
    C.add_nodes_from(sorted(methods))
    C.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    return C


def communities(G: nx.MultiDiGraph, seed: int = LOUVAIN_SEED) -> list[Community]:
    """Louvain communities (``networkx.community.louvain_communities``, weight = co-use papers, resolution 1,
    fixed ``seed``) of the method co-use graph; singletons dropped; members by papers, then name."""
    return louvain_communities(method_co_use(G), lambda m: len(entity_papers(G, m)),
                               lambda m: display_name(G, m), seed)


def louvain_communities(C: nx.Graph, papers: Callable[[str], int], name: Callable[[str], str],
                        seed: int = LOUVAIN_SEED) -> list[Community]:
    """The communities of a co-use graph ``C`` built as :func:`method_co_use` builds it (nodes and edges
    added in sorted order: Louvain's answer depends on that order); ``papers`` and ``name`` of a node
    order and show the members. Shared by the in-memory and the store-side stats."""
    if C.number_of_edges() == 0:
        return []
    parts = nx.community.louvain_communities(C, weight="weight", seed=seed)
    out = []
    for part in parts:
        if len(part) < 2:
            continue
        members = sorted(part, key=lambda m: (-papers(m), name(m).lower(), m))
        out.append(Community(size=len(part), members=[name(m) for m in members[:COMMUNITY_MEMBERS]]))
    out.sort(key=lambda c: (-c.size, c.members))
    return out


def rising_methods(G: nx.MultiDiGraph, limit: int = TOP_N) -> tuple[list[int], list[Rising]]:
    """Papers per year for each method; growth = papers in the latest year minus the year before.
    Returns ([], []) when fewer than two distinct paper years exist (nothing to compare)."""
    year_of: dict[str, int] = {
        p: y for p in nodes_with_label(G, "Paper") if isinstance(y := G.nodes[p].get("year"), int)
    }
    years = sorted(set(year_of.values()))
    if len(years) < 2:
        return years, []
    last, prev = years[-1], years[-2]
    rows = []
    for m in nodes_with_label(G, "Method"):
        per_year = Counter(year_of[p] for p in entity_papers(G, m) if year_of.get(p) in years)
        growth = per_year.get(last, 0) - per_year.get(prev, 0)
        if growth > 0:
            rows.append(Rising(id=split_key(m)[1], name=display_name(G, m),
                               per_year=dict(sorted(per_year.items())), growth=growth))
    rows.sort(key=rising_order)
    return years, rows[:limit]


def rising_order(r: Rising) -> tuple:
    return (-r.growth, -sum(r.per_year.values()), r.name.lower())


def by_papers(t: TopItem) -> tuple:
    return (-t.papers, -t.pagerank, t.name.lower())


def by_pagerank(t: TopItem) -> tuple:
    return (-t.pagerank, -t.papers, t.name.lower())


def stats(G: nx.MultiDiGraph, top: int = TOP_N) -> Stats:
    """Counts by node label and relationship type; for each entity label the top entities by number of
    papers and by PageRank (alpha 0.85, unweighted, on the paper–entity projection; entities no paper
    names are left out); Louvain communities
    of methods; and rising methods by year (see :func:`rising_methods`)."""
    nodes = Counter(d.get("label") or split_key(n)[0] for n, d in G.nodes(data=True))
    edges = Counter(d.get("type") or str(k).split(":")[0] for _, _, k, d in G.edges(keys=True, data=True))
    H = projection(G)
    pr = pagerank(H, alpha=PAGERANK_ALPHA) if H.number_of_edges() else {}
    top_papers, top_pr = {}, {}
    for label in ENTITY_LABELS:
        items = [TopItem(id=split_key(n)[1], name=display_name(G, n), papers=len(entity_papers(G, n)),
                         pagerank=round(pr.get(n, 0.0), 6)) for n in nodes_with_label(G, label)
                 if n in pr]
        top_papers[label] = sorted(items, key=by_papers)[:top]
        top_pr[label] = sorted(items, key=by_pagerank)[:top]
    years, rising = rising_methods(G, top)
    notes = [] if len(years) >= 2 else [NO_YEARS_NOTE]
    return Stats(nodes=dict(sorted(nodes.items())), edges=dict(sorted(edges.items())),
                 top_by_papers=top_papers, top_by_pagerank=top_pr, communities=communities(G),
                 years=years, rising=rising, notes=notes)
