"""A whole store read back into the in-memory graph of the graph conventions (node keys ``Label:id``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from paperkg.graph.schema import NODES, RELS
from paperkg.util.cypher_names import q

if TYPE_CHECKING:
    from paperkg.cypher.ladybug.connection import LadybugStore


def to_networkx(store: LadybugStore) -> nx.MultiDiGraph:
    """The whole store as the in-memory graph of the conventions (node keys ``Label:id``)."""
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for nt in NODES:
        cols = ", ".join(f"n.{q(p.name)}" for p in nt.props)
        for row in store.run(f"MATCH (n:{q(nt.label)}) RETURN {cols} ORDER BY n.id").rows:
            attrs = {"label": nt.label, **{p.name: v for p, v in zip(nt.props, row, strict=True)}}
            g.add_node(f"{nt.label}:{attrs['id']}", **attrs)
    for rt in RELS:
        cols = "".join(f", e.{q(p.name)}" for p in rt.props)
        for a, b in rt.ends:
            res = store.run(f"MATCH (x:{q(a)})-[e:{q(rt.name)}]->(y:{q(b)}) RETURN x.id, y.id{cols}")
            for row in res.rows:
                attrs = {"type": rt.name, **{p.name: v for p, v in zip(rt.props, row[2:], strict=True)}}
                key = f"OUTPERFORMS:{attrs['claim_id']}" if rt.name == "OUTPERFORMS" else rt.name
                g.add_edge(f"{a}:{row[0]}", f"{b}:{row[1]}", key=key, **attrs)
    return g

