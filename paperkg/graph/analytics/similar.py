"""Methods that a researcher would list next to a given one, and the evidence for each.

The answer is built from what the graph says about each pair, weighted by how much it says:

* **shared papers**, each weighted by how specific it is: a paper naming ``k`` methods adds
  ``1 / sqrt(k - 1)`` to each of its pairs (1 when it names only the two, 0.5 with five methods, 0.16
  for a survey listing 40). The square root keeps a paper that lists a handful of alternatives side by
  side informative: with ``1 / (k - 1)`` (a quarter for five methods) LoRA's DoRA and QLoRA fell below
  methods named once next to it in passing, on the archive;
* **comparisons**: every paper with a claim of one method against the other, or an OUTPERFORMS edge
  between them, adds 1 more (a paper that compares two methods says they are alternatives);
* **context**: the datasets and the metrics of the two methods' papers, as vectors of counts weighted
  by inverse document frequency (``ln(N / papers naming it)``, so "accuracy" counts little and a
  specific benchmark much); ``context`` = the mean of the two cosines, in [0, 1];
* **specificity** of the candidate, ``ln(N / its papers) / ln(N)`` in [0, 1]: a method named in every
  paper is similar to everything, so it says nothing about this one;
* **confidence**, ``n / (n + 1)`` for ``n`` independent papers of evidence: one paper is an anecdote;
* **generic terms**: a candidate whose name is a common noun phrase (no capital letter, no digit:
  "residual connection", "reinforcement learning") is a concept or building block, not a named method;
  its score is multiplied by ``GENERIC_WEIGHT * specificity`` (the more papers the concept is in, the
  less a shared paper means), so it outranks a named method only on several times its evidence.

    score = weight / papers(method) x specificity x confidence x (1 + context) [x generic factor]

with ``weight`` = the shared papers' weights + the comparing papers. Candidates are the methods with
evidence of their own: a shared paper or a comparison. Order: score (6 decimals), then more papers of
evidence, then name. The gathering (:func:`neighbourhood` in memory,
:mod:`paperkg.cypher.analytics.similar_on_store` on a store) is apart from the ranking
(:func:`rank_similar`), so both paths give the same answers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from paperkg.graph.analytics.answers import SimilarMethod
from paperkg.graph.analytics.projection import (
    claim_paper,
    claim_targets,
    display_name,
    entity_papers,
    label_of,
    nodes_with_label,
    paper_entities,
    split_key,
)

GENERIC_WEIGHT = 0.5
DIGITS = 6  # scores are compared (and shown) rounded: float noise never decides an order


@dataclass(frozen=True, slots=True)
class Peer:
    """The evidence linking one candidate to the asked method.

    ``shared`` maps each paper naming both to the number of methods that paper names; ``compared``
    holds the papers comparing the two (a claim of one against the other, an OUTPERFORMS edge)."""

    key: str
    id: str
    name: str
    papers: int  # papers naming the candidate, in the whole graph
    shared: dict[str, int] = field(default_factory=dict)
    compared: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The asked method (``papers``: those naming it), the graph's paper count and its candidates."""

    method: str
    papers: int
    total_papers: int
    peers: list[Peer]


@dataclass(frozen=True, slots=True)
class Feature:
    """A dataset or metric in a method's papers: ``count`` of them name it, ``papers`` in the graph do."""

    name: str
    count: int
    papers: int


@dataclass(frozen=True, slots=True)
class Context:
    """The datasets and metrics of a method's papers, by node key."""

    datasets: dict[str, Feature] = field(default_factory=dict)
    metrics: dict[str, Feature] = field(default_factory=dict)


ContextOf = Callable[[list[str]], dict[str, Context]]  # method keys -> their contexts


# --------------------------------------------------------------------------- the measures


def is_generic_name(name: str) -> bool:
    """A common noun phrase: letters but no capital and no digit ("gradient descent", "chain-of-thought").

    Named methods are written as names (LoRA, BERT, GPT-2, Flow Matching, o1); what the text writes in
    lower case is a technique or a concept that many methods are built from."""
    return any(c.isalpha() for c in name) and not any(c.isupper() or c.isdigit() for c in name)


