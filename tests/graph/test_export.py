"""Exports: GraphML and node-link JSON round-trip; neo4j-admin CSV headers come from the schema."""

from __future__ import annotations

import csv
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


def test_neo4j_csv_headers_and_rows(g, tmp_path):
    out = export.write_neo4j_csv(g, tmp_path / "csv")
    names = sorted(p.name for p in (*out.node_files, *out.rel_files))
    assert "nodes_Paper.csv" in names and "rels_PROPOSES_Paper_Dataset.csv" in names
    assert "rels_OUTPERFORMS_Method_Method.csv" in names
    with (tmp_path / "csv" / "nodes_Method.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["id:ID(Method)", "name", "aliases:string[]", "papers:long", ":LABEL"]
    lora = next(r for r in rows if r[0] == "low-rank-adaptation")
    assert lora[2] == "LoRA;low-rank adaptations" and lora[3] == "2" and lora[4] == "Method"
    with (tmp_path / "csv" / "nodes_Paper.csv").open(newline="") as fh:
        header = next(csv.reader(fh))
    assert "year:long" in header and "sources:string[]" in header and header[0] == "id:ID(Paper)"
    with (tmp_path / "csv" / "rels_USES_Paper_Method.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == [":START_ID(Paper)", ":END_ID(Method)", ":TYPE"]
    assert "start:long" in rows[0] and "mentions:long" in rows[0]
    assert ["p1", "low-rank-adaptation", "USES"] == rows[1][:3]
    total = sum(1 for p in out.rel_files for _ in p.open(newline="")) - len(out.rel_files)
    assert total >= g.number_of_edges()  # multi-line fields can only add lines
    cmd = out.command()
    assert cmd.startswith("neo4j-admin database import full ")
    assert "'--array-delimiter=;'" in cmd and "--multiline-fields=true" in cmd and cmd.endswith(" neo4j")
    assert cmd.count("--nodes=") == len(out.node_files) and cmd.count("--relationships=") == len(
        out.rel_files
    )
