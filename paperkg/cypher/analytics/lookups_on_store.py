"""The lookups that must stay fast on a large graph, run as parameterised Cypher against a store.

Any object with ``run(cypher, params) -> QueryResult`` works (``paperkg.cypher.backend.Backend``, an
embedded ``LadybugStore``; duck-typed). Each statement starts from a primary-key match (``{id: $id}``)
and extends from it, so it touches the method's or dataset's neighbourhood only, never the whole
graph; a hub's neighbourhood is itself large, so its answers come
precomputed from the rankings index (:mod:`~paperkg.cypher.analytics.rankings`) when the store has one.
The ranking itself is the same code as the in-memory path
(:func:`~paperkg.graph.analytics.cites_like.rank_direct`, ``rank_related``,
:func:`~paperkg.graph.analytics.leaderboard.build_leaderboard`), so all paths give the same answers.
The statements are LadybugDB's; ``NEO4J_VARIANTS`` and :func:`resolve_statements` give Neo4j's where
the dialects differ, chosen by the backend's ``name``.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from paperkg.cypher.analytics.rankings_file import current_entries
from paperkg.graph.analytics.answers import Leaderboard, Match, Ranked, Suggestions
from paperkg.graph.analytics.cites_like import (
    PER_ENTITY_CAP,
    RELATED_DEFAULT,
    Fact,
    PaperMeta,
    edge_relation,
    neighbourhood_edges,
    rank_direct,
    rank_related,
)
from paperkg.graph.analytics.leaderboard import board_format, build_leaderboard
from paperkg.graph.analytics.lookup import pick, suggest
from paperkg.graph.analytics.projection import PAPER_ENTITY_RELS, key_of, split_key
from paperkg.graph.schema import ENTITY_LABELS
from paperkg.util.names import alnum_key

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


# -- dialects and the rankings index -------------------------------------------------------------

LADYBUG, NEO4J = "ladybug", "neo4j"
# The statements below are LadybugDB's; where Neo4j's Cypher differs, this table gives its text
# (``label(r)`` is ``type(r)`` there, ``label(n)`` is ``labels(n)[0]``). Each entry is linted by Neo4j's
# own parser (tests/cypher/neo4j/test_neo4j_lint.py) and run through the recording driver (same folder).
NEO4J_VARIANTS: dict[str, str] = {}


def _variant(ladybug: str, neo4j: str) -> str:
    NEO4J_VARIANTS[ladybug] = neo4j
    return ladybug


def dialect(store: _Runs) -> str:
    """The store's dialect from its ``name`` (``paperkg.cypher.backend.Backend``); LadybugDB by default."""
    return NEO4J if getattr(store, "name", LADYBUG) == NEO4J else LADYBUG


def _text(store: _Runs, cypher: str) -> str:
    return NEO4J_VARIANTS.get(cypher, cypher) if dialect(store) == NEO4J else cypher


def cached(store: _Runs, keys: list[str]) -> dict[str, Any] | None:
    """``{key: decoded data}`` of the rankings index entries present among ``keys``; None without a
    current index (a Neo4j server, a store no build refreshed, an index of another write): the index
    that ``paperkg.cypher.analytics.rankings.refresh_rankings`` writes beside an embedded store
    (:mod:`paperkg.cypher.analytics.rankings_file`; not part of the graph, so users' queries never see it)."""
    if dialect(store) != LADYBUG or not keys:
        return None
    rows = current_entries(store, keys)
    return None if rows is None else {k: json.loads(v) for k, v in rows.items()}


def name_key(label: str, step: str, form: str) -> str:
    return f"name|{label}|{step}|{form}"


def first_key(node: str) -> str:
    return f"first|{node}"


def direct_key(method_id: str) -> str:
    return f"direct|{method_id}"


def board_key(dataset_id: str) -> str:
    return f"board|{dataset_id}"


# -- names --------------------------------------------------------------------------------------

_LOOKUP_RET = "RETURN n.id AS id, {name} AS name, {papers} AS papers"
# paperkg.util.names.alnum_key in Cypher
_NORM = "regexp_replace(lower({}), '[^a-z0-9]', '', 'g')"


