"""``paperkg load-neo4j`` through CliRunner: dry runs, a recorded load, errors, no leaked password."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from neo4j.exceptions import Neo4jError, ServiceUnavailable, TransientError
from neo4j_fakes import RecordingDriver, small_graph
from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.cypher.neo4j import client as neo4j_client
from paperkg.cypher.neo4j.indexes import schema_statements
from paperkg.cypher.neo4j.loader import plan_load
from paperkg.graph.export import write_json

SECRET = "pw-Never-Print-Me-42"
runner = CliRunner()


@pytest.fixture
def graph_file(tmp_path):
    return str(write_json(small_graph(), tmp_path / "graph.json"))


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A password in the environment and no default config file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_USERNAME", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)


@pytest.fixture
def recorder(monkeypatch):
    driver = RecordingDriver()
    monkeypatch.setattr(neo4j_client, "open_driver", lambda config: driver)
    return driver


def _no_secret(result):
    assert SECRET not in result.stdout and SECRET not in result.stderr


def test_dry_run_prints_statements_and_batch_counts(graph_file, env):
    result = runner.invoke(app, ["load-neo4j", "--graph", graph_file, "--dry-run", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("dry run: 32 statements (19 data batches of at most 2 rows); "
                          "nothing was sent to Neo4j")
    assert "CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;" in out
    assert "-- nodes Method: 3 rows in 2 batch(es)" in out
    assert "-- rels OUTPERFORMS(Method->Method): 2 rows in 1 batch(es)" in out
    assert "MERGE (a)-[r:OUTPERFORMS {claim_id: row.claim_id}]->(b)" in out
    _no_secret(result)


def test_dry_run_json_matches_the_plan(graph_file, env):
    result = runner.invoke(app, ["load-neo4j", "--graph", graph_file, "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    plan = plan_load(small_graph())
    assert data["dry_run"] is True and data["batch_size"] == 1000
    assert data["statements"] == len(plan.statements) and data["batches"] == plan.batches()
    assert data["nodes"] == {"Paper": 2, "Method": 3, "Dataset": 1, "Metric": 1, "Claim": 2, "Repository": 1}
    assert data["rels"]["USES(Paper->Method)"] == 3
    assert [g["query"] for g in data["groups"][:len(schema_statements())]] == schema_statements()


def test_dry_run_does_not_connect(graph_file, env, monkeypatch):
    def boom(config):
        raise AssertionError("a dry run must not open a driver")

    monkeypatch.setattr(neo4j_client, "open_driver", boom)
    assert runner.invoke(app, ["load-neo4j", "--graph", graph_file, "--dry-run"]).exit_code == 0


def test_load_sends_the_plan_and_prints_a_summary(graph_file, env, recorder):
    args = ["load-neo4j", "--graph", graph_file, "--batch-size", "2", "--database", "kg"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    plan = plan_load(small_graph(), 2)
    assert [(c.query, c.params) for c in recorder.calls] == [(s.query, s.params) for s in plan.statements]
    assert {c.database for c in recorder.calls} == {"kg"} and recorder.closed
    assert "into neo4j://localhost:7687 as neo4j (kg)" in result.stderr
    assert "loaded 10 nodes and 20 relationships in 32 statements (19 batches)" in result.stdout
    _no_secret(result)


def test_load_json_summary(graph_file, env, recorder):
    result = runner.invoke(app, ["load-neo4j", "--graph", graph_file, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["statements"] == len(recorder.calls)
    assert data["nodes"]["Method"] == 3 and data["rels"]["OUTPERFORMS(Method->Method)"] == 2
    assert data["missing_endpoints"] == {} and data["skipped"] == {}
    assert data["seconds"] >= 0
    _no_secret(result)


@pytest.mark.parametrize(("make_error", "fail_at", "expected"), [
    (lambda: ServiceUnavailable("Connection refused"), 1, "error: cannot reach Neo4j at neo4j://localhost:7687"),
    (lambda: Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized",
                                       message="bad credentials"),
     1, "error: Neo4j at neo4j://localhost:7687 as neo4j (default database) rejected the login"),
    (lambda: TransientError("lock timeout"), 20, "error: Neo4j kept failing with a transient error"),
])
def test_driver_errors_exit_1_with_one_line(graph_file, env, recorder, make_error, fail_at, expected):
    recorder.error, recorder.fail_at = make_error(), fail_at
    result = runner.invoke(app, ["load-neo4j", "--graph", graph_file])
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and lines[0].startswith(expected), result.stderr
    assert "Traceback" not in result.output and recorder.closed
    _no_secret(result)


def test_a_server_that_is_down_fails_fast_with_the_real_driver(graph_file, env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens there
    result = runner.invoke(app, ["load-neo4j", "--graph", graph_file])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(
        "error: cannot reach Neo4j at bolt://127.0.0.1:1 as neo4j (default database) while connecting")
    _no_secret(result)


def test_a_world_readable_config_file_is_refused(graph_file, env, tmp_path, recorder):
    path = tmp_path / "neo4j.toml"
    path.write_text(f'password = "{SECRET}"\n', encoding="utf-8")
    os.chmod(path, 0o644)
    result = runner.invoke(app, ["load-neo4j", "--graph", graph_file, "--config", str(path)])
    assert result.exit_code == 1
    assert f"error: refusing to read {path}" in result.stderr and recorder.calls == []
    _no_secret(result)
    os.chmod(path, 0o600)
    assert runner.invoke(app, ["load-neo4j", "--graph", graph_file, "--config", str(path)]).exit_code == 0


@pytest.mark.parametrize(("args", "expected"), [
    ([], "give exactly one graph source"),
    (["--db", "x.db", "--graph", "g.json"], "give exactly one graph source"),
    (["--db", "no/such.db"], "no/such.db: no such store"),
    (["--graph", "no/such.json"], "no/such.json: no such file"),
])
def test_bad_sources_are_one_line_errors(env, args, expected):
    result = runner.invoke(app, ["load-neo4j", *args, "--dry-run"])
    assert result.exit_code == 1 and expected in result.stderr and "Traceback" not in result.output


def test_a_file_that_is_not_a_graph_is_reported(env, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    result = runner.invoke(app, ["load-neo4j", "--graph", str(bad), "--dry-run"])
    assert result.exit_code == 1 and "not a node-link graph JSON" in result.stderr


@pytest.fixture
def store_path(tmp_path):
    from paperkg.cypher.ladybug import LadybugStore

    db = tmp_path / "kg.db"
    store = LadybugStore(db)
    try:
        store.write_graph(small_graph())
    finally:
        store.close()
    return db


def test_load_from_an_embedded_store_sends_the_same_plan(store_path, env, recorder):
    db = store_path
    result = runner.invoke(app, ["load-neo4j", "--db", str(db), "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    plan = plan_load(small_graph(), 2)  # the store round trip loses nothing the loader sends
    assert [(c.query, c.params) for c in recorder.calls] == [(s.query, s.params) for s in plan.statements]
    _no_secret(result)


def test_query_neo4j_runs_the_neo4j_variant_in_read_mode(env, monkeypatch):
    from neo4j import EagerResult, Record

    from paperkg.cypher import library

    def respond(query, params):
        rec = Record({"method": "TinyAdapter", "beats": "LoRA", "claims": 2, "claim_ids": ["p#0", "p#1"]})
        return EagerResult([rec], None, list(rec.keys()))

    driver = RecordingDriver(respond=respond)
    monkeypatch.setattr(neo4j_client, "open_driver", lambda config: driver)
    result = runner.invoke(app, ["query", "outperforms", "-p", "method=LoRA", "--neo4j", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"method": "TinyAdapter", "beats": "LoRA", "claims": 2,
                                          "claim_ids": ["p#0", "p#1"]}]
    (call,) = driver.calls
    assert call.query == library.get("outperforms").text("neo4j")
    assert call.params == {"method": "LoRA"} and call.routing == "r"
    _no_secret(result)


def test_query_neo4j_with_the_server_down_is_one_line(env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    result = runner.invoke(app, ["query", "MATCH (n) RETURN count(n)", "--neo4j"])
    assert result.exit_code == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    _no_secret(result)


def test_schema_only_sends_just_the_ddl(env, recorder):
    result = runner.invoke(app, ["load-neo4j", "--schema-only", "--json"])
    assert result.exit_code == 0, result.output
    assert [c.query for c in recorder.calls] == schema_statements()
    assert json.loads(result.stdout)["batches"] == 0
    bad = runner.invoke(app, ["load-neo4j", "--schema-only", "--db", "x.db"])
    assert bad.exit_code == 1 and "--schema-only takes no graph source" in bad.stderr


def test_dry_run_from_an_embedded_store(store_path, env):
    result = runner.invoke(app, ["load-neo4j", "--db", str(store_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run: 30 statements (17 data batches of at most 1000 rows)")
    assert "-- rels USES(Paper->Method): 3 rows in 1 batch(es)" in result.stdout


ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_load_built_from_input_files(env, recorder):
    """The help example: build the sample corpus on the fly and load it (real extractor, recorded driver)."""
    result = runner.invoke(app, ["load-neo4j", str(ROOT / "examples" / "hf-daily-papers"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["nodes"]["Paper"] > 100 and data["nodes"]["Method"] > 0
    assert data["rels"]["USES(Paper->Method)"] > 0
    assert data["statements"] == len(recorder.calls) > len(schema_statements())
    assert data["skipped"] == {} and data["missing_endpoints"] == {}
    papers = [r["id"] for c in recorder.calls if "MERGE (n:Paper" in c.query for r in c.params["rows"]]
    assert papers == sorted(papers) and len(set(papers)) == data["nodes"]["Paper"]
    _no_secret(result)
