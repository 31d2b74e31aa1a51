"""neo4j-admin import files: one CSV per node label and per (relationship, start label, end label).

Headers and cells come from schema.py, so a Neo4j loaded from them has exactly the store's model; one
writer (:func:`_write_table`) writes every file, from either source:

* :func:`store_to_csv` (what ``paperkg export --format neo4j-csv`` runs) reads the embedded store in
  bounded pieces. Each node label and each (relationship, start, end) table is read in ranges of
  ``CHUNK`` node rows (``offset(id(n))``, a node's row in its table; relationships by their start
  node's row) and appended to its file, so neither Python nor LadybugDB ever holds more than one range:
  a whole-table query, sorted or not, is materialised by the engine first (at 1M papers an ``ORDER BY``
  over the Paper table did not fit a 1 GB buffer pool). Rows come in the store's row order; neo4j-admin
  does not care.
* :func:`graph_to_csv` writes an in-memory NetworkX graph, rows sorted by id. Exporting a store through
  it first holds the whole graph in memory (2.4 GB at 100k papers, about ten times that at 1M: the
  offline import is meant for exactly the graphs that do not fit); the two give the same files, headers
  and rows (tests/cypher/neo4j/test_neo4j_import_csv.py).
"""

from __future__ import annotations

import csv
import json
import shlex
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from paperkg.graph.schema import NODES, RELS, Prop
from paperkg.util.cypher_names import q

if TYPE_CHECKING:
    from paperkg.cypher.ladybug.connection import LadybugStore

ARRAY_DELIMITER = ";"
_NEO4J_TYPE = {
    "STRING": "",
    "INT64": ":long",
    "DOUBLE": ":double",
    "BOOLEAN": ":boolean",
    "STRING[]": ":string[]",
}
CHUNK = 50_000  # node rows per statement (a relationship range: the edges of that many start nodes)


def _column(p: Prop) -> str:
    return f"{p.name}{_NEO4J_TYPE[p.type]}"


def node_header(label: str) -> list[str]:
    nt = next(n for n in NODES if n.label == label)
    return [f"{p.name}:ID({label})" if p.name == nt.key else _column(p) for p in nt.props] + [":LABEL"]


def rel_header(rel: str, start: str, end: str) -> list[str]:
    rt = next(r for r in RELS if r.name == rel)
    return [f":START_ID({start})", f":END_ID({end})", ":TYPE", *(_column(p) for p in rt.props)]


def _cell(value: Any, p: Prop) -> str:
    if value is None:
        return ""
    if p.type == "STRING[]":
        items = value if isinstance(value, (list, tuple)) else json.loads(value)
        # The delimiter cannot be escaped in neo4j-admin arrays, so it is replaced inside items.
        return ARRAY_DELIMITER.join(str(x).replace(ARRAY_DELIMITER, ",") for x in items)
    if p.type == "BOOLEAN":
        return "true" if value else "false"
    return str(value)


@dataclass
class CsvExport:
    directory: Path
    node_files: list[Path] = field(default_factory=list)
    rel_files: list[Path] = field(default_factory=list)

    def command(self, database: str = "neo4j") -> str:
        """The neo4j-admin command that imports exactly the files written (run from any directory)."""
        parts = ["neo4j-admin", "database", "import", "full"]
        parts += [f"--nodes={f.resolve()}" for f in self.node_files]
        parts += [f"--relationships={f.resolve()}" for f in self.rel_files]
        parts += [
            f"--array-delimiter={ARRAY_DELIMITER}",
            "--multiline-fields=true",
            "--overwrite-destination=true",
            database,
        ]
        return " ".join(shlex.quote(p) for p in parts)


