"""bench/neo4j_load.py reports what the loader really sends, checked against the tests' recording driver."""

from __future__ import annotations

import json
import statistics
import sys
from collections import Counter
from pathlib import Path

import pytest
from neo4j_fakes import RecordingDriver

from paperkg.cypher.ladybug import open_store, to_networkx
from paperkg.cypher.neo4j.loader import Neo4jLoader, node_query, rel_query, rel_target
from paperkg.graph.schema import NODES, RELS

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))

import graph_gen  # noqa: E402
import neo4j_load  # noqa: E402

SIZES = (7, 1000)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("neo4j-bench") / "gen.db"
    graph_gen.write_store(300, path, seed=11)
    return path


def _json_bytes(params: dict) -> int:
    return len(json.dumps(params, ensure_ascii=False).encode("utf-8"))


def _spread(xs: list[int]) -> dict:
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}


def test_bench_counts_what_the_loader_sends(store: Path, capsys) -> None:
    assert neo4j_load.main(["--db", str(store), "--batch-size", ",".join(map(str, SIZES)), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    with open_store(store) as s:
        g = to_networkx(s)
    items = g.number_of_nodes() + g.number_of_edges()
    assert (report["nodes"], report["edges"]) == (g.number_of_nodes(), g.number_of_edges())
    assert "not included" in report["note"]
    target_of = {node_query(n.label): ("nodes", n.label) for n in NODES}
    target_of.update({rel_query(rt.name, a, b): ("rels", rel_target(rt.name, a, b))
                      for rt in RELS for a, b in rt.ends})

    assert [load["batch_size"] for load in report["loads"]] == list(SIZES)
    for load in report["loads"]:
        driver = RecordingDriver()
        Neo4jLoader(driver, batch_size=load["batch_size"]).load_graph(g)
        calls = driver.calls
        data = [c for c in calls if "rows" in c.params]
        rows = [len(c.params["rows"]) for c in data]
        sizes = [_json_bytes(c.params) for c in data]

        assert load["statements"] == load["transactions"] == len(calls)
        assert load["data_batches"] == len(data) == load["loader_summary"]["batches"]
        ddl = [c.query for c in calls if "rows" not in c.params]
        assert load["by_kind"]["constraint"] == sum(q.startswith("CREATE CONSTRAINT") for q in ddl) == 6
        assert load["by_kind"]["index"] == len(ddl) - 6
        assert load["by_kind"]["nodes"] + load["by_kind"]["rels"] == len(data)
        assert load["rows"] == sum(rows) == items  # nothing in a generated store is skipped
        assert load["rows_per_batch"] == _spread(rows)
        assert load["rows_per_batch"]["max"] == min(load["batch_size"], max(rows))
        assert load["bytes_per_batch"] == _spread(sizes)
        assert load["bytes"] == sum(_json_bytes(c.params) for c in calls)

        batches: Counter = Counter()
        per_target: Counter = Counter()
        for c in data:
            batches[target_of[c.query]] += 1
            per_target[target_of[c.query]] += len(c.params["rows"])
        got = {(t["kind"], t["target"]): (t["batches"], t["rows"])
               for t in load["by_target"] if t["kind"] in ("nodes", "rels")}
        assert got == {k: (batches[k], per_target[k]) for k in batches}
        assert load["client_s"] > 0 and load["rows_per_s"] > 0

    labels = {d["label"] for _, d in g.nodes(data=True)}
    rel_groups = {(d["type"], g.nodes[u]["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)}
    for key in ("export", "export_in_memory"):
        e = report[key]
        assert (e["node_files"], e["rel_files"]) == (len(labels), len(rel_groups))
        assert e["rows"] == items
        assert e["mb"] > 0 and e["seconds"] > 0
    assert report["export"]["mb"] == report["export_in_memory"]["mb"]


def test_bench_text_report_says_no_server_time(store: Path, capsys) -> None:
    assert neo4j_load.main(["--db", str(store), "--batch-size", "5000", "--skip-export"]) == 0
    out = capsys.readouterr().out
    assert "server time" in out and "not included" in out
    assert "load average (1 min) before" in out and "load average (1 min) after" in out
    assert "export neo4j-csv" not in out


def test_bench_live_refuses_a_server_it_may_not_empty(store: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("PAPERKG_NEO4J_DISPOSABLE", raising=False)
    assert neo4j_load.main(["--db", str(store), "--live"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --live empties the database") and len(err.strip().splitlines()) == 1