def resolve_statements(label: str, dialect: str = LADYBUG) -> dict[str, str]:
    """The statements of name resolution for ``label``, by step (id, name, alias, key, suggest).

    Neo4j's ``key`` statement takes no parameter: it returns every name and alias (Neo4j has no regex
    replace without APOC) and the letters-and-digits key is compared in Python. LadybugDB cannot bind a
    parameter inside ``any(...)`` (an internal assertion), so its alias step uses ``list_transform``."""
    label = _check_label(label)
    if label == "Paper":
        name_expr, alias_expr, papers = "n.title", None, "0"
    else:
        name_expr, alias_expr, papers = "n.name", "n.aliases", "coalesce(n.papers, 0)"
    ret = _LOOKUP_RET.format(name=name_expr, papers=papers)
    out = {"id": f"MATCH (n:{label} {{id: $q}}) {ret}",
           "name": f"MATCH (n:{label}) WHERE toLower({name_expr}) = $q {ret}"}
    if dialect == NEO4J:
        if alias_expr:
            out["alias"] = f"MATCH (n:{label}) WHERE any(a IN {alias_expr} WHERE toLower(a) = $q) {ret}"
        out["key"] = f"MATCH (n:{label}) {ret}, {alias_expr or '[]'} AS aliases"
    else:
        where = f"{_NORM.format(name_expr)} = $q"
        if alias_expr:
            has = f"list_contains(list_transform({alias_expr}, a -> lower(a)), $q)"
            out["alias"] = f"MATCH (n:{label}) WHERE {has} {ret}"
            where += f" OR list_contains(list_transform({alias_expr}, a -> {_NORM.format('a')}), $q)"
        out["key"] = f"MATCH (n:{label}) WHERE {where} {ret}"
    out["suggest"] = f"MATCH (n:{label}) RETURN {name_expr} AS name, {alias_expr or '[]'} AS aliases"
    return out


def resolve_on_store(store: _Runs, name: str, label: str = "Method") -> Match | Suggestions:
    """Same rules as :func:`~paperkg.graph.analytics.lookup.resolve_entity`, as queries on the store.

    The id is a primary-key lookup. For entities, the name, alias and letters-and-digits key steps are
    one lookup in the rankings index when the store has one; otherwise they scan the label's nodes
    (statements: :func:`resolve_statements`)."""
    q = resolve_statements(label, dialect(store))
    text = name.strip()
    low, key = text.lower(), alnum_key(text)

    def found(rows: list[dict[str, Any]], matched_on: str) -> Match | None:
        return pick(((key_of(label, r["id"]), r["id"], r["name"] or "", r["papers"]) for r in rows),
                    matched_on, label)

    if hit := found(_records(store, q["id"], q=text), "id"):
        return hit
    steps = [(s, v) for s, v in (("name", low), ("alias", low), ("key", key)) if s in q and v]
    index = cached(store, [name_key(label, s, v) for s, v in steps]) if label != "Paper" else None
    for step, value in steps:
        if index is not None:
            hits = index.get(name_key(label, step, value), [])
            rows = [{"id": i, "name": n, "papers": k} for i, n, k in hits]
        elif step == "key" and dialect(store) == NEO4J:
            rows = [r for r in _records(store, q["key"])
                    if any(alnum_key(f or "") == key for f in (r["name"], *(r["aliases"] or [])))]
        else:
            rows = _records(store, q[step], q=value)
        if hit := found(rows, step):
            return hit
    rows = _records(store, q["suggest"])
    return suggest(text, ((r["name"] or "", r["aliases"] or []) for r in rows), label)


# -- cites-like ---------------------------------------------------------------------------------

# The fact queries return what ranking needs of each paper, so no second round trip per paper.
_META = "p.title AS title, p.upvotes AS upvotes, p.date AS date"
_Q_PROPOSES = ("MATCH (m:Method {id: $id})<-[r:PROPOSES]-(p:Paper) "
               f"RETURN p.id AS paper, r.sentence AS sentence, {_META}")
_USES_RET = ("RETURN p.id AS paper, r.sentence AS sentence, r.mentions AS mentions, r.relation AS relation, "
             + _META)
_USES = "MATCH (m:Method {id: $id})<-[r:USES]-(p:Paper) " + _USES_RET
# The tier of a USES edge and its mentions (at least 1), as rank_direct reads them.
EDGE_TIER = "CASE r.relation WHEN 'compares' THEN 3 WHEN 'uses' THEN 2 ELSE 1 END"
EDGE_MENTIONS = "CASE WHEN r.mentions IS NULL OR r.mentions < 1 THEN 1 ELSE r.mentions END"
# Only papers named by a USES edge alone (no claim, no PROPOSES) can be many (a hub has thousands): the
# engine ranks them in the order rank_direct gives such papers (tier, mentions, upvotes, date descending,
# id) and returns k.
_Q_USES_TOP = _USES + (
    f" ORDER BY {EDGE_TIER} DESC, {EDGE_MENTIONS} DESC, "
    "coalesce(p.upvotes, 0) DESC, coalesce(p.date, '') DESC, p.id LIMIT $k")
