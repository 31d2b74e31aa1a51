"""The graph in files other tools read: GraphML and node-link JSON.

neo4j-admin import CSV is Neo4j's own format: paperkg/cypher/neo4j/import_csv.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx


def _plain(value: Any) -> Any:
    """GraphML has no list type: lists become JSON strings; None is left out by the caller."""
    if isinstance(value, (list, tuple, set)):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    out: nx.MultiDiGraph = nx.MultiDiGraph()
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
        g = nx.node_link_graph(json.load(fh), directed=True, multigraph=True, edges="edges", name="key")
    if not isinstance(g, nx.MultiDiGraph):  # the file's own "directed"/"multigraph" flags win
        raise ValueError(f"{path}: not a directed multigraph (what paperkg export --format json writes)")
    return g