def specificity(papers: int, total: int) -> float:
    """``ln(N / papers) / ln(N)``: 1 for a method named in one paper, 0 for one named in all of them."""
    if total <= 1:
        return 1.0
    papers = min(max(papers, 1), total)
    return math.log(total / papers) / math.log(total)


def evidence_weight(peer: Peer) -> float:
    """The shared papers' weights (``1 / sqrt(k - 1)``, ``k`` methods named) + the comparing papers."""
    return sum(1 / math.sqrt(max(k - 1, 1)) for k in peer.shared.values()) + len(peer.compared)


def evidence_papers(peer: Peer) -> int:
    """Independent papers of evidence: naming both, or comparing them (each paper once)."""
    return len(peer.shared.keys() | peer.compared)


def _idf(f: Feature, total: int) -> float:
    return math.log(total / f.papers) if 0 < f.papers < total else 0.0


def _cosine(a: dict[str, Feature], b: dict[str, Feature], total: int) -> float:
    """Cosine of two idf-weighted count vectors."""
    va = {k: f.count * _idf(f, total) for k, f in a.items()}
    vb = {k: f.count * _idf(f, total) for k, f in b.items()}
    norm = math.sqrt(sum(x * x for x in va.values()) * sum(x * x for x in vb.values()))
    return sum(va[k] * vb[k] for k in va.keys() & vb.keys()) / norm if norm else 0.0


def context_similarity(a: Context, b: Context, total: int) -> float:
    """Mean of the datasets' and the metrics' cosines, in [0, 1]."""
    return (_cosine(a.datasets, b.datasets, total) + _cosine(a.metrics, b.metrics, total)) / 2


def _shared_names(a: dict[str, Feature], b: dict[str, Feature], total: int) -> list[str]:
    """Names of the features in both, by their share of the cosine (then by name)."""
    def part(k: str) -> float:
        return a[k].count * b[k].count * _idf(a[k], total) ** 2

    return [a[k].name for k in sorted(a.keys() & b.keys(), key=lambda k: (-part(k), a[k].name.lower(), k))]


# --------------------------------------------------------------------------- the ranking


def _base(nb: Neighbourhood, peer: Peer) -> float:
    """The score without its context factor (which is in [1, 2])."""
    n = evidence_papers(peer)
    spec = specificity(peer.papers, nb.total_papers)
    base = evidence_weight(peer) / max(nb.papers, 1) * spec * n / (n + 1)
    return base * GENERIC_WEIGHT * spec if is_generic_name(peer.name) else base


def _row(nb: Neighbourhood, peer: Peer, own: Context, theirs: Context) -> SimilarMethod:
    n = evidence_papers(peer)
    context = context_similarity(own, theirs, nb.total_papers)
    return SimilarMethod(
        id=peer.id, name=peer.name, score=round(_base(nb, peer) * (1 + context), DIGITS), papers=n,
        shared_papers=sorted(peer.shared), compared_papers=sorted(peer.compared),
        shared_datasets=_shared_names(own.datasets, theirs.datasets, nb.total_papers),
        shared_metrics=_shared_names(own.metrics, theirs.metrics, nb.total_papers),
        weight=round(evidence_weight(peer), DIGITS),
        specificity=round(specificity(peer.papers, nb.total_papers), DIGITS),
        confidence=round(n / (n + 1), DIGITS), context=round(context, DIGITS),
        generic=is_generic_name(peer.name))


def _order(r: SimilarMethod) -> tuple:
    return -r.score, -r.papers, r.name.lower(), r.id


