"""neo4j-admin import files written straight from the embedded store, in bounded pieces.

:func:`paperkg.graph.export.write_neo4j_csv` takes a NetworkX graph, so exporting a store through it
first holds the whole graph in memory (2.4 GB at 100k papers, about ten times that at 1M: the offline
import is meant for exactly the graphs that do not fit). Here each node label and each
(relationship, start, end) table is read in ranges of ``CHUNK`` node rows (``offset(id(n))``, a node's
row in its table; relationships by their start node's row) and appended to its file, so neither Python
nor LadybugDB ever holds more than one range: a whole-table query, sorted or not, is materialised by
the engine first (at 1M papers an ``ORDER BY`` over the Paper table did not fit a 1 GB buffer pool).
The rows therefore come in the store's row order, not sorted by id; neo4j-admin does not care, and the
files hold exactly the rows and cells of the in-memory writer (tests/cypher/test_neo4j_csv.py).
Headers and cells come from the same functions.
"""

from __future__ import annotations

import csv
from pathlib import Path

from paperkg.cypher.store import LadybugStore, _q
from paperkg.graph.export import CsvExport, _cell, node_header, rel_header
from paperkg.graph.schema import NODES, RELS

CHUNK = 50_000  # node rows per statement (a relationship range: the edges of that many start nodes)


def _value(store: LadybugStore, cypher: str) -> int:
    v = store.run(cypher).rows[0][0]
    return 0 if v is None else int(v)


def _ranges(store: LadybugStore, label: str, chunk: int) -> list[tuple[int, int]]:
    """Row ranges covering every node of ``label`` (deletes can leave holes: up to the largest row)."""
    top = store.run(f"MATCH (n:{_q(label)}) RETURN max(offset(id(n)))").rows[0][0]
    return [] if top is None else [(lo, lo + chunk) for lo in range(0, int(top) + 1, chunk)]


def export_neo4j_csv(store: LadybugStore, directory: str | Path,
                     chunk: int = CHUNK) -> tuple[CsvExport, int, int]:
    """One CSV per node label and per (relationship, start label, end label) present in ``store``, with
    the rows :func:`~paperkg.graph.export.write_neo4j_csv` writes for the store's graph (in the store's
    row order); returns them with the numbers of nodes and relationships written."""
    out = CsvExport(Path(directory))
    out.directory.mkdir(parents=True, exist_ok=True)
    nodes = edges = 0
    ranges = {nt.label: _ranges(store, nt.label, chunk) for nt in NODES}
    for nt in NODES:
        label = _q(nt.label)
        if not _value(store, f"MATCH (n:{label}) RETURN count(*)"):
            continue
        cols = ", ".join(f"n.{_q(p.name)}" for p in nt.props)
        path = out.directory / f"nodes_{nt.label}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(node_header(nt.label))
            for lo, hi in ranges[nt.label]:
                for row in store.stream(f"MATCH (n:{label}) WHERE offset(id(n)) >= {lo} AND "
                                        f"offset(id(n)) < {hi} RETURN {cols}"):
                    w.writerow([*(_cell(v, p) for v, p in zip(row, nt.props, strict=True)), nt.label])
                    nodes += 1
        out.node_files.append(path)
    for rt in RELS:
        cols = "".join(f", e.{_q(p.name)}" for p in rt.props)
        for start, end in rt.ends:
            match = f"MATCH (x:{_q(start)})-[e:{_q(rt.name)}]->(y:{_q(end)})"
            if not _value(store, f"{match} RETURN count(*)"):
                continue
            path = out.directory / f"rels_{rt.name}_{start}_{end}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(rel_header(rt.name, start, end))
                for lo, hi in ranges[start]:
                    for row in store.stream(f"{match} WHERE offset(id(x)) >= {lo} AND offset(id(x)) < {hi} "
                                            f"RETURN x.id, y.id{cols}"):
                        w.writerow([row[0], row[1], rt.name,
                                    *(_cell(v, p) for v, p in zip(row[2:], rt.props, strict=True))])
                        edges += 1
            out.rel_files.append(path)
    return out, nodes, edges
