"""Exports: GraphML and node-link JSON round-trip (neo4j-admin CSV: tests/cypher/neo4j/)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from handmade import corpus

from paperkg.graph import export
from paperkg.graph.build import build_graph


@pytest.fixture(scope="module")
def g():
    return build_graph(corpus())


def test_graphml_round_trips_with_lists_as_json(g, tmp_path):
    path = export.write_graphml(g, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    lora = back.nodes["Method:low-rank-adaptation"]
    assert json.loads(lora["aliases"]) == ["LoRA", "low-rank adaptations"]
    assert lora["papers"] == 2
    assert back.nodes["Claim:p1#1"]["number"] == pytest.approx(91.2)


def test_node_link_json_round_trips(g, tmp_path):
    path = export.write_json(g, tmp_path / "g.json")
    back = export.read_json(path)
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
