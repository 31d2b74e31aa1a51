"""A content hash of a graph: equal hashes mean the same nodes, edges and properties.

Used to check that builds do not depend on batch size, worker count or engine. List properties
are compared as sorted lists (the store keeps them sorted).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import networkx as nx


def _norm(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        if isinstance(v, (list, tuple)):
            v = sorted(map(str, v))
        elif isinstance(v, float) and v.is_integer():
            v = int(v)
        out[k] = v
    return out


def graph_digest(g: nx.MultiDiGraph) -> str:
    h = hashlib.sha256()
    for key in sorted(g.nodes):
        h.update(json.dumps([key, _norm(g.nodes[key])], sort_keys=True, default=str).encode())
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        h.update(json.dumps([u, v, k, _norm(d)], sort_keys=True, default=str).encode())
    return h.hexdigest()


def store_digest(path: str | Path) -> str:
    from paperkg.cypher.ladybug import open_store, to_networkx

    with open_store(path) as store:
        return graph_digest(to_networkx(store))
