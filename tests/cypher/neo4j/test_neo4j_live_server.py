"""Servers these tests start, kill and restart themselves (docker/neo4j-local, about 1 GB each, one at a
time): a load interrupted by a killed server and re-run, a stopped server, and neo4j-admin import.

Each server gets its own data folder under tmp_path, a free port and a random password, and is stopped
in a ``with`` block however the test ends; its JVM also stops by itself if pytest dies (stdin watch).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j_live import (
    ROOT,
    duplicates,
    graph_hash,
    neo4j_counts,
    neo4j_env,
    neo4j_local,
    one_line_error,
    require_launcher,
    require_server,
    run,
    store_counts,
)
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.ladybug import LadybugStore
from paperkg.cypher.neo4j.errors import Neo4jUnavailable
from paperkg.cypher.neo4j.loader import Neo4jLoader, plan_load
from paperkg.graph.schema import NODES

pytestmark = pytest.mark.neo4j
runner = CliRunner()


@pytest.fixture(autouse=True)
def _launcher():
    require_server()  # only in a live run (make test-neo4j), like every test marked neo4j
    require_launcher()


@pytest.fixture(scope="module")
def expected(sample_db):
    with LadybugStore(sample_db, read_only=True) as store:
        return store_counts(store)


def _driver(server: neo4j_local.LocalNeo4j, retry_s: float = 1.0):
    """A driver that gives up on a dead server after ``retry_s`` (the default retries for 30 s)."""
    return GraphDatabase.driver(server.uri, auth=(neo4j_local.USER, server.password),
                                max_transaction_retry_time=retry_s)


def test_interrupted_load_then_rerun_completes_without_duplicates(tmp_path, sample_graph, expected,
                                                                  loaded_sample, live_driver):
    """The server is killed (SIGKILL: no shutdown, recovery on restart) half-way through a load; the
    load fails with one line; after a restart the same load completes and the graph equals the one a
    clean load gives, property for property."""
    home, password = tmp_path / "home", neo4j_local.free_password()
    with neo4j_local.start(home, password) as server:
        driver = _driver(server)
        loader = Neo4jLoader(driver, None, batch_size=100, target=server.uri)
        plan = plan_load(sample_graph, 100)
        total = len(plan.statements)
        kill_at = total // 2  # nodes are in, relationships half-way

        def crash(i, n, stmt):
            if i == kill_at:
                server.kill()

        with pytest.raises(Neo4jUnavailable) as err:
            loader.load_plan(plan, progress=crash)
        message = str(err.value)
        assert "\n" not in message and "cannot reach Neo4j" in message, message
        assert f"statement {kill_at + 1} of {total}" in message, message
        driver.close()
    with neo4j_local.start(home, password) as server:  # the same data folder: recovery, then the re-run
        with _driver(server, 30.0) as driver:
            partial = neo4j_counts(driver)
            assert 0 < sum(partial.values()) < sum(expected.values())  # the kill left a partial graph
            summary = Neo4jLoader(driver, None, batch_size=100).load_graph(sample_graph)
            assert summary.missing_endpoints == {}
            assert neo4j_counts(driver) == expected
            assert duplicates(driver) == {"nodes": 0, "rels": 0}
            assert graph_hash(driver) == graph_hash(live_driver)  # the same graph as a clean load


def test_stopped_server_is_one_line(tmp_path, sample_db):
    with neo4j_local.start(tmp_path / "home", neo4j_local.free_password()) as server:
        ok = runner.invoke(app, ["query", "RETURN 1 AS one", "--neo4j", "--json"], env=neo4j_env(server))
        assert ok.exit_code == 0 and json.loads(ok.stdout) == [{"one": 1}], ok.output
        assert server.stop() in (0, 143)  # SIGTERM: the JVM's exit code after a clean shutdown
        for args in (["query", "schema", "--neo4j"], ["cites-like", "LoRA", "--neo4j"],
                     ["load-neo4j", "--db", str(sample_db)]):
            started = time.perf_counter()
            line = one_line_error(runner.invoke(app, args, env=neo4j_env(server)))
            assert "cannot reach Neo4j" in line and server.uri in line and "is the server running" in line
            assert time.perf_counter() - started < 10  # no 30 s of driver retries
            assert server.password not in line


def _admin_import(csv_command: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``neo4j-admin database import full`` from the Maven artifacts (no Neo4j distribution): the
    command ``paperkg export`` prints, run by the admin tool's main class with NEO4J_HOME = ``home``."""
    args = shlex.split(csv_command)
    assert args[:4] == ["neo4j-admin", "database", "import", "full"], args
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    cmd = ["java", f"-Xmx{neo4j_local.HEAP}", "-cp", f"{neo4j_local.LIB}/*", "org.neo4j.cli.AdminTool",
           *args[1:-1], "--max-off-heap-memory=256m", "--threads=2",
           f"--report-file={home / 'import.report'}", args[-1]]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)


