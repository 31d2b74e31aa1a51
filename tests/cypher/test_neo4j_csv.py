"""The neo4j-admin export streamed from the store holds the in-memory export's files, headers and rows
(in the store's row order instead of sorted by id), whatever the size of the pieces it reads."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from paperkg.cypher.neo4j_csv import export_neo4j_csv
from paperkg.cypher.store import LadybugStore, open_store, to_networkx
from paperkg.graph.export import write_neo4j_csv

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import graph_gen  # noqa: E402


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, sorted(rows)


def _same_files(store: LadybugStore, tmp_path: Path, chunk: int = 50_000) -> None:
    G = to_networkx(store)
    expected = write_neo4j_csv(G, tmp_path / "memory")
    got, nodes, edges = export_neo4j_csv(store, tmp_path / f"streamed-{chunk}", chunk=chunk)
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
        got, nodes, edges = export_neo4j_csv(store, tmp_path / "out")
    assert (got.node_files, got.rel_files, nodes, edges) == ([], [], 0, 0)
