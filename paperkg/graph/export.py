"""The graph in files other tools read: GraphML, node-link JSON and neo4j-admin import CSV.

The CSV headers come from schema.py so a Neo4j loaded from them has exactly the store's model.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from paperkg.graph.schema import NODES, RELS, Prop

ARRAY_DELIMITER = ";"
_NEO4J_TYPE = {
    "STRING": "",
    "INT64": ":long",
    "DOUBLE": ":double",
    "BOOLEAN": ":boolean",
    "STRING[]": ":string[]",
}


def _plain(value: Any) -> Any:
    """GraphML has no list type: lists become JSON strings; None is left out by the caller."""
    if isinstance(value, (list, tuple, set)):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(n, **{k: _plain(v) for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{a: _plain(b) for a, b in d.items() if b is not None})
    path = Path(path)
    nx.write_graphml(out, path, encoding="utf-8")
    return path


def node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data; each node's graph key is under ``key`` because ``id`` is a node property."""
    return nx.node_link_data(g, edges="edges", name="key")


def write_json(g: nx.MultiDiGraph, path: str | Path) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        json.dump(node_link(g), fh, ensure_ascii=False, indent=1, default=str)
        fh.write("\n")
    return path


def read_json(path: str | Path) -> nx.MultiDiGraph:
    with Path(path).open(encoding="utf-8") as fh:
        return nx.node_link_graph(json.load(fh), directed=True, multigraph=True, edges="edges", name="key")


# ----- neo4j-admin database import -----


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


def write_neo4j_csv(g: nx.MultiDiGraph, directory: str | Path) -> CsvExport:
    """One CSV per node label and per (relationship, start label, end label); empty ones are skipped."""
    out = CsvExport(Path(directory))
    out.directory.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for _, d in g.nodes(data=True):
        by_label[d.get("label", "")].append(d)
    for nt in NODES:
        rows = sorted(by_label.get(nt.label, ()), key=lambda d: str(d.get("id")))
        if not rows:
            continue
        path = out.directory / f"nodes_{nt.label}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(node_header(nt.label))
            for d in rows:
                w.writerow([_cell(d.get(p.name), p) for p in nt.props] + [nt.label])
        out.node_files.append(path)
    by_rel: dict[tuple[str, str, str], list[tuple[str, str, dict]]] = defaultdict(list)
    for u, v, d in g.edges(data=True):
        by_rel[(d.get("type", ""), g.nodes[u].get("label", ""), g.nodes[v].get("label", ""))].append(
            (u, v, d)
        )
    for rt in RELS:
        for start, end in rt.ends:
            rows = by_rel.get((rt.name, start, end))
            if not rows:
                continue
            path = out.directory / f"rels_{rt.name}_{start}_{end}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(rel_header(rt.name, start, end))
                for u, v, d in sorted(rows, key=lambda t: (t[0], t[1], str(t[2].get("claim_id", "")))):
                    w.writerow(
                        [
                            g.nodes[u]["id"],
                            g.nodes[v]["id"],
                            rt.name,
                            *(_cell(d.get(p.name), p) for p in rt.props),
                        ]
                    )
            out.rel_files.append(path)
    return out
