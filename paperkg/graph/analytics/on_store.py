"""The lookups that must stay fast on a large graph, run as parameterised Cypher against a store.

Any object with ``run(cypher, params) -> QueryResult`` works (``paperkg.cypher.backend.Backend``);
it is duck-typed here so the graph layer does not import the store layer. Each lookup starts from a
primary-key match (``{id: $id}``), so it touches the method's or dataset's neighbourhood only, never
the whole graph. The ranking itself is the same code as the in-memory path
(:func:`~paperkg.graph.analytics.cites_like.rank_direct`, ``rank_related``,
:func:`~paperkg.graph.analytics.leaderboard.build_leaderboard`), so both paths give the same answers.
The queries use the common subset of LadybugDB's and Neo4j's Cypher except where noted.
"""

from __future__ import annotations

from typing import Any, Protocol

from paperkg.graph.analytics.cites_like import (
    RELATED_DEFAULT,
    Fact,
    PaperMeta,
    neighbourhood_edges,
    rank_direct,
    rank_related,
)
from paperkg.graph.analytics.leaderboard import build_leaderboard
from paperkg.graph.analytics.lookup import normal_key, pick, suggest
from paperkg.graph.analytics.projection import PAPER_ENTITY_RELS, key_of, split_key
from paperkg.graph.analytics.results import Leaderboard, Match, Ranked, Suggestions
from paperkg.graph.schema import ENTITY_LABELS

_PROJ = "|".join(PAPER_ENTITY_RELS)
LOOKUP_LABELS = ("Paper", *ENTITY_LABELS)


class _Runs(Protocol):
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> Any: ...