def _write_table(path: Path, header: list[str], rows: Iterable[list[Any]]) -> int:
    """One import file: the header, then the rows; returns how many rows."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def _node_file(out: CsvExport, label: str) -> Path:
    path = out.directory / f"nodes_{label}.csv"
    out.node_files.append(path)
    return path


def _rel_file(out: CsvExport, rel: str, start: str, end: str) -> Path:
    path = out.directory / f"rels_{rel}_{start}_{end}.csv"
    out.rel_files.append(path)
    return path


def graph_to_csv(g: nx.MultiDiGraph, directory: str | Path) -> CsvExport:
    """The files of an in-memory graph, rows sorted by id; empty tables are skipped."""
    out = CsvExport(Path(directory))
    out.directory.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for _, d in g.nodes(data=True):
        by_label[d.get("label", "")].append(d)
    for nt in NODES:
        rows = sorted(by_label.get(nt.label, ()), key=lambda d: str(d.get("id")))
        if not rows:
            continue
        _write_table(_node_file(out, nt.label), node_header(nt.label),
                     ([_cell(d.get(p.name), p) for p in nt.props] + [nt.label] for d in rows))
    by_rel: dict[tuple[str, str, str], list[tuple[str, str, dict]]] = defaultdict(list)
    for u, v, d in g.edges(data=True):
        by_rel[(d.get("type", ""), g.nodes[u].get("label", ""), g.nodes[v].get("label", ""))].append(
            (u, v, d)
        )
    for rt in RELS:
        for start, end in rt.ends:
            rel_rows = by_rel.get((rt.name, start, end))
            if not rel_rows:
                continue
            rel_rows.sort(key=lambda t: (t[0], t[1], str(t[2].get("claim_id", ""))))
            _write_table(_rel_file(out, rt.name, start, end), rel_header(rt.name, start, end), (
                [g.nodes[u]["id"], g.nodes[v]["id"], rt.name, *(_cell(d.get(p.name), p) for p in rt.props)]
                for u, v, d in rel_rows
            ))
    return out


def _count(store: LadybugStore, cypher: str) -> int:
    v = store.run(cypher).rows[0][0]
    return 0 if v is None else int(v)


def _ranges(store: LadybugStore, label: str, chunk: int) -> list[tuple[int, int]]:
    """Row ranges covering every node of ``label`` (deletes can leave holes: up to the largest row)."""
    top = store.run(f"MATCH (n:{q(label)}) RETURN max(offset(id(n)))").rows[0][0]
    return [] if top is None else [(lo, lo + chunk) for lo in range(0, int(top) + 1, chunk)]


def store_to_csv(store: LadybugStore, directory: str | Path,
                 chunk: int = CHUNK) -> tuple[CsvExport, int, int]:
    """The files of ``store``, with the rows :func:`graph_to_csv` writes for the store's graph (in the
    store's row order), read ``chunk`` node rows at a time; returns them with the numbers of nodes and
    relationships written."""
    out = CsvExport(Path(directory))
    out.directory.mkdir(parents=True, exist_ok=True)
    nodes = edges = 0
    ranges = {nt.label: _ranges(store, nt.label, chunk) for nt in NODES}
    for nt in NODES:
        label = q(nt.label)
        if not _count(store, f"MATCH (n:{label}) RETURN count(*)"):
            continue
        cols = ", ".join(f"n.{q(p.name)}" for p in nt.props)
        nodes += _write_table(_node_file(out, nt.label), node_header(nt.label), (
            [*(_cell(v, p) for v, p in zip(row, nt.props, strict=True)), nt.label]
            for lo, hi in ranges[nt.label]
            for row in store.stream(f"MATCH (n:{label}) WHERE offset(id(n)) >= {lo} AND "
                                    f"offset(id(n)) < {hi} RETURN {cols}")
        ))
    for rt in RELS:
        cols = "".join(f", e.{q(p.name)}" for p in rt.props)
        for start, end in rt.ends:
            match = f"MATCH (x:{q(start)})-[e:{q(rt.name)}]->(y:{q(end)})"
            if not _count(store, f"{match} RETURN count(*)"):
                continue
            edges += _write_table(_rel_file(out, rt.name, start, end), rel_header(rt.name, start, end), (
                [row[0], row[1], rt.name, *(_cell(v, p) for v, p in zip(row[2:], rt.props, strict=True))]
                for lo, hi in ranges[start]
                for row in store.stream(f"{match} WHERE offset(id(x)) >= {lo} AND offset(id(x)) < {hi} "
                                        f"RETURN x.id, y.id{cols}")
            ))
    return out, nodes, edges
