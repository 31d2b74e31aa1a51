"""``stats`` computed on the store: the same :class:`~paperkg.graph.analytics.answers.Stats` as
:func:`paperkg.graph.analytics.stats.stats`, without loading the graph into memory.

Any object with ``run(cypher, params) -> result`` whose ``records()`` lists dicts works (an embedded
LadybugDB store: the statements use its ``offset(id(n))``, a node's row number in its table). What is
computed where:

* counts: one ``count(*)`` per node label and relationship type of the graph schema (the rankings index
  and the schema-version table are not part of the graph and are not counted; as in memory, a label or
  type with no rows is left out);
* the paper–entity projection is streamed as integers: for each entity label and each range of
  ``CHUNK`` paper rows, one statement returns ``paper row * size + entity row`` for every
  PROPOSES/USES/EVALUATES_ON/MEASURES relationship, collected into one list (one row per statement, so
  the driver converts integers, not records). ``np.unique`` collapses a pair linked twice (a paper that
  proposes and uses a method) to one edge, as the simple graph of the in-memory projection does. Held:
  one ``int64`` per pair, then two while PageRank runs
  (:func:`~paperkg.graph.analytics.pagerank.pagerank_arrays`, the arithmetic of the in-memory path).
  An entity's ``papers`` is its degree in that projection (``len(entity_papers(G, n))`` in memory),
  counted from the pairs, not read from the stored ``papers`` property;
* names and ids are fetched only for the rows that can be shown (the top candidates including every tie
  at the cut, the community members, the methods tied at the community cap);
* communities: Louvain over the co-use graph of the ``community_methods`` methods with the most papers
  (ties: smaller id), co-use weights counted with NumPy from the streamed paper->method pairs. The graph
  is built in the order :func:`~paperkg.graph.analytics.stats.method_co_use` builds it, so with no more
  methods than the cap the answer is the in-memory one; a note says when the cap left methods out;
* rising methods: Cypher aggregation (distinct papers of each method in the last and previous year and
  over all years), then papers per year of the shown methods only, each from its primary key.

Float summation order differs from the in-memory path (nodes are numbered by table row, not sorted by
key), so PageRank can differ in the last bits; the answers round it to 6 places, where that never shows
(tests/cypher/analytics/test_stats_on_store.py compares both paths on real stores).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from paperkg.cypher.analytics.lookups_on_store import _INTO, _records, _Runs
from paperkg.graph.analytics.answers import Rising, Stats, TopItem
from paperkg.graph.analytics.pagerank import pagerank_arrays
from paperkg.graph.analytics.projection import key_of
from paperkg.graph.analytics.stats import (
    LOUVAIN_SEED,
    NO_YEARS_NOTE,
    PAGERANK_ALPHA,
    TOP_N,
    by_pagerank,
    by_papers,
    louvain_communities,
    rising_order,
)
from paperkg.graph.schema import ENTITY_LABELS, NODES, RELS
from paperkg.util.cypher_names import q as _q

COMMUNITY_CAP = 2000  # methods in the co-use graph Louvain runs on: bounded at any graph size
CHUNK = 50_000  # rows per streaming statement: papers whose pairs it returns, or nodes it names


def _value(store: _Runs, cypher: str, **params: Any) -> Any:
    rows = _records(store, cypher, **params)
    return next(iter(rows[0].values())) if rows else None


def _row_span(store: _Runs, label: str) -> int:
    """One more than the largest row offset of ``label`` (deletes can leave holes); 0 when empty."""
    m = _value(store, f"MATCH (n:{_q(label)}) RETURN max(offset(id(n))) AS m")
    return 0 if m is None else int(m) + 1


def counts(store: _Runs) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type of the graph schema, those present only, sorted."""
    nodes = {n.label: int(_value(store, f"MATCH (n:{_q(n.label)}) RETURN count(*) AS k")) for n in NODES}
    edges = {r.name: int(_value(store, f"MATCH ()-[e:{_q(r.name)}]->() RETURN count(*) AS k")) for r in RELS}
    return ({k: v for k, v in sorted(nodes.items()) if v}, {k: v for k, v in sorted(edges.items()) if v})


