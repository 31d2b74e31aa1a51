"""Which papers a reader looking for a method should read, best first, and why.

Two parts. *Direct* papers name the method; they are ranked by how central the method is to them,
in tiers, each paper in the highest its evidence supports: the paper proposes it (4, PROPOSES) >
compares with it (3: its USES edge's ``relation`` is ``compares``, a claim of the paper AGAINST it, or an
OUTPERFORMS edge into it read in the paper) > uses it (2: ``relation`` ``uses``, or a claim OF it) >
mentions it (1: ``relation`` ``mentions``, or none, in a graph built before relations were kept). A
built graph's ``relation`` already counts the paper's claims (:mod:`paperkg.graph.relations`); the
claims are read again for graphs made otherwise. Inside a tier, ``strength`` = distinct claims of the
paper about the method (OF or AGAINST it, or behind an OUTPERFORMS edge into it) + its USES edge's
``mentions``; the order is tier, then strength (both descending), then more upvotes, newer date, smaller
id. Score = tier + 0.99 * strength / (strength + 1), rounded to 6 places: the same order, as a number.

*Related* papers (``direct=False``, tier 0) do not name the method but share its neighbourhood:
they are scored by personalised PageRank (alpha 0.85, i.e. restart probability 0.15, all mass restarting
at the method, unweighted) on the paper–entity projection of the method's bounded neighbourhood:

- ring 1: papers linked to the method (first ``RING_CAP`` = 100 by id);
- ring 2: the entities those papers link to, most shared first (first ``ENTITY_CAP`` = 30, ties by key);
- ring 3: for each ring-2 entity, the papers linking to it (first ``PER_ENTITY_CAP`` = 20 by id: an
  arbitrary but deterministic sample of a hub's papers);

the subgraph holds the edges walked to find the rings: method–ring 1, ring 1–ring 2, ring 2–ring 3.
Bounding it keeps the cost independent of the graph's size and
makes the store path (:mod:`paperkg.cypher.analytics.lookups_on_store`), which fetches exactly these rings,
compute the same numbers as the in-memory path. Fraction = 0.99 * PPR / max PPR among candidates; a
related row's ``shared`` lists the ring-2 entities (shared with the method's papers) it was reached by.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from paperkg.graph.analytics.answers import Ranked
from paperkg.graph.analytics.pagerank import pagerank
from paperkg.graph.analytics.projection import (
    claim_paper,
    display_name,
    entity_papers,
    label_of,
    paper_entities,
    projection_from_edges,
    split_key,
)

TIERS = {"proposes": 4, "compares": 3, "uses": 2, "mentions": 1, "related": 0}
PPR_ALPHA = 0.85
RING_CAP = 100
ENTITY_CAP = 30
PER_ENTITY_CAP = 20
RELATED_DEFAULT = 5


@dataclass(slots=True, frozen=True)
class Fact:
    """One piece of evidence that a paper relates to the method (gathered from memory or from the store)."""

    paper_id: str
    relation: str  # a key of TIERS
    sentence: str = ""
    mentions: int = 0  # a USES edge's mentions (at least 1); 0 for other facts
    claim_id: str = ""

    @property
    def uses_edge(self) -> bool:
        return self.mentions > 0


def edge_relation(relation: str | None) -> str:
    """The tier name of a USES edge's ``relation`` (an edge without one only mentions the method)."""
    return relation if relation in ("compares", "uses", "mentions") else "mentions"


@dataclass(slots=True)
class PaperMeta:
    id: str
    title: str
    upvotes: int = 0
    date: str = ""


