"""``similar`` answered from a store: the evidence around one method fetched by anchored Cypher.

Same answers as :func:`paperkg.graph.analytics.similar.similar_methods` on the graph read back from the
store: the statements gather the same :class:`~paperkg.graph.analytics.similar.Neighbourhood` and
:class:`~paperkg.graph.analytics.similar.Context` values, and the ranking is the same function
(:func:`~paperkg.graph.analytics.similar.rank_similar`). Every statement starts from one method's primary
key (``{id: $id}``) and extends from there, so the cost is that of the method's neighbourhood (its
papers and the methods they name), not of the graph: the whole-graph figures a score needs are the
paper count and each node's stored ``papers`` (the number of papers naming it, written by the build).
Contexts (datasets and metrics of a candidate's papers) are fetched for the few candidates the ranking
asks for, two statements each.

Any object with ``run(cypher, params)`` whose result has ``records()`` works (the embedded LadybugDB
store; the statements use no dialect-specific function).
"""

from __future__ import annotations

from typing import Any, Protocol

from paperkg.graph.analytics.answers import SimilarMethod
from paperkg.graph.analytics.projection import key_of, split_key
from paperkg.graph.analytics.similar import Context, Feature, Neighbourhood, Peer, rank_similar


class _Runs(Protocol):
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> Any: ...


_Q_METHOD = "MATCH (m:Method {id: $id}) RETURN coalesce(m.papers, 0) AS papers"
_Q_TOTAL = "MATCH (p:Paper) RETURN count(p) AS n"
# each of the method's papers with every method it names (the method itself among them: k counts it)
_Q_NAMED = ("MATCH (m:Method {id: $id})<-[:PROPOSES|USES]-(p:Paper)-[:PROPOSES|USES]->(o:Method) "
            "RETURN DISTINCT p.id AS paper, o.id AS id, o.name AS name, coalesce(o.papers, 0) AS papers")
# comparisons: a claim of one against the other (the paper reporting it), OUTPERFORMS either way
_CLAIM = ("MATCH (m:Method {{id: $id}})<-[:{mine}]-(c:Claim)-[:{theirs}]->(o:Method), "
          "(p:Paper)-[:REPORTS]->(c) "
          "RETURN p.id AS paper, o.id AS id, o.name AS name, coalesce(o.papers, 0) AS papers")
_Q_CLAIMS = (_CLAIM.format(mine="`OF`", theirs="AGAINST"), _CLAIM.format(mine="AGAINST", theirs="`OF`"))
_BEATS = ("MATCH (m:Method {{id: $id}}){arrow}(o:Method) "
          "RETURN r.paper_id AS paper, o.id AS id, o.name AS name, coalesce(o.papers, 0) AS papers")
_Q_BEATS = (_BEATS.format(arrow="-[r:OUTPERFORMS]->"), _BEATS.format(arrow="<-[r:OUTPERFORMS]-"))
# a method's papers' datasets and metrics, with how many of its papers name each
_CONTEXT = ("MATCH (m:Method {{id: $id}})<-[:PROPOSES|USES]-(p:Paper)-[:{rels}]->(e:{label}) "
            "RETURN e.id AS id, e.name AS name, coalesce(e.papers, 0) AS papers, count(DISTINCT p) AS n")
_Q_CONTEXT = {"Dataset": _CONTEXT.format(rels="PROPOSES|EVALUATES_ON", label="Dataset"),
              "Metric": _CONTEXT.format(rels="MEASURES", label="Metric")}


def _records(store: _Runs, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return store.run(cypher, params).records()


def neighbourhood_on_store(store: _Runs, method_id: str) -> Neighbourhood:
    """:func:`~paperkg.graph.analytics.similar.neighbourhood` for ``Method {id: method_id}``."""
    found = _records(store, _Q_METHOD, id=method_id)
    if not found:
        raise KeyError(method_id)
    named: dict[str, set[str]] = {}  # paper -> methods it names
    about: dict[str, tuple[str, int]] = {}  # method id -> (name, papers)
    for r in _records(store, _Q_NAMED, id=method_id):
        named.setdefault(r["paper"], set()).add(r["id"])
        about[r["id"]] = (r["name"] or r["id"], int(r["papers"]))
    shared: dict[str, dict[str, int]] = {}
    for paper, ids in named.items():
        for other in ids - {method_id}:
            shared.setdefault(other, {})[paper] = len(ids)
    compared: dict[str, set[str]] = {}
    for cypher in (*_Q_CLAIMS, *_Q_BEATS):
        for r in _records(store, cypher, id=method_id):
            if r["id"] != method_id and r["paper"]:
                compared.setdefault(r["id"], set()).add(r["paper"])
                about.setdefault(r["id"], (r["name"] or r["id"], int(r["papers"])))
    peers = [Peer(key=key_of("Method", o), id=o, name=about[o][0], papers=about[o][1],
                  shared=shared.get(o, {}), compared=frozenset(compared.get(o, ())))
             for o in sorted(shared.keys() | compared.keys())]
    papers = int(found[0]["papers"])
    total = int(_records(store, _Q_TOTAL)[0]["n"])
    return Neighbourhood(key_of("Method", method_id), papers, total, peers)


def context_on_store(store: _Runs, method_id: str) -> Context:
    """:func:`~paperkg.graph.analytics.similar.context` for ``Method {id: method_id}``."""
    out = Context()
    for label, bucket in (("Dataset", out.datasets), ("Metric", out.metrics)):
        for r in _records(store, _Q_CONTEXT[label], id=method_id):
            bucket[key_of(label, r["id"])] = Feature(r["name"] or r["id"], int(r["n"]), int(r["papers"]))
    return out


def similar_on_store(store: _Runs, method_id: str, limit: int = 10) -> list[SimilarMethod]:
    """The ``limit`` methods most like ``Method {id: method_id}``, best first (docs/analytics.md)."""
    return rank_similar(neighbourhood_on_store(store, method_id),
                        lambda keys: {k: context_on_store(store, split_key(k)[1]) for k in keys}, limit)