# Every statement starts from one primary-key match and only extends from there: LadybugDB plans
# ``UNWIND $ids AS i MATCH (p:Paper {id: i})-[...]->()`` as a hash join over the whole relationship
# table (O(graph): 34 ms for 100 papers at 10k papers, ten times that at 1M), an anchored extend is O(degree).
_Q_USES_ALL = _USES
MANY_HIGHER = 200
_Q_USES_OF = "MATCH (m:Method {id: $id})<-[r:USES]-(p:Paper) WHERE p.id IN $ids " + _USES_RET
_Q_NAMING = "MATCH (m:Method {id: $id})<-[:PROPOSES|USES]-(p:Paper) RETURN DISTINCT p.id AS paper"
_CLAIMS = ("MATCH (m:Method {id: $id})<-[r:`OF`|AGAINST]-(c:Claim)<-[:REPORTS]-(p:Paper) "
           "RETURN p.id AS paper, {rel} AS rel, c.sentence AS sentence, c.id AS claim, " + _META)
_Q_CLAIMS = _variant(_CLAIMS.replace("{rel}", "label(r)"), _CLAIMS.replace("{rel}", "type(r)"))
# the papers named by paper_id are looked up by key afterwards (joining on r.paper_id scans every paper)
_Q_BEATEN = ("MATCH (m:Method {id: $id})<-[r:OUTPERFORMS]-(x:Method) "
             "RETURN r.paper_id AS paper, r.sentence AS sentence, r.claim_id AS claim")
# UNWIND + key match: one primary-key lookup per id (``WHERE p.id IN $ids`` would scan the table).
_Q_META = ("UNWIND $ids AS i MATCH (p:Paper {id: i}) "
           "RETURN p.id AS id, p.title AS title, p.upvotes AS upvotes, p.date AS date")
_Q_NAMES = "UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN n.id AS id, n.name AS name"
# Relationships from a paper into each entity label (a pattern naming only these plans better).
_INTO = {"Method": "PROPOSES|USES", "Dataset": "PROPOSES|EVALUATES_ON", "Metric": "MEASURES"}
# ring 1's edges: a chain from the method's key, kept to the given papers (its first ones by id); a
# ``WITH p ... MATCH (p)-->(e)`` form is planned as a hash join over every projection edge instead
_AROUND = (f"MATCH (x:Method {{{{id: $id}}}})<-[:PROPOSES|USES]-(p:Paper)-[:{_PROJ}]->(e) WHERE p.id IN $ids "
           "RETURN p.id AS paper, {label} AS label, e.id AS id")
_Q_AROUND = _variant(_AROUND.format(label="label(e)"), _AROUND.format(label="labels(e)[0]"))
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


def _edges(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(key_of("Paper", r["paper"]), key_of(r["label"], r["id"])) for r in rows]


def _first_from(index: dict[str, Any] | None, node: str, n: int) -> list[str] | None:
    """The node's first ``n`` paper ids from a rankings-index entry, or None when the entry is missing
    or shorter than ``n`` but possibly cut (entries are cut at ``PER_ENTITY_CAP`` or more: a shorter
    list is all of the node's papers)."""
    ids = (index or {}).get(first_key(node))
    if ids is None or (n > len(ids) and len(ids) >= PER_ENTITY_CAP):
        return None
    return ids[:n]