def _records(store: _Runs, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return store.run(cypher, params).records()


def _check_label(label: str) -> str:
    if label not in LOOKUP_LABELS:  # labels are spliced into the query text: only known ones
        raise ValueError(f"unknown label {label!r}")
    return label


# -- names --------------------------------------------------------------------------------------


def resolve_on_store(store: _Runs, name: str, label: str = "Method") -> Match | Suggestions:
    """Same rules as :func:`~paperkg.graph.analytics.lookup.resolve_entity`, as queries on the store.
    The key step uses LadybugDB's ``regexp_replace``/``list_transform`` (no Neo4j variant yet)."""
    label = _check_label(label)
    text = name.strip()
    if label == "Paper":
        name_expr, alias_expr = "n.title", None
    else:
        name_expr, alias_expr = "n.name", "n.aliases"
    papers = "0" if label == "Paper" else "coalesce(n.papers, 0)"
    ret = f"RETURN n.id AS id, {name_expr} AS name, {papers} AS papers"
    steps = [("id", f"MATCH (n:{label} {{id: $q}}) {ret}", text),  # a primary-key lookup
             ("name", f"MATCH (n:{label}) WHERE lower({name_expr}) = $q {ret}", text.lower())]
    if alias_expr:
        steps.append(("alias", f"MATCH (n:{label}) WHERE list_contains("
                               f"list_transform({alias_expr}, a -> lower(a)), $q) {ret}", text.lower()))
        key = ("regexp_replace(lower({}), '[^a-z0-9]', '', 'g')")
        steps.append(("key", f"MATCH (n:{label}) WHERE {key.format(name_expr)} = $q OR list_contains("
                             f"list_transform({alias_expr}, a -> {key.format('a')}), $q) {ret}",
                      normal_key(text)))
    else:
        key = "regexp_replace(lower({}), '[^a-z0-9]', '', 'g')"
        steps.append(("key", f"MATCH (n:{label}) WHERE {key.format(name_expr)} = $q {ret}", normal_key(text)))
    for matched_on, cypher, q in steps:
        if matched_on == "key" and not q:
            continue
        rows = _records(store, cypher, q=q)
        found = pick(((key_of(label, r["id"]), r["id"], r["name"] or "", r["papers"]) for r in rows),
                     matched_on, label)
        if found:
            return found
    aliases = "[]" if label == "Paper" else "n.aliases"
    rows = _records(store, f"MATCH (n:{label}) RETURN {name_expr} AS name, {aliases} AS aliases")
    return suggest(text, ((r["name"] or "", r["aliases"] or []) for r in rows), label)


# -- cites-like ---------------------------------------------------------------------------------

# The fact queries return what ranking needs of each paper, so no second round trip per paper.
_META = "p.title AS title, p.upvotes AS upvotes, p.date AS date"
_Q_PROPOSES = ("MATCH (m:Method {id: $id})<-[r:PROPOSES]-(p:Paper) "
               f"RETURN p.id AS paper, r.sentence AS sentence, {_META}")
_USES = ("MATCH (m:Method {id: $id})<-[r:USES]-(p:Paper{paper}) "
         "RETURN p.id AS paper, r.sentence AS sentence, r.mentions AS mentions, " + _META)
# Only papers that merely mention the method can be many (a hub has thousands): the engine ranks them
# in the order rank_direct gives tier-1 papers (mentions, upvotes, date descending, id) and returns k.
_Q_USES_TOP = _USES.replace("{paper}", "") + (
    " ORDER BY CASE WHEN r.mentions IS NULL OR r.mentions < 1 THEN 1 ELSE r.mentions END DESC, "
    "coalesce(p.upvotes, 0) DESC, coalesce(p.date, '') DESC, p.id LIMIT $k")
# Anchored at both ends (UNWIND + key): twice as fast as ``WHERE p.id IN $ids`` on a hub.
_Q_USES_OF = "UNWIND $ids AS i " + _USES.replace("{paper}", " {id: i}")
_Q_NAMING = ("UNWIND $ids AS i MATCH (m:Method {id: $id})<-[:PROPOSES|USES]-(p:Paper {id: i}) "
             "RETURN p.id AS paper")
_Q_CLAIMS = ("MATCH (m:Method {id: $id})<-[r:`OF`|AGAINST]-(c:Claim)<-[:REPORTS]-(p:Paper) "
             f"RETURN p.id AS paper, label(r) AS rel, c.sentence AS sentence, c.id AS claim, {_META}")
_Q_BEATEN = ("MATCH (m:Method {id: $id})<-[r:OUTPERFORMS]-(x:Method), (p:Paper {id: r.paper_id}) "
             f"RETURN p.id AS paper, r.sentence AS sentence, r.claim_id AS claim, {_META}")
# UNWIND + key match: one primary-key lookup per id (``WHERE p.id IN $ids`` would scan the table).
_Q_META = ("UNWIND $ids AS i MATCH (p:Paper {id: i}) "
           "RETURN p.id AS id, p.title AS title, p.upvotes AS upvotes, p.date AS date")
_Q_NAMES = "UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN n.id AS id, n.name AS name"
# Relationships from a paper into each entity label (a pattern naming only these plans better).
_INTO = {"Method": "PROPOSES|USES", "Dataset": "PROPOSES|EVALUATES_ON", "Metric": "MEASURES"}
_Q_AROUND = ("MATCH (x:Method {id: $id})<-[:PROPOSES|USES]-(p:Paper) WITH DISTINCT p ORDER BY p.id LIMIT $n "
             f"MATCH (p)-[:{_PROJ}]->(e) RETURN p.id AS paper, label(e) AS label, e.id AS id")
_Q_PAPERS_OF = ("MATCH (x:{label} {{id: $id}})<-[:{into}]-(p:Paper) "
                "RETURN DISTINCT p.id AS paper ORDER BY paper LIMIT $n")


def _meta(store: _Runs, ids: list[str]) -> dict[str, PaperMeta]:
    if not ids:
        return {}
    return {r["id"]: PaperMeta(r["id"], r["title"] or "", r["upvotes"] or 0, str(r["date"] or ""))
            for r in _records(store, _Q_META, ids=ids)}


def _names(store: _Runs, keys: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for label in ENTITY_LABELS:
        ids = [split_key(k)[1] for k in keys if split_key(k)[0] == label]
        if ids:
            for r in _records(store, _Q_NAMES.format(label=label), ids=ids):
                out[key_of(label, r["id"])] = r["name"] or r["id"]
    return out


def _around(store: _Runs, method: str, n: int) -> list[tuple[str, str]]:
    """Projection edges of the method's first ``n`` papers (by id): one query from its key."""
    rows = _records(store, _Q_AROUND, id=split_key(method)[1], n=n)
    return [(key_of("Paper", r["paper"]), key_of(r["label"], r["id"])) for r in rows]


def _papers_of(store: _Runs, node: str, n: int) -> list[str]:
    label, node_id = split_key(node)
    cypher = _Q_PAPERS_OF.format(label=_check_label(label), into=_INTO[label])
    return [key_of("Paper", r["paper"]) for r in _records(store, cypher, id=node_id, n=n)]


def _keep_meta(meta: dict[str, PaperMeta], r: dict[str, Any]) -> dict[str, Any]:
    if r["paper"] not in meta:
        meta[r["paper"]] = PaperMeta(r["paper"], r["title"] or "", r["upvotes"] or 0, str(r["date"] or ""))
    return r


def direct_facts_on_store(store: _Runs, method_id: str, limit: int,
                          meta: dict[str, PaperMeta] | None = None) -> list[Fact]:
    """The facts that decide the first ``limit`` direct rows; fills ``meta`` with the papers they name.

    Every proposing paper and every claim about the method (few) is fetched, with the USES edges of
    those papers (their mentions count in their strength); of the papers that only mention the method,
    the best ``limit + len(those papers)`` by the tier-1 order, so the first ``limit`` rows are exact.
    """
    facts = []
    meta = {} if meta is None else meta
    for r in (_keep_meta(meta, r) for r in _records(store, _Q_PROPOSES, id=method_id)):
        facts.append(Fact(r["paper"], "proposes", r["sentence"] or ""))
    for r in (_keep_meta(meta, r) for r in _records(store, _Q_CLAIMS, id=method_id)):
        facts.append(Fact(r["paper"], "uses" if r["rel"] == "OF" else "compares", r["sentence"] or "",
                          claim_id=r["claim"] or ""))
    for r in (_keep_meta(meta, r) for r in _records(store, _Q_BEATEN, id=method_id)):
        facts.append(Fact(r["paper"], "compares", r["sentence"] or "", claim_id=r["claim"] or ""))
    higher = sorted({f.paper_id for f in facts})
    uses = _records(store, _Q_USES_OF, id=method_id, ids=higher) if higher else []
    uses += _records(store, _Q_USES_TOP, id=method_id, k=limit + len(higher))
    seen = set()
    for r in (_keep_meta(meta, r) for r in uses):
        if r["paper"] not in seen:
            seen.add(r["paper"])
            facts.append(Fact(r["paper"], "mentions", r["sentence"] or "", mentions=r["mentions"] or 1))
    return facts


def cites_like_on_store(store: _Runs, method_id: str, limit: int = 20,
                        related: int = RELATED_DEFAULT) -> list[Ranked]:
    """:func:`~paperkg.graph.analytics.cites_like.cites_like` for ``Method {id: method_id}`` in a store:
    the direct part by three indexed queries, the related part by PPR on the bounded neighbourhood
    fetched ring by ring (one ``LIMIT``-ed query from the method's key, one from each ring-2 entity's)."""
    meta: dict[str, PaperMeta] = {}
    facts = direct_facts_on_store(store, method_id, limit, meta)
    direct = rank_direct(facts, meta)
    fact_papers = {f.paper_id for f in facts}

    def direct_among(ids: list[str]) -> set[str]:
        named = _records(store, _Q_NAMING, id=method_id, ids=ids) if ids else []
        return fact_papers.intersection(ids) | {r["paper"] for r in named}

    method = key_of("Method", method_id)
    edges = neighbourhood_edges(method, around=lambda m, n: _around(store, m, n),
                                papers_of=lambda e, n: _papers_of(store, e, n))
    rel = rank_related(method, edges, direct_among, meta=lambda ids: _meta(store, ids),
                       names=lambda keys: _names(store, keys), limit=related)
    return direct[:limit] + rel


# -- leaderboard --------------------------------------------------------------------------------

_Q_DATASET = "MATCH (d:Dataset {id: $id}) RETURN d.name AS name"
_Q_BOARD = (
    "MATCH (d:Dataset {id: $id})<-[:`ON`]-(c:Claim)<-[:REPORTS]-(p:Paper) "
    "OPTIONAL MATCH (c)-[:`IN`]->(mt:Metric) "
    "OPTIONAL MATCH (c)-[:`OF`]->(m:Method) "
    "RETURN c.id AS claim_id, c.value AS value, c.number AS number, c.unit AS unit, c.kind AS kind, "
    "c.metric AS c_metric, c.method AS c_method, c.baseline AS baseline, c.sentence AS sentence, "
    "p.id AS paper_id, p.title AS title, mt.id AS metric_id, mt.name AS metric_name, "
    "mt.direction AS direction, m.id AS method_id, m.name AS method_name"
)


def leaderboard_on_store(store: _Runs, dataset_id: str, metric_id: str | None = None) -> Leaderboard:
    """:func:`~paperkg.graph.analytics.leaderboard.leaderboard` for ``Dataset {id: dataset_id}``."""
    found = _records(store, _Q_DATASET, id=dataset_id)
    if not found:
        raise KeyError(dataset_id)
    rows = _records(store, _Q_BOARD, id=dataset_id)
    return build_leaderboard(found[0]["name"] or dataset_id, dataset_id, rows, metric_id)