def rank_direct(facts: Iterable[Fact], meta: dict[str, PaperMeta]) -> list[Ranked]:
    """Direct rows from facts; see the module docstring for the order."""
    by_paper: dict[str, list[Fact]] = {}
    for f in facts:
        by_paper.setdefault(f.paper_id, []).append(f)
    rows: list[tuple[Ranked, int, int, str]] = []
    for pid, fs in by_paper.items():
        m = meta.get(pid) or PaperMeta(pid, pid)
        tier = max(TIERS[f.relation] for f in fs)
        relation = next(r for r, t in TIERS.items() if t == tier)
        claims = len({f.claim_id for f in fs if f.claim_id})
        mentions = max((f.mentions for f in fs if f.uses_edge), default=0)
        strength = claims + mentions
        score = tier + 0.99 * strength / (strength + 1)
        best = sorted((f for f in fs if TIERS[f.relation] == tier), key=lambda f: (not f.sentence, f.claim_id,
                                                                                  f.sentence))
        row = Ranked(id=pid, title=m.title, score=round(score, 6), relation=relation, direct=True,
                     evidence=best[0].sentence, tier=tier)
        rows.append((row, strength, m.upvotes or 0, m.date or ""))
    # stable sorts, last key first: id ascending, then date, upvotes, strength and tier descending
    rows.sort(key=lambda x: x[0].id)
    rows.sort(key=lambda x: x[3], reverse=True)
    rows.sort(key=lambda x: (x[0].tier, x[1], x[2]), reverse=True)
    return [r for r, *_ in rows]


# -- the in-memory path -------------------------------------------------------------------------


def paper_meta(G: nx.MultiDiGraph, paper: str) -> PaperMeta:
    d = G.nodes[paper]
    return PaperMeta(id=d.get("id") or split_key(paper)[1], title=d.get("title") or "",
                     upvotes=d.get("upvotes") or 0, date=str(d.get("date") or ""))


def direct_facts(G: nx.MultiDiGraph, method: str) -> list[Fact]:
    facts: list[Fact] = []

    def pid(paper: str | None) -> str:
        return G.nodes[paper].get("id") or split_key(paper)[1] if paper and paper in G else ""

    for u, _, k, d in G.in_edges(method, keys=True, data=True):
        rel, src = d.get("type") or k, label_of(G, u)
        sentence = d.get("sentence") or ""
        if src == "Paper" and rel == "PROPOSES":
            facts.append(Fact(pid(u), "proposes", sentence))
        elif src == "Paper" and rel == "USES":
            facts.append(Fact(pid(u), edge_relation(d.get("relation")), sentence,
                              mentions=max(1, d.get("mentions") or 1)))
        elif src == "Claim" and rel in ("OF", "AGAINST"):
            paper = pid(claim_paper(G, u))
            if paper:
                cid = G.nodes[u].get("id") or split_key(u)[1]
                facts.append(Fact(paper, "uses" if rel == "OF" else "compares",
                                  G.nodes[u].get("sentence") or "", claim_id=cid))
        elif src == "Method" and rel == "OUTPERFORMS" and d.get("paper_id"):
            if ("Paper:" + d["paper_id"]) in G:
                facts.append(Fact(d["paper_id"], "compares", sentence, claim_id=d.get("claim_id") or ""))
    return facts


Edges = list[tuple[str, str]]
PapersOfAll = Callable[[list[str], int], dict[str, list[str]]]


def neighbourhood_edges(method: str, around: Callable[[str, int], Edges],
                        papers_of: Callable[[str, int], list[str]],
                        papers_of_all: PapersOfAll | None = None) -> Edges:
    """The projection edges walked to find the method's bounded neighbourhood (module docstring).

    The callables hide where the graph lives: ``around(method, n)`` -> every (paper, entity) projection
    edge of the method's first ``n`` papers by id; ``papers_of(entity, n)`` -> the entity's first ``n``
    paper keys by id (``papers_of_all(entities, n)``, when given, answers for all ring-2 entities at
    once). Kept: ring-1 papers' edges to the method and to ring-2 entities, and the edges by
    which ring-3 papers were reached (not their other edges: fetching those costs a scan in the store).
    """
    edges1 = around(method, RING_CAP)
    shared = Counter(e for _, e in edges1 if e != method)
    ring2 = [e for e, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:ENTITY_CAP]]
    keep = {method, *ring2}
    edges = {(p, e) for p, e in edges1 if e in keep}
    firsts = papers_of_all(ring2, PER_ENTITY_CAP) if papers_of_all else {e: papers_of(e, PER_ENTITY_CAP)
                                                                            for e in ring2}
    for e in ring2:
        edges.update((p, e) for p in firsts[e])
    return sorted(edges)