def _around(store: _Runs, method: str, n: int, first: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """Projection edges of the method's first ``n`` papers (by id; from the rankings index when it lists
    them, else one ``LIMIT``-ed query), then their edges by one chain from the method's key."""
    ids = _first_from(first, method, n)
    if ids is None:
        ids = [split_key(p)[1] for p in _papers_of(store, method, n)]
    ids = ids[:n]
    if not ids:
        return []
    rows = _records(store, _text(store, _Q_AROUND), id=split_key(method)[1], ids=ids)
    # every listed paper is linked to the method by definition: its edge is added here rather than
    # trusting the chain to walk the same relationship twice; one pair per (paper, entity), as in memory
    return list(dict.fromkeys([*((key_of("Paper", i), method) for i in ids), *_edges(rows)]))


def _papers_of(store: _Runs, node: str, n: int) -> list[str]:
    label, node_id = split_key(node)
    cypher = _Q_PAPERS_OF.format(label=_check_label(label), into=_INTO[label])
    return [key_of("Paper", r["paper"]) for r in _records(store, cypher, id=node_id, n=n)]


def _papers_of_all(store: _Runs, nodes: list[str], n: int,
                   index: dict[str, Any] | None = None) -> dict[str, list[str]]:
    """First ``n`` papers (by id) of each node: from the rankings index, which lists every entity's first
    papers (``index`` may already hold some), else one ``ORDER BY ... LIMIT`` query per node."""
    index = dict(index or {})
    missing = [first_key(e) for e in nodes if first_key(e) not in index]
    index.update(cached(store, missing) or {})
    out = {}
    for e in nodes:
        ids = _first_from(index, e, n)
        out[e] = _papers_of(store, e, n) if ids is None else [key_of("Paper", p) for p in ids]
    return out


def _keep_meta(meta: dict[str, PaperMeta], r: dict[str, Any]) -> dict[str, Any]:
    if r["paper"] not in meta:
        meta[r["paper"]] = PaperMeta(r["paper"], r["title"] or "", r["upvotes"] or 0, str(r["date"] or ""))
    return r


def direct_facts_on_store(store: _Runs, method_id: str, limit: int,
                          meta: dict[str, PaperMeta] | None = None) -> list[Fact]:
    """The facts that decide the first ``limit`` direct rows; fills ``meta`` with the papers they name.

    Every proposing paper and every claim about the method (few) is fetched, with the USES edges of
    those papers (their mentions count in their strength); of the papers named by a USES edge alone,
    the best ``limit + len(those papers)`` in rank_direct's order (tier of the edge's relation, mentions,
    upvotes, date, id), so the first ``limit`` rows are exact.
    """
    facts = []
    meta = {} if meta is None else meta
    for r in (_keep_meta(meta, r) for r in _records(store, _Q_PROPOSES, id=method_id)):
        facts.append(Fact(r["paper"], "proposes", r["sentence"] or ""))
    for r in (_keep_meta(meta, r) for r in _records(store, _text(store, _Q_CLAIMS), id=method_id)):
        facts.append(Fact(r["paper"], "uses" if r["rel"] == "OF" else "compares", r["sentence"] or "",
                          claim_id=r["claim"] or ""))
    beaten = [r for r in _records(store, _Q_BEATEN, id=method_id) if r["paper"]]
    known = _meta(store, sorted({r["paper"] for r in beaten} - set(meta)))
    for r in beaten:
        if r["paper"] not in meta and r["paper"] in known:
            meta[r["paper"]] = known[r["paper"]]
        if r["paper"] in meta:
            facts.append(Fact(r["paper"], "compares", r["sentence"] or "", claim_id=r["claim"] or ""))
    higher = sorted({f.paper_id for f in facts})
    if len(higher) > MANY_HIGHER:  # ``p.id IN $ids`` costs O(edges x ids): read every USES edge instead
        uses = _records(store, _Q_USES_ALL, id=method_id)
    else:
        uses = _records(store, _Q_USES_OF, id=method_id, ids=higher) if higher else []
        uses += _records(store, _Q_USES_TOP, id=method_id, k=limit + len(higher))
    seen = set()
    for r in (_keep_meta(meta, r) for r in uses):
        if r["paper"] not in seen:
            seen.add(r["paper"])
            facts.append(Fact(r["paper"], edge_relation(r["relation"]), r["sentence"] or "",
                              mentions=max(1, r["mentions"] or 1)))
    return facts


def _ranked(d: dict[str, Any]) -> Ranked:
    return Ranked(**{**d, "shared": list(d.get("shared") or [])})


def cites_like_on_store(store: _Runs, method_id: str, limit: int = 20,
                        related: int = RELATED_DEFAULT) -> list[Ranked]:
    """:func:`~paperkg.graph.analytics.cites_like.cites_like` for ``Method {id: method_id}`` in a store.

    A method with many papers is answered from the rankings index (its first direct rows and related rows,
    precomputed) when the index holds at least ``limit`` and ``related`` rows. Otherwise, direct part:
    a few queries from the method's key; related part: PPR on the bounded neighbourhood fetched ring by
    ring (the ring-2 entities' first papers from the index where it lists them, else ``LIMIT``-ed
    queries from each key)."""
    method = key_of("Method", method_id)
    return _cites_like(store, method_id, limit, related, cached(store, [direct_key(method_id),
                                                                       first_key(method)]))


def _cites_like(store: _Runs, method_id: str, limit: int, related: int,
                index: dict[str, Any] | None) -> list[Ranked]:
    method = key_of("Method", method_id)
    entry = (index or {}).get(direct_key(method_id))
    if entry is not None and (limit <= len(entry["rows"]) or entry["complete"]):
        direct = [_ranked(d) for d in entry["rows"]]
        cached_related = entry.get("related")  # None while refresh_rankings computes it
        if cached_related is not None and (related <= len(cached_related) or entry["related_complete"]):
            return direct[:limit] + [_ranked(d) for d in cached_related[:related]]
        # papers direct through a claim or an OUTPERFORMS edge only (no PROPOSES/USES edge): usually none
        fact_papers = set(entry["extra"])
    else:
        meta: dict[str, PaperMeta] = {}
        facts = direct_facts_on_store(store, method_id, limit, meta)
        direct = rank_direct(facts, meta)
        fact_papers = {f.paper_id for f in facts}

    def direct_among(ids: list[str]) -> set[str]:
        named = _records(store, _Q_NAMING, id=method_id) if ids else []
        return fact_papers.intersection(ids) | {r["paper"] for r in named}.intersection(ids)

    edges = neighbourhood_edges(method, around=lambda m, n: _around(store, m, n, index),
                                papers_of=lambda e, n: _papers_of(store, e, n),
                                papers_of_all=lambda es, n: _papers_of_all(store, es, n, index))
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
    "c.metric AS c_metric, c.dataset AS c_dataset, c.method AS c_method, c.baseline AS baseline, "
    "c.sentence AS sentence, p.id AS paper_id, p.title AS title, mt.id AS metric_id, "
    "mt.name AS metric_name, mt.aliases AS metric_aliases, mt.direction AS direction, m.id AS method_id, "
    "m.name AS method_name"
)