def rank_similar(nb: Neighbourhood, context_of: ContextOf, limit: int = 10) -> list[SimilarMethod]:
    """The first ``limit`` candidates of ``nb`` by the module's score, best first.

    The context factor is in [1, 2], so a candidate whose score without it is under half the
    ``limit``-th final score cannot enter the answer: contexts are fetched best-first in batches of
    ``limit`` and the rest are skipped (an exact cut, ties included), which keeps the store path to a
    few queries for a hub method with thousands of candidates."""
    bases = [(b, p) for b, p in ((_base(nb, p), p) for p in nb.peers) if b > 0]
    bases.sort(key=lambda bp: (-bp[0], bp[1].name.lower(), bp[1].key))
    if not bases:
        return []
    own = context_of([nb.method]).get(nb.method, Context())
    rows: list[SimilarMethod] = []
    i = 0
    while i < len(bases):
        cut = sorted(r.score for r in rows)[-limit] if len(rows) >= limit else 0.0
        batch = [p for b, p in bases[i:i + limit] if round(2 * b, DIGITS) >= cut]
        if not batch:
            break
        contexts = context_of([p.key for p in batch])
        rows.extend(_row(nb, p, own, contexts.get(p.key, Context())) for p in batch)
        i += limit
    rows.sort(key=_order)
    return rows[:limit]


# --------------------------------------------------------------------------- in memory


def _methods_of(G: nx.MultiDiGraph, paper: str) -> set[str]:
    return {e for e in paper_entities(G, paper) if label_of(G, e) == "Method"}


def _papers_count(G: nx.MultiDiGraph, node: str) -> int:
    stored = G.nodes[node].get("papers")
    return int(stored) if stored is not None else len(entity_papers(G, node))


def comparisons(G: nx.MultiDiGraph, method: str) -> dict[str, set[str]]:
    """{other method: papers comparing it with ``method``}: claims of one against the other (the paper
    that reports the claim) and OUTPERFORMS edges either way (the paper they were read in)."""
    found: dict[str, set[str]] = {}
    for claim, _, k, d in G.in_edges(method, keys=True, data=True):
        rel = d.get("type") or k
        if rel not in ("OF", "AGAINST") or label_of(G, claim) != "Claim":
            continue
        other = claim_targets(G, claim).get("AGAINST" if rel == "OF" else "OF")
        paper = claim_paper(G, claim)
        if other and other != method and paper:
            found.setdefault(other, set()).add(split_key(paper)[1])
    edges = [(v, d) for _, v, k, d in G.out_edges(method, keys=True, data=True)]
    edges += [(u, d) for u, _, k, d in G.in_edges(method, keys=True, data=True)]
    for other, d in edges:
        if d.get("type") == "OUTPERFORMS" and other != method and d.get("paper_id"):
            found.setdefault(other, set()).add(d["paper_id"])
    return found


def neighbourhood(G: nx.MultiDiGraph, method: str) -> Neighbourhood:
    """The evidence around ``method`` in ``G`` (see :class:`Neighbourhood`)."""
    if method not in G:
        raise KeyError(method)
    own = entity_papers(G, method)
    shared: dict[str, dict[str, int]] = {}
    for p in own:
        named = _methods_of(G, p)
        for other in named - {method}:
            shared.setdefault(other, {})[split_key(p)[1]] = len(named)
    compared = comparisons(G, method)
    peers = [Peer(key=o, id=G.nodes[o].get("id") or split_key(o)[1], name=display_name(G, o),
                  papers=_papers_count(G, o), shared=shared.get(o, {}),
                  compared=frozenset(compared.get(o, ())))
             for o in sorted(shared.keys() | compared.keys())]
    return Neighbourhood(method, len(own), sum(1 for _ in nodes_with_label(G, "Paper")), peers)


def context(G: nx.MultiDiGraph, method: str) -> Context:
    """Datasets and metrics named by ``method``'s papers, with how many of them name each."""
    counts: Counter[str] = Counter(e for p in entity_papers(G, method) for e in paper_entities(G, p)
                                   if label_of(G, e) in ("Dataset", "Metric"))
    out = Context()
    for e, n in counts.items():
        bucket = out.datasets if label_of(G, e) == "Dataset" else out.metrics
        bucket[e] = Feature(display_name(G, e), n, _papers_count(G, e))
    return out


def contexts(G: nx.MultiDiGraph, methods: Iterable[str]) -> dict[str, Context]:
    return {m: context(G, m) for m in methods}


def similar_methods(G: nx.MultiDiGraph, method_node: str, limit: int = 10) -> list[SimilarMethod]:
    """The ``limit`` methods most like ``method_node`` in ``G``, best first (see the module docstring)."""
    return rank_similar(neighbourhood(G, method_node), lambda keys: contexts(G, keys), limit)