def pair_keys(store: _Runs, label: str, papers: int, size: int, chunk: int = CHUNK) -> np.ndarray:
    """Sorted distinct ``paper row * size + entity row`` of the projection pairs into ``label``."""
    cypher = (f"MATCH (p:Paper)-[:{_INTO[label]}]->(e:{_q(label)}) "
              "WHERE offset(id(p)) >= $lo AND offset(id(p)) < $hi "
              "RETURN collect(offset(id(p)) * $size + offset(id(e))) AS k")
    parts = [np.empty(0, dtype=np.int64)]
    for lo in range(0, papers if size else 0, chunk):
        keys = _value(store, cypher, lo=lo, hi=lo + chunk, size=size) or []
        # chunks are disjoint, ascending paper ranges: their sorted keys concatenate sorted
        parts.append(np.unique(np.asarray(keys, dtype=np.int64)))
    return np.concatenate(parts)


def nodes_at(store: _Runs, label: str, rows: Any, chunk: int = CHUNK) -> dict[int, tuple[str, str]]:
    """``{row: (id, display name)}`` of ``label``'s nodes at the given row offsets, ``chunk`` rows per
    statement (the engine tests ``IN $rows`` by hashing: one scan of the table's row numbers)."""
    want = sorted({int(r) for r in np.asarray(rows, dtype=np.int64).ravel()})
    cypher = (f"MATCH (n:{_q(label)}) WHERE offset(id(n)) IN $rows "
              "RETURN offset(id(n)) AS o, n.id AS id, n.name AS name")
    out: dict[int, tuple[str, str]] = {}
    for i in range(0, len(want), chunk):
        for r in _records(store, cypher, rows=want[i:i + chunk]):
            out[r["o"]] = (r["id"], r["name"] or r["id"])
    return out


def _cut(first: np.ndarray, second: np.ndarray, k: int) -> np.ndarray:
    """Indices of the items that can be among the first ``k`` by (first desc, second desc, anything):
    all those at or above the ``k``-th item's pair of values (ties at the cut included)."""
    if k <= 0:
        return np.arange(0)
    if len(first) <= k:
        return np.arange(len(first))
    order = np.lexsort((-second, -first))
    f, s = first[order[k - 1]], second[order[k - 1]]
    return np.flatnonzero((first > f) | ((first == f) & (second >= s)))


def _top(store: _Runs, label: str, ents: np.ndarray, papers: np.ndarray, rank: np.ndarray,
         top: int) -> tuple[list[TopItem], list[TopItem]]:
    """The first ``top`` of ``label``'s projection entities (rows ``ents``) by papers and by PageRank."""
    pr = np.array([round(x, 6) for x in rank.tolist()])  # Python's round, as the in-memory path
    pick = np.union1d(_cut(papers, pr, top), _cut(pr, papers, top))
    found = nodes_at(store, label, ents[pick])
    items = [TopItem(id=found[int(ents[i])][0], name=found[int(ents[i])][1], papers=int(papers[i]),
                     pagerank=float(pr[i])) for i in pick]
    items.sort(key=lambda t: t.id)  # full ties keep the in-memory order: nodes by id (to_networkx)
    return sorted(items, key=by_papers)[:top], sorted(items, key=by_pagerank)[:top]


