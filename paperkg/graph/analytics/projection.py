"""Views of the stored graph that the measures run on, and small accessors shared by them.

The *paper–entity projection* is the undirected simple graph whose nodes are papers and the
Method/Dataset/Metric nodes, with one unweighted edge per paper–entity pair that the paper proposes,
uses, evaluates on or measures. Claims and repositories are left out: a claim always sits between a
paper and entities the paper already names, so keeping it would only lengthen every path by one hop.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from paperkg.graph.schema import ENTITY_LABELS

# Paper -> entity relationships that make up the projection.
PAPER_ENTITY_RELS = ("PROPOSES", "USES", "EVALUATES_ON", "MEASURES")
PROJECTION_LABELS = ("Paper", *ENTITY_LABELS)


def key_of(label: str, node_id: str) -> str:
    return f"{label}:{node_id}"


def split_key(key: str) -> tuple[str, str]:
    label, _, node_id = key.partition(":")
    return label, node_id


def label_of(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label") or split_key(node)[0]


def display_name(G: nx.MultiDiGraph, node: str) -> str:
    data = G.nodes[node]
    return data.get("name") or data.get("title") or data.get("id") or split_key(node)[1]


def nodes_with_label(G: nx.MultiDiGraph, label: str) -> Iterator[str]:
    return (n for n, d in G.nodes(data=True) if d.get("label") == label)


def paper_entity_edges(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(paper, entity, relationship, attributes) for every projection edge of ``G``."""
    for u, v, k, d in G.edges(keys=True, data=True):
        rel = d.get("type") or k
        if rel in PAPER_ENTITY_RELS and label_of(G, u) == "Paper" and label_of(G, v) in ENTITY_LABELS:
            yield u, v, rel, d


def entity_papers(G: nx.MultiDiGraph, entity: str) -> set[str]:
    """Papers linked to ``entity`` by a projection edge."""
    return {u for u, _, k, d in G.in_edges(entity, keys=True, data=True)
            if (d.get("type") or k) in PAPER_ENTITY_RELS and label_of(G, u) == "Paper"}


def paper_entities(G: nx.MultiDiGraph, paper: str) -> set[str]:
    return {v for _, v, k, d in G.out_edges(paper, keys=True, data=True)
            if (d.get("type") or k) in PAPER_ENTITY_RELS and label_of(G, v) in ENTITY_LABELS}


def projection(G: nx.MultiDiGraph) -> nx.Graph:
    """The paper–entity projection of the whole graph, nodes and edges in sorted order (deterministic)."""
    return projection_from_edges((u, v) for u, v, _, _ in paper_entity_edges(G))


def projection_from_edges(edges: Iterable[tuple[str, str]]) -> nx.Graph:
    H: nx.Graph = nx.Graph()
    pairs = sorted(set(edges))
    H.add_nodes_from(sorted({n for pair in pairs for n in pair}))
    H.add_edges_from(pairs)
    return H


def claim_paper(G: nx.MultiDiGraph, claim: str) -> str | None:
    """The paper that reports ``claim``: its REPORTS edge, else its ``paper_id`` evidence."""
    for u, _, k, d in G.in_edges(claim, keys=True, data=True):
        if (d.get("type") or k) == "REPORTS":
            return u
    paper_id = G.nodes[claim].get("paper_id")
    return key_of("Paper", paper_id) if paper_id else None


def claim_targets(G: nx.MultiDiGraph, claim: str) -> dict[str, str]:
    """{'OF': method, 'ON': dataset, 'IN': metric, 'AGAINST': baseline} for ``claim`` (smallest key wins)."""
    found: dict[str, str] = {}
    for _, v, k, d in sorted(G.out_edges(claim, keys=True, data=True), key=lambda e: e[1]):
        found.setdefault(d.get("type") or k, v)
    return found