def rank_related(method: str, edges: list[tuple[str, str]], direct_among: Callable[[list[str]], set[str]],
                 meta: Callable[[list[str]], dict[str, PaperMeta]],
                 names: Callable[[list[str]], dict[str, str]], limit: int) -> list[Ranked]:
    """Related rows: PPR from the method on the neighbourhood projection, excluding direct papers
    (``direct_among(paper_ids)`` says which of the given papers are direct)."""
    if limit <= 0 or not edges:
        return []
    H = projection_from_edges(edges)
    if method not in H:  # no edge of the method itself was kept: nothing to walk from
        return []
    ring1 = set(H.neighbors(method))
    ring2 = {e for p in ring1 for e in H.neighbors(p)} - {method}
    papers = [n for n in H if split_key(n)[0] == "Paper" and n not in ring1]
    direct = direct_among(sorted(split_key(n)[1] for n in papers))
    candidates = [n for n in papers if split_key(n)[1] not in direct]
    if not candidates:
        return []
    ppr = pagerank(H, alpha=PPR_ALPHA, personalization={method: 1.0})
    top = max(ppr[c] for c in candidates) or 1.0
    shared = {c: sorted(set(H.neighbors(c)) & ring2) for c in candidates}
    chosen = sorted((c for c in candidates if shared[c]),
                    key=lambda c: (-round(ppr[c], 12), -len(shared[c]), c))[:limit]
    metas = meta([split_key(c)[1] for c in chosen])
    entity_names = names(sorted({e for c in chosen for e in shared[c]}))
    rows = []
    for c in chosen:
        pid = split_key(c)[1]
        shown = [entity_names.get(e, split_key(e)[1]) for e in shared[c]]
        rows.append(Ranked(id=pid, title=metas[pid].title if pid in metas else pid,
                           score=round(0.99 * ppr[c] / top, 6), relation="related", direct=False,
                           evidence="shares " + ", ".join(shown), tier=0, shared=shown))
    return rows


def all_paper_meta(G: nx.MultiDiGraph) -> dict[str, PaperMeta]:
    """``{paper_id: PaperMeta}`` for every paper of ``G``: compute it once and pass it as ``meta=`` to
    :func:`cites_like` when ranking for many methods (without it each call walks every paper)."""
    return {m.id: m for m in (paper_meta(G, p) for p in G if label_of(G, p) == "Paper")}


def cites_like(G: nx.MultiDiGraph, method_node: str, limit: int = 20,
               related: int = RELATED_DEFAULT, *, meta: dict[str, PaperMeta] | None = None) -> list[Ranked]:
    """Papers about ``method_node`` (a key like ``"Method:lora"``), best first.

    Returns at most ``limit`` direct rows followed by at most ``related`` indirect rows; the measures
    are described in the module docstring. ``meta``: :func:`all_paper_meta` of ``G``, precomputed by a
    caller that ranks for many methods of one graph (it must describe the same graph).
    """
    if method_node not in G:
        raise KeyError(method_node)
    if meta is None:
        meta = all_paper_meta(G)
    direct = rank_direct(direct_facts(G, method_node), meta)
    edges = neighbourhood_edges(
        method_node,
        around=lambda node, n: [(p, e) for p in sorted(entity_papers(G, node))[:n]
                                for e in paper_entities(G, p)],
        papers_of=lambda node, n: sorted(entity_papers(G, node))[:n],
    )
    direct_ids = {r.id for r in direct}
    rel = rank_related(method_node, edges, lambda ids: direct_ids.intersection(ids),
                       meta=lambda ids: {i: meta[i] for i in ids if i in meta},
                       names=lambda keys: {k: display_name(G, k) for k in keys if k in G}, limit=related)
    return direct[:limit] + rel