def co_use_pairs(paper: np.ndarray, method: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys ``a * n + b`` (``a < b``) of the method pairs named by one paper, and in how many
    papers. ``paper`` is sorted and ``method`` (indices below ``n``) ascending within each paper, so
    the pair at positions ``i`` and ``i + d`` of one paper is emitted by step ``d``: the work is the
    number of pairs, not papers times their largest size."""
    if len(paper) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, paper[1:] != paper[:-1]])
    sizes = np.diff(np.r_[starts, len(paper)])
    later = np.repeat(starts + sizes, sizes) - np.arange(len(paper)) - 1  # members after i in its paper
    order = np.argsort(-later, kind="stable")
    most = -later[order]  # ascending
    keys, weights = [], []
    method = method.astype(np.int64)
    for d in range(1, int(later.max()) + 1):
        i = order[: np.searchsorted(most, -d, side="right")]  # positions with at least d later members
        k, w = np.unique(method[i] * n + method[i + d], return_counts=True)
        keys.append(k)
        weights.append(w)
    if not keys:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    allk, inv = np.unique(np.concatenate(keys), return_inverse=True)
    return allk, np.bincount(inv, weights=np.concatenate(weights)).astype(np.int64)


def _communities(store: _Runs, keys: np.ndarray, size: int, degree: np.ndarray, cap: int,
                 seed: int) -> tuple[list, str | None]:
    """Louvain on the co-use graph of the ``cap`` methods with most papers (ties: smaller id)."""
    named = np.flatnonzero(degree)
    note = None
    if len(named) > cap:
        order = named[np.argsort(-degree[named], kind="stable")]
        edge = degree[order[cap - 1]] if cap > 0 else degree.max() + 1
        above = named[degree[named] > edge]
        tied = named[degree[named] == edge]
        ids = nodes_at(store, "Method", tied)
        tied = np.array(sorted(tied.tolist(), key=lambda r: ids[r][0])[: cap - len(above)], dtype=np.int64)
        chosen = np.concatenate([above, tied])
        note = (f"communities: Louvain ran on the {len(chosen)} methods with the most papers "
                f"(of {len(named)} methods named by papers; --communities raises the cap)")
    else:
        chosen = named
    found = nodes_at(store, "Method", chosen)
    if not found:
        return [], note
    rows = sorted(found, key=lambda r: found[r][0])  # by id: the order of method_co_use's sorted keys
    local = np.full(size, -1, dtype=np.int64)
    local[np.asarray(rows, dtype=np.int64)] = np.arange(len(rows))
    mine = local[keys % size] if len(keys) else np.empty(0, dtype=np.int64)
    keep = mine >= 0
    paper, method = keys[keep] // size, mine[keep]
    order = np.lexsort((method, paper))
    pair, weight = co_use_pairs(paper[order], method[order], len(rows))
    C: nx.Graph = nx.Graph()
    names = {key_of("Method", found[r][0]): found[r][1] for r in rows}
    papers = {key_of("Method", found[r][0]): int(degree[r]) for r in rows}
    C.add_nodes_from(names)
    keyed = [key_of("Method", found[r][0]) for r in rows]
    C.add_weighted_edges_from((keyed[a], keyed[b], int(w))
                              for a, b, w in zip((pair // len(rows)).tolist(), (pair % len(rows)).tolist(),
                                                 weight.tolist(), strict=True))
    return louvain_communities(C, papers.__getitem__, names.__getitem__, seed), note


_Q_YEARS = "MATCH (p:Paper) WHERE p.year IS NOT NULL RETURN DISTINCT p.year AS year"
_Q_GROWTH = (
    f"MATCH (p:Paper)-[:{_INTO['Method']}]->(m:Method) WHERE p.year IS NOT NULL "
    "WITH m, count(DISTINCT CASE WHEN p.year = $last THEN offset(id(p)) END) AS a, "
    "count(DISTINCT CASE WHEN p.year = $prev THEN offset(id(p)) END) AS b, "
    "count(DISTINCT offset(id(p))) AS total "
    "WHERE a > b RETURN m.id AS id, m.name AS name, a - b AS growth, total")
_Q_PER_YEAR = (f"MATCH (m:Method {{id: $id}})<-[:{_INTO['Method']}]-(p:Paper) WHERE p.year IS NOT NULL "
               "RETURN p.year AS year, count(DISTINCT offset(id(p))) AS n")


def rising_on_store(store: _Runs, limit: int = TOP_N) -> tuple[list[int], list[Rising]]:
    """:func:`~paperkg.graph.analytics.stats.rising_methods` by aggregation on the store."""
    years = sorted(int(r["year"]) for r in _records(store, _Q_YEARS))
    if len(years) < 2:
        return years, []
    rows = _records(store, _Q_GROWTH, last=years[-1], prev=years[-2])
    # rising_order on what the aggregate gives (total = papers over all years), before fetching per year
    rows.sort(key=lambda r: (-r["growth"], -r["total"], (r["name"] or r["id"]).lower(), r["id"]))
    out = []
    for r in rows[:limit]:
        per_year = {int(y["year"]): int(y["n"]) for y in _records(store, _Q_PER_YEAR, id=r["id"])}
        out.append(Rising(id=r["id"], name=r["name"] or r["id"], per_year=dict(sorted(per_year.items())),
                          growth=int(r["growth"])))
    out.sort(key=rising_order)
    return years, out


def stats_on_store(store: _Runs, top: int = TOP_N, community_methods: int = COMMUNITY_CAP,
                   seed: int = LOUVAIN_SEED) -> Stats:
    """:func:`~paperkg.graph.analytics.stats.stats` of the stored graph, computed on the store (see the
    module docstring); Louvain runs on at most ``community_methods`` methods."""
    nodes, edges = counts(store)
    papers = _row_span(store, "Paper")
    sizes = {label: _row_span(store, label) for label in ENTITY_LABELS}
    keys = {label: pair_keys(store, label, papers, sizes[label]) for label in ENTITY_LABELS}
    degree = {label: np.bincount(keys[label] % sizes[label], minlength=sizes[label]) if sizes[label]
              else np.zeros(0, dtype=np.intp) for label in ENTITY_LABELS}
    comms, note = _communities(store, keys["Method"], sizes["Method"], degree["Method"],
                               community_methods, seed)
    # the projection as one edge list over global rows (papers, then each entity label's rows),
    # renumbered to the nodes that have an edge: the nodes of the in-memory projection
    base, at = {}, papers
    for label in ENTITY_LABELS:
        base[label], at = at, at + sizes[label]
    used = np.zeros(at, dtype=bool)
    for label in ENTITY_LABELS:
        if len(keys[label]):
            used[keys[label] // sizes[label]] = True
            used[keys[label] % sizes[label] + base[label]] = True
    index = np.cumsum(used) - 1
    total = sum(len(k) for k in keys.values())
    u, v = np.empty(total, dtype=np.intp), np.empty(total, dtype=np.intp)
    at = 0
    for label in ENTITY_LABELS:
        k, size = keys.pop(label), sizes[label]
        if len(k):
            u[at:at + len(k)] = index[k // size]
            v[at:at + len(k)] = index[k % size + base[label]]
        at += len(k)
        del k
    rank = pagerank_arrays(int(used.sum()), u, v, alpha=PAGERANK_ALPHA) if total else None
    del u, v
    top_papers: dict[str, list[TopItem]] = {}
    top_pr: dict[str, list[TopItem]] = {}
    for label in ENTITY_LABELS:
        ents = np.flatnonzero(degree[label])
        if rank is None or not len(ents):
            top_papers[label], top_pr[label] = [], []
            continue
        top_papers[label], top_pr[label] = _top(store, label, ents, degree[label][ents],
                                                rank[index[ents + base[label]]], top)
    years, rising = rising_on_store(store, top)
    notes = [] if len(years) >= 2 else [NO_YEARS_NOTE]
    if note:
        notes.append(note)
    return Stats(nodes=nodes, edges=edges, top_by_papers=top_papers, top_by_pagerank=top_pr,
                 communities=comms, years=years, rising=rising, notes=notes)

