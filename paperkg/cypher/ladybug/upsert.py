"""Idempotent writes of a graph into a LadybugDB store: schema-shaped rows, then batched statements.

:func:`graph_rows` turns a NetworkX graph into one row per node and edge with every property of the
schema present; the generators below turn rows into ``(statement, parameters)`` batches that
:meth:`LadybugStore.write_graph <paperkg.cypher.ladybug.connection.LadybugStore.write_graph>` and
the build's loader (paperkg/engines/load.py) run inside one transaction: MERGE for a store that holds
data (a paper written again replaces its edges and claims), COPY for an empty one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from paperkg.cypher.ladybug.copy_csv import copy_rel_statement, write_edge_csv
from paperkg.graph.schema import ENTITY_LABELS, NODE_BY_LABEL, NODES, RELS, Prop
from paperkg.util.cypher_names import q

if TYPE_CHECKING:
    from paperkg.cypher.ladybug.connection import LadybugStore

BATCH = 5000


def _cast(expr: str, p: Prop) -> str:
    # Casts let a batch whose column is all-null still bind to the table's type.
    return f"CAST({expr} AS {p.type})"


def chunks(rows: list[Any], n: int = BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(rows), n):
        yield rows[i : i + n]


def _value(v: Any, p: Prop) -> Any:
    if p.type == "STRING[]":
        return sorted({str(x) for x in v}) if v else []
    if v is None:
        return None
    if p.type == "INT64":
        return int(v)
    if p.type == "DOUBLE":
        return float(v)
    if p.type == "BOOLEAN":
        return bool(v)
    return str(v)


def graph_rows(g: nx.MultiDiGraph) -> tuple[dict[str, list[dict]], dict[tuple[str, str, str], list[dict]]]:
    """Schema-shaped rows per node label and per (rel, from label, to label), every prop present."""
    nodes: dict[str, list[dict]] = defaultdict(list)
    for _, d in g.nodes(data=True):
        nt = NODE_BY_LABEL[d["label"]]
        nodes[nt.label].append({p.name: _value(d.get(p.name), p) for p in nt.props})
    edges: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    rel_by_name = {r.name: r for r in RELS}
    for u, v, d in g.edges(data=True):
        rt = rel_by_name[d["type"]]
        a, b = g.nodes[u]["label"], g.nodes[v]["label"]
        row = {"src": g.nodes[u]["id"], "dst": g.nodes[v]["id"]}
        row.update({p.name: _value(d.get(p.name), p) for p in rt.props})
        edges[(rt.name, a, b)].append(row)
    for rows in nodes.values():
        rows.sort(key=lambda r: r["id"])
    return nodes, edges


def merge_lists(store: LadybugStore, nodes: dict[str, list[dict]]) -> None:
    """List props are sets: union with what the store holds (aliases, sources), sorted."""
    for label, rows in nodes.items():
        list_props = [p.name for p in NODE_BY_LABEL[label].props if p.type == "STRING[]"]
        if not list_props or label == "Claim":
            continue
        cols = ", ".join(f"n.{q(p)}" for p in list_props)
        for chunk in chunks(rows):
            old = {
                r[0]: r[1:]
                for r in store.run(
                    f"UNWIND $ids AS i MATCH (n:{q(label)} {{id: i}}) RETURN n.id, {cols}",
                    {"ids": [r["id"] for r in chunk]},
                ).rows
            }
            for r in chunk:
                if r["id"] not in old:
                    continue
                for name, prev in zip(list_props, old[r["id"]], strict=True):
                    if label == "Paper" and name != "sources":
                        continue  # authors/categories are the record's, not accumulated
                    r[name] = sorted(set(r[name] or ()) | set(prev or ()))


def forget_papers(paper_ids: list[str]) -> Iterator[tuple[str, dict]]:
    """A paper added again replaces its own edges and claims (re-extraction must not leave stale ones)."""
    for chunk in chunks(paper_ids):
        p = {"ids": chunk}
        yield ("UNWIND $ids AS i MATCH (:Paper {id: i})-[:REPORTS]->(c:Claim) DETACH DELETE c", p)
        yield ("MATCH ()-[e:OUTPERFORMS]->() WHERE e.paper_id IN $ids DELETE e", p)
        yield ("UNWIND $ids AS i MATCH (:Paper {id: i})-[e]->() DELETE e", p)


def merge_nodes(nodes: dict[str, list[dict]]) -> Iterator[tuple[str, dict]]:
    for nt in NODES:
        rows = nodes.get(nt.label)
        if not rows:
            continue
        sets = ", ".join(
            f"n.{q(p.name)} = {_cast('r.' + q(p.name), p)}" for p in nt.props if p.name != nt.key
        )
        stmt = f"UNWIND $rows AS r MERGE (n:{q(nt.label)} {{id: r.id}}) SET {sets}"
        for chunk in chunks(rows):
            yield stmt, {"rows": chunk}


def merge_edges(edges: dict[tuple[str, str, str], list[dict]]) -> Iterator[tuple[str, dict]]:
    for rt in RELS:
        for a, b in rt.ends:
            rows = edges.get((rt.name, a, b))
            if not rows:
                continue
            ident = "{claim_id: r.claim_id}" if rt.name == "OUTPERFORMS" else ""
            props = [p for p in rt.props if not (rt.name == "OUTPERFORMS" and p.name == "claim_id")]
            sets = ", ".join(f"e.{q(p.name)} = {_cast('r.' + q(p.name), p)}" for p in props)
            stmt = (
                f"UNWIND $rows AS r MATCH (a:{q(a)} {{id: r.src}}), (b:{q(b)} {{id: r.dst}}) "
                f"MERGE (a)-[e:{q(rt.name)} {ident}]->(b)" + (f" SET {sets}" if sets else "")
            )
            for chunk in chunks(rows):
                yield stmt, {"rows": chunk}


def recount() -> Iterator[tuple[str, dict]]:
    """``papers`` counts every paper linked to an entity; entities no paper names any more go."""
    for label in ENTITY_LABELS:
        yield (
            f"MATCH (n:{q(label)}) OPTIONAL MATCH (p:Paper)-[]->(n) "
            f"WITH n, count(DISTINCT p) AS k SET n.papers = k",
            {},
        )
        yield f"MATCH (n:{q(label)}) WHERE n.papers = 0 DETACH DELETE n", {}


def recount_touched(nodes: dict[str, list[dict]]) -> Iterator[tuple[str, dict]]:
    """``papers`` of the entities among ``nodes`` only (a batch into an existing store)."""
    for label in ENTITY_LABELS:
        ids = [r["id"] for r in nodes.get(label, ())]
        if ids:
            yield (
                f"UNWIND $ids AS i MATCH (n:{q(label)} {{id: i}}) OPTIONAL MATCH (p:Paper)-[]->(n) "
                f"WITH n, count(DISTINCT p) AS k SET n.papers = k",
                {"ids": ids},
            )


def copy_nodes(nodes: dict[str, list[dict]]) -> Iterator[tuple[str, dict]]:
    for nt in NODES:
        rows = nodes.get(nt.label)
        if not rows:
            continue
        cols = ", ".join(_cast("r." + q(p.name), p) for p in nt.props)
        stmt = f"COPY {q(nt.label)} FROM (UNWIND $rows AS r RETURN {cols})"
        for chunk in chunks(rows, 50_000):
            yield stmt, {"rows": chunk}


def copy_edges(edges: dict[tuple[str, str, str], list[dict]], folder: Path) -> Iterator[tuple[str, dict]]:
    """Relationships go through CSV files: passing rows as a parameter costs ~6x more than
    LadybugDB's CSV reader (bench/store_write.py), and rel props hold no lists, so CSV is exact."""
    for rt in RELS:
        for a, b in rt.ends:
            rows = edges.get((rt.name, a, b))
            if not rows:
                continue
            path = write_edge_csv(rt, rows, folder / f"{rt.name}_{a}_{b}.csv")
            yield copy_rel_statement(rt, a, b, path), {}
