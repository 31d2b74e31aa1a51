"""The shortest chain of evidence linking two things in the graph."""

from __future__ import annotations

import networkx as nx

from paperkg.graph.analytics.answers import EvidencePath, Hop
from paperkg.graph.analytics.projection import PROJECTION_LABELS, display_name, label_of

# When a pair is linked by several relationships, the hop shows the most telling one.
_PREFERENCE = ("PROPOSES", "OUTPERFORMS", "USES", "EVALUATES_ON", "MEASURES")
_HOP_RELS = frozenset(_PREFERENCE)


def evidence_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph over Paper/Method/Dataset/Metric nodes; each edge keeps the best
    relationship between its ends (by ``_PREFERENCE``, then by key) as ``rel`` with its data."""
    E: nx.Graph = nx.Graph()
    E.add_nodes_from(sorted(n for n in G if label_of(G, n) in PROJECTION_LABELS))
    best: dict[tuple[str, str], tuple] = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        rel = d.get("type") or str(k).split(":")[0]
        if rel not in _HOP_RELS or u not in E or v not in E:
            continue
        pair = (min(u, v), max(u, v))
        rank = (_PREFERENCE.index(rel), not d.get("sentence"), str(k))
        if pair not in best or rank < best[pair][0]:
            best[pair] = (rank, u, v, rel, d)
    for pair in sorted(best):
        _, u, v, rel, d = best[pair]
        E.add_edge(*pair, src=u, dst=v, rel=rel, data=d)
    return E


def evidence_path(G: nx.MultiDiGraph, a: str, b: str) -> EvidencePath:
    """Shortest undirected path from node ``a`` to node ``b`` through papers and entities (claims and
    repositories excluded), each hop with its relationship, written in its stored direction, and the
    sentence it was read from. ``found=False`` when no such path exists."""
    E = evidence_graph(G)
    if a not in E or b not in E or not nx.has_path(E, a, b):
        return EvidencePath(source=a, target=b, found=False)
    nodes = nx.shortest_path(E, a, b)
    hops = []
    for x, y in zip(nodes, nodes[1:], strict=False):
        e = E.edges[x, y]
        d = e["data"]
        hops.append(Hop(source=display_name(G, e["src"]), target=display_name(G, e["dst"]), relation=e["rel"],
                        sentence=d.get("sentence") or "", paper_id=d.get("paper_id")))
    return EvidencePath(source=a, target=b, found=True, nodes=[display_name(G, n) for n in nodes], hops=hops)