def test_neo4j_admin_import_of_the_export_equals_the_loaded_graph(tmp_path, sample_db, expected,
                                                                   loaded_sample, live_driver):
    out = runner.invoke(app, ["export", "--db", str(sample_db), "--format", "neo4j-csv",
                              "--out", str(tmp_path / "csv"), "--json"])
    assert out.exit_code == 0, out.output
    home = tmp_path / "home"
    done = _admin_import(json.loads(out.stdout)["command"], home)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout
    with neo4j_local.start(home, neo4j_local.free_password()) as server:
        schema = runner.invoke(app, ["load-neo4j", "--schema-only"], env=neo4j_env(server))
        assert schema.exit_code == 0, schema.output
        with _driver(server, 30.0) as imported:
            imported.execute_query("CALL db.awaitIndexes(300)")
            assert neo4j_counts(imported) == expected
            assert len(run(imported, "SHOW CONSTRAINTS YIELD name RETURN name")) == len(NODES)
            # every 7th node of each label, and its relationships: the same properties as the MERGE load
            for node in NODES:
                ids = run(live_driver, f"MATCH (n:{node.label}) RETURN n.id AS id ORDER BY id")
                some = [r["id"] for r in ids][::7]
                nodes = (f"MATCH (n:{node.label}) WHERE n.id IN $ids "
                         "RETURN n.id AS id, properties(n) AS props ORDER BY id")
                rels = (f"MATCH (n:{node.label})-[r]->(m) WHERE n.id IN $ids RETURN n.id AS a, "
                        "type(r) AS t, m.id AS b, properties(r) AS props ORDER BY a, t, b, props.claim_id")
                for q in (nodes, rels):
                    got, want = run(imported, q, ids=some), run(live_driver, q, ids=some)
                    assert _normal(got) == _normal(want), node.label
                assert len(run(imported, nodes, ids=some)) == len(some) > 0


def _normal(rows: list[dict]) -> list[dict]:
    """An empty string or list and an absent property are the same answer here: an empty CSV cell
    cannot tell them apart, so neo4j-admin stores no property where the loader stores ``''`` or ``[]``
    (docs/neo4j.md says so)."""
    return [{**row, "props": {k: v for k, v in row["props"].items() if v not in ("", [])}} for row in rows]


def test_bench_loads_into_a_server_and_times_both_stores(tmp_path, monkeypatch, capsys):
    """bench/neo4j_load.py --live on a small synthetic graph: every batch size loads the whole graph, and
    cites-like and leaderboard give the embedded store's answers for every name timed."""
    sys.path.insert(0, str(ROOT / "bench"))
    import graph_gen
    import neo4j_load

    db = tmp_path / "gen.db"
    graph_gen.write_store(300, db, seed=11)
    with neo4j_local.start(tmp_path / "home", neo4j_local.free_password()) as server:
        for key, value in server.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("NEO4J_DATABASE", raising=False)
        monkeypatch.setenv("PAPERKG_NEO4J_DISPOSABLE", "1")
        args = ["--db", str(db), "--live", "--batch-size", "50,1000", "--latency", "4", "--json"]
        assert neo4j_load.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert [x["batch_size"] for x in report["loads"]] == [50, 1000]
    for x in report["loads"]:
        assert x["counts_ok"] and x["missing_endpoints"] == {} and x["items_per_s"] > 0
        assert (x["neo4j_nodes"], x["neo4j_edges"]) == (report["nodes"], report["edges"])
    assert report["server"]["version"].startswith("5.26") and report["server"]["edition"] == "community"
    for what in ("cites-like", "leaderboard"):
        assert report["latency"][what]["same_answers"] == "4 of 4"
        assert report["latency"][what]["hubs"]["neo4j"]["n"] == 2
