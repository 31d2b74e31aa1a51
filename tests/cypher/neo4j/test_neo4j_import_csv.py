"""neo4j-admin import files: headers and cells from the schema; the export streamed from the store holds
the in-memory export's files, headers and rows (in the store's row order instead of sorted by id),
whatever the size of the pieces it reads."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from handmade import corpus

from paperkg.cypher.ladybug import LadybugStore, open_store, to_networkx
from paperkg.cypher.neo4j.import_csv import graph_to_csv, store_to_csv
from paperkg.graph.build import build_graph

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import graph_gen  # noqa: E402


@pytest.fixture(scope="module")
def g():
    return build_graph(corpus())


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, sorted(rows)


def _same_files(store: LadybugStore, tmp_path: Path, chunk: int = 50_000) -> None:
    G = to_networkx(store)
    expected = graph_to_csv(G, tmp_path / "memory")
    got, nodes, edges = store_to_csv(store, tmp_path / f"streamed-{chunk}", chunk=chunk)
    assert [p.name for p in got.node_files] == [p.name for p in expected.node_files]
    assert [p.name for p in got.rel_files] == [p.name for p in expected.rel_files]
    for a, b in zip([*expected.node_files, *expected.rel_files], [*got.node_files, *got.rel_files],
                    strict=True):
        assert _rows(a) == _rows(b), a.name
    assert (nodes, edges) == (G.number_of_nodes(), G.number_of_edges())
    assert got.command().replace(f"streamed-{chunk}", "memory") == expected.command()


@pytest.mark.parametrize("chunk", [50_000, 7])
def test_the_sample_store_exports_the_same_files(sample_db, tmp_path, chunk):
    with open_store(sample_db) as store:
        _same_files(store, tmp_path, chunk)


def test_a_synthetic_store_with_parallel_edges_exports_the_same_files(tmp_path):
    path = tmp_path / "synthetic.db"
    graph_gen.write_store(400, path, seed=3)
    with open_store(path) as store:
        # the generator's OUTPERFORMS edges give pairs of methods linked by several claims: the tie order
        many = store.run("MATCH (a:Method)-[e:OUTPERFORMS]->(b:Method) WITH a, b, count(*) AS k "
                         "WHERE k > 1 RETURN count(*)").rows[0][0]
        if not many:
            pytest.skip("no parallel edges in this synthetic graph")
        _same_files(store, tmp_path, chunk=64)


def test_an_empty_store_exports_no_files(tmp_path):
    with LadybugStore(tmp_path / "empty.db") as store:
        got, nodes, edges = store_to_csv(store, tmp_path / "out")
    assert (got.node_files, got.rel_files, nodes, edges) == ([], [], 0, 0)


def test_neo4j_csv_headers_and_rows(g, tmp_path):
    out = graph_to_csv(g, tmp_path / "csv")
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