def leaderboard_on_store(store: _Runs, dataset_id: str, metric_id: str | None = None,
                         limit: int | None = None) -> Leaderboard:
    """:func:`~paperkg.graph.analytics.leaderboard.leaderboard` for ``Dataset {id: dataset_id}``
    (``limit``: first rows of each board's scores and of its rows listed apart). A dataset with many
    claims is answered from the rankings index when its boards were stored with at least ``limit`` rows
    each, by the current code and rules (``board_format()``: an index written under others is not used)."""
    entry = (cached(store, [board_key(dataset_id)]) or {}).get(board_key(dataset_id))
    if (entry is not None and entry.get("format") == board_format() and limit is not None
            and limit <= entry["limit"]):
        board = Leaderboard.from_dict(entry["board"])
        boards = [b for b in board.boards if metric_id is None or b.metric_id == metric_id]
        for b in boards:
            b.scores, b.apart = b.scores[:limit], b.apart[:limit]
        return Leaderboard(board.dataset, board.dataset_id, boards)
    found = _records(store, _Q_DATASET, id=dataset_id)
    if not found:
        raise KeyError(dataset_id)
    rows = _records(store, _Q_BOARD, id=dataset_id)
    return build_leaderboard(found[0]["name"] or dataset_id, dataset_id, rows, metric_id, limit)


# -- the Neo4j statements, for the linter -------------------------------------------------------


def neo4j_statements() -> list[tuple[str, str, dict[str, Any]]]:
    """(name, Cypher, sample parameters) of every statement these lookups can send to a Neo4j server
    (the rankings index is LadybugDB's only, so its statements are not among them)."""
    one: dict[str, Any] = {"id": "lora"}
    ids: dict[str, Any] = {"ids": ["p1"]}
    out: list[tuple[str, str, dict[str, Any]]] = []
    for label in LOOKUP_LABELS:
        for step, cypher in resolve_statements(label, NEO4J).items():
            out.append((f"resolve {label} {step}", cypher, {"q": "lora"} if "$q" in cypher else {}))
    for label in ENTITY_LABELS:
        out.append((f"names {label}", _Q_NAMES.format(label=label), ids))
        papers_of = _Q_PAPERS_OF.format(label=label, into=_INTO[label])
        out.append((f"papers of {label}", papers_of, {**one, "n": 20}))
    out += [
        ("cites-like proposes", _Q_PROPOSES, one),
        ("cites-like claims", NEO4J_VARIANTS[_Q_CLAIMS], one),
        ("cites-like outperforms", _Q_BEATEN, one),
        ("cites-like uses all", _Q_USES_ALL, one),
        ("cites-like uses of", _Q_USES_OF, {**one, **ids}),
        ("cites-like uses top", _Q_USES_TOP, {**one, "k": 20}),
        ("cites-like naming", _Q_NAMING, one),
        ("cites-like meta", _Q_META, ids),
        ("cites-like around", NEO4J_VARIANTS[_Q_AROUND], {**one, **ids}),
        ("leaderboard dataset", _Q_DATASET, one),
        ("leaderboard claims", _Q_BOARD, one),
    ]
    return out
