"""neo4j-admin import files written straight from the embedded store, one table at a time.

:func:`paperkg.graph.export.write_neo4j_csv` takes a NetworkX graph, so exporting a store through it
first holds the whole graph in memory (2.4 GB at 100k papers, about ten times that at 1M: the offline
import is meant for exactly the graphs that do not fit). Here each node label and each
(relationship, start, end) table is streamed from the store to its file, sorted by the engine as the
in-memory writer sorts it, so the files are byte for byte the same (tests/cypher/test_neo4j_csv.py) and
memory stays flat whatever the store's size. Headers and cells come from the same functions.
"""

from __future__ import annotations

import csv
from pathlib import Path

from paperkg.cypher.store import LadybugStore, _q
from paperkg.graph.export import CsvExport, _cell, node_header, rel_header
from paperkg.graph.schema import NODES, RELS


def _count(store: LadybugStore, cypher: str) -> int:
    return int(store.run(cypher).rows[0][0])


def export_neo4j_csv(store: LadybugStore, directory: str | Path) -> tuple[CsvExport, int, int]:
    """One CSV per node label and per (relationship, start label, end label) present in ``store``, the
    same files :func:`~paperkg.graph.export.write_neo4j_csv` writes for the store's graph; returns them
    with the numbers of nodes and relationships written."""
    out = CsvExport(Path(directory))
    out.directory.mkdir(parents=True, exist_ok=True)
    nodes = edges = 0
    for nt in NODES:
        label = _q(nt.label)
        if not _count(store, f"MATCH (n:{label}) RETURN count(*)"):
            continue
        cols = ", ".join(f"n.{_q(p.name)}" for p in nt.props)
        path = out.directory / f"nodes_{nt.label}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(node_header(nt.label))
            for row in store.stream(f"MATCH (n:{label}) RETURN {cols} ORDER BY n.id"):
                w.writerow([*(_cell(v, p) for v, p in zip(row, nt.props, strict=True)), nt.label])
                nodes += 1
        out.node_files.append(path)
    for rt in RELS:
        cols = "".join(f", e.{_q(p.name)}" for p in rt.props)
        # the in-memory writer's order: start key, end key, then claim id (edges between the same two
        # nodes differ only there); a missing claim id sorts as "None" there, as the empty string here
        # would not, so the engine is given the same text
        tie = (", CASE WHEN e.claim_id IS NULL THEN 'None' ELSE e.claim_id END"
               if any(p.name == "claim_id" for p in rt.props) else "")
        for start, end in rt.ends:
            match = f"MATCH (x:{_q(start)})-[e:{_q(rt.name)}]->(y:{_q(end)})"
            if not _count(store, f"{match} RETURN count(*)"):
                continue
            path = out.directory / f"rels_{rt.name}_{start}_{end}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(rel_header(rt.name, start, end))
                for row in store.stream(f"{match} RETURN x.id, y.id{cols} ORDER BY x.id, y.id{tie}"):
                    w.writerow([row[0], row[1], rt.name,
                                *(_cell(v, p) for v, p in zip(row[2:], rt.props, strict=True))])
                    edges += 1
            out.rel_files.append(path)
    return out, nodes, edges
