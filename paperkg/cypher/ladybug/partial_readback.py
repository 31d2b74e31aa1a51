"""Part of a store read back into the in-memory graph of the graph conventions (node keys ``Label:id``).

What a partial site of a big store shows (``paperkg.viz.partial`` chooses the pages): every entity
node, the papers an entity page lists in page order, its newest results, the papers that name the most
of a set of entities, and each chosen paper in full with its edges, its claims and their edges. The
views run unchanged on the graph :class:`PartialReader` fills; the totals it cannot hold (claims,
comparisons, methods named together) are store queries here too.

The statements use LadybugDB's ``offset(id(n))`` (a node's row number in its table) and ``label(x)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from paperkg.graph.schema import ENTITY_LABELS, NODE_BY_LABEL, NODES, REL_BY_NAME, RELS
from paperkg.util.cypher_names import q

BATCH = 20_000  # a query from many keys costs about one scan of the relationship: batch big

# Relationships from a paper into each entity type, and from a claim into it.
PAPER_INTO = {
    "Method": ("PROPOSES", "USES"),
    "Dataset": ("PROPOSES", "EVALUATES_ON"),
    "Metric": ("MEASURES",),
}
CLAIM_INTO = {"Method": ("OF", "AGAINST"), "Dataset": ("ON",), "Metric": ("IN",)}
# OUTPERFORMS edges out of a method and into it, by the name of the page's list
OUTPERFORMS = {
    "outperforms": "-[x:OUTPERFORMS]->(o:Method)",
    "outperformed_by": "<-[x:OUTPERFORMS]-(o:Method)",
}


def _alt(names: Iterable[str]) -> str:
    return "|".join(q(n) for n in names)


def _chunks(items: list, n: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def node_counts(store: Any, labels: Iterable[str]) -> dict[str, int]:
    """Nodes per label, for the given labels."""
    return {label: int(store.run(f"MATCH (n:{q(label)}) RETURN count(n)").rows[0][0]) for label in labels}


class PartialReader:
    """Store queries that fill a partial graph following the graph conventions."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.G: nx.MultiDiGraph = nx.MultiDiGraph()

    def rows(self, cypher: str, **params: Any) -> list[list[Any]]:
        return self.store.run(cypher, params).rows

    def node(self, label: str, values: list[Any]) -> str:
        props = NODE_BY_LABEL[label].props
        attrs = {"label": label, **{p.name: v for p, v in zip(props, values, strict=True)}}
        key = f"{label}:{attrs['id']}"
        self.G.add_node(key, **attrs)
        return key

    @staticmethod
    def cols(label: str, var: str) -> str:
        return ", ".join(f"{var}.{q(p.name)}" for p in NODE_BY_LABEL[label].props)

    def counts(self) -> dict[str, int]:
        return {nt.label: int(self.rows(f"MATCH (n:{q(nt.label)}) RETURN count(n)")[0][0]) for nt in NODES}

    def entities(self) -> None:
        for label in ENTITY_LABELS:
            for row in self.rows(f"MATCH (n:{q(label)}) RETURN {self.cols(label, 'n')}"):
                self.node(label, row)

    def papers(self, ids: list[str]) -> None:
        """Each paper in full, with every edge out of it and its claims' edges (what its page shows).

        The edges are matched from the papers' row numbers (``offset(id(x)) IN $rows``): LadybugDB
        plans ``UNWIND $ids AS i MATCH (x:Paper {id: i})-[e]->(y)`` as a hash join over the whole
        relationship table, which at 1M papers held 1.4 GB for the USES edges of 2,500 papers (and
        ran a 2 GB page cache out for the site) where the row-number form holds 0.2 GB in half the time."""
        missing = [i for i in ids if not self.G.nodes.get(f"Paper:{i}", {}).get("full")]
        for part in _chunks(missing):
            rows: list[int] = []
            for offset, *row in self.rows(
                f"UNWIND $ids AS i MATCH (n:Paper {{id: i}}) RETURN offset(id(n)), {self.cols('Paper', 'n')}",
                ids=part,
            ):
                rows.append(offset)
                self.G.nodes[self.node("Paper", row)]["full"] = True
            claims: list[int] = []
            for rt in RELS:
                for a, b in rt.ends:
                    if a != "Paper":
                        continue
                    props = "".join(f", e.{q(p.name)}" for p in rt.props)
                    target = f", {self.cols(b, 'y')}" if b not in ENTITY_LABELS else ", y.id"
                    cypher = (
                        f"MATCH (x:Paper)-[e:{q(rt.name)}]->(y:{q(b)}) WHERE offset(id(x)) IN $rows "
                        f"RETURN x.id{target}{props}, offset(id(y))"
                    )
                    width = 1 if b in ENTITY_LABELS else len(NODE_BY_LABEL[b].props)
                    for *row, target_row in self.rows(cypher, rows=rows):
                        if b in ENTITY_LABELS:
                            dst = f"{b}:{row[1]}"
                            if dst not in self.G:
                                continue
                        else:
                            dst = self.node(b, row[1 : 1 + width])
                            if b == "Claim":
                                claims.append(target_row)
                        attrs = {
                            "type": rt.name,
                            **{p.name: v for p, v in zip(rt.props, row[1 + width :], strict=True)},
                        }
                        self.G.add_edge(f"Paper:{row[0]}", dst, key=rt.name, **attrs)
            self.claim_edges(claims)

    def claim_edges(self, rows: list[int]) -> None:
        """The edges out of the claims at these row numbers (the form of :meth:`papers`)."""
        for part in _chunks(rows):
            for rt in RELS:
                for a, b in rt.ends:
                    if a != "Claim":
                        continue
                    cypher = (
                        f"MATCH (c:Claim)-[:{q(rt.name)}]->(y:{q(b)}) WHERE offset(id(c)) IN $rows "
                        "RETURN c.id, y.id"
                    )
                    for cid, tid in self.rows(cypher, rows=part):
                        if f"{b}:{tid}" in self.G:
                            self.G.add_edge(f"Claim:{cid}", f"{b}:{tid}", key=rt.name, type=rt.name)

    # -- what an entity page lists, from the entity's key ------------------------------------------

    @staticmethod
    def _anchor(label: str) -> str:
        return f"MATCH (e:{q(label)} {{id: $id}})"

    def page_papers(self, label: str, ident: str, n: int) -> list[str]:
        """The first ``n`` papers of the entity's page: by their strongest relation (proposes; compares,
        evaluates on or measures; uses; mentions: the views' ``_paper_order``), then by title."""
        # only USES edges (into methods) have a relation
        how = (
            "WHEN x.relation = 'compares' THEN 1 WHEN x.relation = 'uses' THEN 2 ELSE 3"
            if label == "Method"
            else "ELSE 1"
        )
        rows = self.rows(
            f"{self._anchor(label)}<-[x:{_alt(PAPER_INTO[label])}]-(p:Paper) "
            f"WITH p, min(CASE WHEN label(x) = 'PROPOSES' THEN 0 {how} END) "
            "AS tier RETURN p.id, tier, lower(p.title) AS t ORDER BY tier, t, p.id LIMIT $n",
            id=ident,
            n=n,
        )
        return [pid for pid, *_ in rows]

    def result_papers(self, label: str, ident: str, n: int) -> list[str]:
        """The papers of the entity's newest ``n`` results (claims), newest paper first."""
        rows = self.rows(
            f"{self._anchor(label)}<-[:{_alt(CLAIM_INTO[label])}]-(c:Claim)<-[:REPORTS]-(p:Paper) "
            "RETURN p.id, c.id ORDER BY p.date DESC, c.id LIMIT $n",
            id=ident,
            n=n,
        )
        return [pid for pid, _cid in rows]

    def claim_count(self, label: str, ident: str) -> int:
        cypher = f"{self._anchor(label)}<-[x:{_alt(CLAIM_INTO[label])}]-(c:Claim) RETURN count(x)"
        return int(self.rows(cypher, id=ident)[0][0])

    def co_used(self, ident: str) -> list[tuple[str, int]]:
        """The 12 methods named by most papers of the method (ties: id), with how many."""
        into = _alt(PAPER_INTO["Method"])
        rows = self.rows(
            f"{self._anchor('Method')}<-[:{into}]-(p:Paper)-[:{into}]->(o:Method) WHERE o.id <> $id "
            "RETURN o.id, count(DISTINCT p) AS n ORDER BY n DESC, o.id LIMIT 12",
            id=ident,
        )
        return [(other, int(n)) for other, n in rows]

    def outperforms(self, ident: str, direction: str, n: int) -> tuple[list[list[Any]], int]:
        """(the first ``n`` OUTPERFORMS edges out of the method, or into it for ``outperformed_by``, as
        the other method's id and the edge's properties; how many there are)."""
        anchor, pattern = self._anchor("Method"), OUTPERFORMS[direction]
        cols = ", ".join(f"x.{q(p.name)}" for p in REL_BY_NAME["OUTPERFORMS"].props)
        found = self.rows(f"{anchor}{pattern} RETURN o.id, {cols} LIMIT $n", id=ident, n=n)
        total = int(self.rows(f"{anchor}{pattern} RETURN count(x)", id=ident)[0][0])
        return found, total

    def newest_papers(self, n: int) -> list[str]:
        rows = self.rows("MATCH (p:Paper) RETURN p.id ORDER BY p.date DESC, p.title DESC LIMIT $n", n=n)
        return [pid for (pid,) in rows]

    def papers_naming(self, label: str, ids: list[str], k: int) -> list[tuple[str, int]]:
        """The first ``k`` papers by how many of the given entities they name (ties: id)."""
        rows = self.rows(
            f"UNWIND $ids AS i MATCH (e:{q(label)} {{id: i}})<-[:{_alt(PAPER_INTO[label])}]-"
            "(p:Paper) RETURN p.id, count(*) AS n ORDER BY n DESC, p.id LIMIT $k",
            ids=ids,
            k=k,
        )
        return [(pid, int(n)) for pid, n in rows]
