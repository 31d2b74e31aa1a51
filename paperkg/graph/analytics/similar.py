"""Methods that live in the same part of the literature as a given one."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from paperkg.graph.analytics.projection import (
    display_name,
    entity_papers,
    label_of,
    paper_entities,
    split_key,
)
from paperkg.graph.analytics.results import SimilarMethod


def _profile(G: nx.MultiDiGraph, method: str, other: str) -> Counter:
    """Weighted features of ``method``: each of its papers (1), and the datasets, metrics and co-used
    methods of those papers, each weighted by how many of its papers name them. The compared pair
    (``method``, ``other``) is left out of the co-used methods, so co-use counts only through papers."""
    feats: Counter = Counter()
    for p in entity_papers(G, method):
        feats[p] += 1
        for e in paper_entities(G, p):
            if e not in (method, other):
                feats[e] += 1
    return feats


def weighted_jaccard(a: Counter, b: Counter) -> float:
    keys = a.keys() | b.keys()
    top = sum(max(a[k], b[k]) for k in keys)
    return sum(min(a[k], b[k]) for k in keys) / top if top else 0.0


def similar_methods(G: nx.MultiDiGraph, method_node: str, limit: int = 10) -> list[SimilarMethod]:
    """Methods most like ``method_node`` by weighted Jaccard similarity of their profiles.

    A method's profile (see :func:`_profile`) counts its papers and what those papers use, evaluate on
    and measure; weighted Jaccard = sum of minima / sum of maxima over the features, in [0, 1]. Candidates
    are the methods reachable through a shared paper, dataset or metric. Ties: more shared papers, then name.
    Each row lists the shared papers (ids), datasets, metrics and co-used methods (names) as its reasons.
    """
    if method_node not in G:
        raise KeyError(method_node)
    own_papers = entity_papers(G, method_node)
    hubs = {e for p in own_papers for e in paper_entities(G, p)}
    candidates = {m for e in hubs for p in entity_papers(G, e) for m in paper_entities(G, p)
                  if label_of(G, m) == "Method"} - {method_node}
    rows = []
    for other in candidates:
        a, b = _profile(G, method_node, other), _profile(G, other, method_node)
        score = weighted_jaccard(a, b)
        if score <= 0:
            continue
        shared = sorted(a.keys() & b.keys())
        by_label: dict[str, list[str]] = {"Paper": [], "Dataset": [], "Metric": [], "Method": []}
        for k in shared:
            lab = label_of(G, k)
            by_label.setdefault(lab, []).append(split_key(k)[1] if lab == "Paper" else display_name(G, k))
        rows.append(SimilarMethod(
            id=G.nodes[other].get("id") or split_key(other)[1], name=display_name(G, other),
            score=round(score, 6), shared_papers=by_label["Paper"], shared_datasets=by_label["Dataset"],
            shared_metrics=by_label["Metric"], shared_methods=by_label["Method"]))
    rows.sort(key=lambda r: (-r.score, -len(r.shared_papers), r.name.lower(), r.id))
    return rows[:limit]
