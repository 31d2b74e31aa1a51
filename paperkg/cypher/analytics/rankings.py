"""The rankings index: answers to the hub lookups, computed once per build instead of once per question.

A lookup anchored at a method or dataset with many papers cannot be both exact and fast on the store:
"the first 100 of its 500,000 papers by id" or "its 20 best direct papers" reads every edge of the hub
(LadybugDB has no secondary index to keep them sorted). So :func:`refresh_rankings`, run by the build
after every write, stores those answers in a key/value file beside the store (``NAME.rankings``,
:mod:`~paperkg.cypher.analytics.rankings_file`: a cache of answers, not part of the graph, so users'
queries never see it) and :mod:`~paperkg.cypher.analytics.lookups_on_store` reads them by primary key:

- ``name|LABEL|STEP|FORM``: the entities (id, name, papers) a name resolves to at each step of
  :func:`~paperkg.graph.analytics.lookup.resolve_entity` (lower-cased name, lower-cased alias,
  letters-and-digits key), for every Method, Dataset and Metric: resolution without a table scan;
- for every entity: ``first|LABEL:ID``, its first papers by id (cites-like's rings 1 and 3): ``FIRST_CAP``
  of them for an entity with more than ``HUB_PAPERS`` papers, ``SAMPLE_CAP`` for the others (ring 3
  takes that many of each ring-2 entity, so a cites-like of any method reads them all in one lookup
  instead of one ``ORDER BY ... LIMIT`` statement per ring-2 entity; a shorter list is complete). They
  come from one scan per label, cut to the caps as it streams, not from a query per entity;
- for every such method: ``direct|ID``, its first ``DIRECT_CAP`` direct cites-like rows;
- for every such dataset: ``board|ID``, its leaderboard with the first ``BOARD_CAP`` rows per board part.

Each entry is computed by the same live code the lookups fall back to, so an answer from the index equals
the live answer (tests/cypher/analytics/test_rankings.py). An entity with few papers, a bigger ``--limit``
than the index holds, a store with no index and a Neo4j server are all answered live. The index must be
refreshed after every write: a stale one answers for the graph it was computed on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from paperkg.cypher.analytics.lookups_on_store import (
    _INTO,
    _Q_NAMING,
    _check_label,
    _cites_like,
    _records,
    _Runs,
    board_key,
    direct_facts_on_store,
    direct_key,
    first_key,
    leaderboard_on_store,
    name_key,
)
from paperkg.cypher.analytics.rankings_file import new_token, remove_index, set_token, write_index
from paperkg.graph.analytics.cites_like import PER_ENTITY_CAP, RING_CAP, rank_direct
from paperkg.graph.analytics.leaderboard import board_format
from paperkg.graph.analytics.projection import key_of
from paperkg.graph.schema import ENTITY_LABELS
from paperkg.util.names import alnum_key

# where builds before the index moved beside the store kept it: dropped when found
LEGACY_TABLE = "PaperkgRankings"
HUB_PAPERS = 1000  # more papers than this: the entity's lookups are precomputed
FIRST_CAP = RING_CAP
SAMPLE_CAP = PER_ENTITY_CAP  # first papers kept of every other entity
DIRECT_CAP = 100  # direct rows kept per hub method (cites-like --limit up to this is served from the index)
RELATED_CAP = 20  # related rows kept per hub method (cites-like --related up to this)
BOARD_CAP = 20  # rows per board part kept per hub dataset (leaderboard --limit up to this: the CLI default)


@dataclass(slots=True)
class RefreshReport:
    entries: int = 0
    hubs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _name_entries(store: _Runs) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {}
    for label in ENTITY_LABELS:
        rows = _records(store, f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
                               "coalesce(n.papers, 0) AS papers")
        for r in rows:
            name, aliases = r["name"] or "", [a for a in (r["aliases"] or []) if a]
            keys = set()
            if name:
                keys.add(name_key(label, "name", name.lower()))
            keys.update(name_key(label, "alias", a.lower()) for a in aliases)
            keys.update(name_key(label, "key", k) for k in map(alnum_key, (name, *aliases)) if k)
            for k in keys:
                out.setdefault(k, []).append([r["id"], name, r["papers"]])
    return out


def _rows(store: _Runs, cypher: str) -> Iterable[list[Any]]:
    stream = getattr(store, "stream", None)  # LadybugStore: row by row, the answer is a whole label
    return stream(cypher) if stream else store.run(cypher).rows


def first_papers(store: _Runs, label: str, caps: Callable[[str], int]) -> dict[str, list[str]]:
    """``{entity id: its first caps(id) paper ids}`` (by id, as ``ORDER BY ... LIMIT`` gives them) for
    every ``label`` entity with a paper, from one scan of the label's paper edges; each entity's list is
    cut back to its cap whenever it doubles, so memory is bounded by the caps, not by the edges."""
    cypher = (f"MATCH (x:{_check_label(label)})<-[:{_INTO[label]}]-(p:Paper) "
              "RETURN x.id AS entity, p.id AS paper")
    buf: dict[str, list[str]] = {}
    for entity, paper in _rows(store, cypher):
        got = buf.get(entity)
        if got is None:
            buf[entity] = [paper]
            continue
        got.append(paper)
        if len(got) > 2 * caps(entity) + 8:
            got[:] = sorted(set(got))[: caps(entity)]
    return {e: sorted(set(ps))[: caps(e)] for e, ps in sorted(buf.items())}


def _direct_entry(store: _Runs, method_id: str) -> dict[str, Any]:
    meta: dict = {}
    facts = direct_facts_on_store(store, method_id, DIRECT_CAP, meta)
    rows = rank_direct(facts, meta)
    claimed = sorted({f.paper_id for f in facts if f.claim_id})  # through a claim or an OUTPERFORMS edge
    named = {r["paper"] for r in _records(store, _Q_NAMING, id=method_id)}
    # complete: the query of USES-only papers fetched every USES edge, so every direct paper is a row
    higher = {f.paper_id for f in facts if not f.uses_edge}
    uses = _records(store, "MATCH (m:Method {id: $id})<-[:USES]-(:Paper) RETURN count(*) AS n", id=method_id)
    complete = len(rows) <= DIRECT_CAP and uses[0]["n"] <= DIRECT_CAP + len(higher)
    return {"rows": [r.to_dict() for r in rows[:DIRECT_CAP]], "complete": complete,
            "extra": sorted(set(claimed) - named)}


def drop_rankings(store: _Runs) -> None:
    """Remove the index, so every lookup is answered live (after any write that did not refresh it)."""
    set_token(store, None)
    store.run(f"DROP TABLE IF EXISTS {LEGACY_TABLE}")
    remove_index(store.path)  # type: ignore[attr-defined]  # a LadybugStore


def refresh_rankings(store: _Runs, hub_papers: int | None = None) -> RefreshReport:
    """(Re)build the rankings index of a writable LadybugDB store; see the module docstring.
    ``hub_papers`` overrides ``HUB_PAPERS`` (higher: a faster refresh, more lookups answered live)."""
    hub_papers = HUB_PAPERS if hub_papers is None else hub_papers
    t0 = time.perf_counter()
    report = RefreshReport()
    drop_rankings(store)  # the entries below are computed live, never from the index being replaced
    entries: dict[str, Any] = dict(_name_entries(store))
    hubs = {}
    for label in ENTITY_LABELS:
        hubs[label] = [r["id"] for r in _records(store, f"MATCH (n:{label}) WHERE n.papers > $k "
                                                        "RETURN n.id AS id ORDER BY id", k=hub_papers)]
        report.hubs[label] = len(hubs[label])
        big = set(hubs[label])
        # mypy cannot infer a lambda with a default argument (big=big binds this label's hubs)
        firsts = first_papers(store, label, lambda e, big=big: FIRST_CAP if e in big else SAMPLE_CAP)  # type: ignore[misc]
        for node_id, papers in firsts.items():
            entries[first_key(key_of(label, node_id))] = papers
    for node_id in hubs["Method"]:
        entry = entries[direct_key(node_id)] = _direct_entry(store, node_id)
        # the related rows, with the first papers of every hub known already (from ``entries``)
        rows = _cites_like(store, node_id, 0, RELATED_CAP + 1, entries)
        entry["related"] = [r.to_dict() for r in rows[:RELATED_CAP]]
        entry["related_complete"] = len(rows) <= RELATED_CAP
    for node_id in hubs["Dataset"]:
        board = leaderboard_on_store(store, node_id, limit=BOARD_CAP)
        entries[board_key(node_id)] = {"limit": BOARD_CAP, "format": board_format(), "board": board.to_dict()}
    token = new_token()
    path = store.path  # type: ignore[attr-defined]  # a LadybugStore
    write_index(path, ((k, json.dumps(d, ensure_ascii=False)) for k, d in entries.items()), token)
    set_token(store, token)  # last: until now the store names no index, so nothing reads a half-made one
    report.entries = len(entries)
    report.seconds = round(time.perf_counter() - t0, 3)
    return report
