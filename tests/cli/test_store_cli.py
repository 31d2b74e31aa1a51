"""``paperkg build / query / queries / export`` end to end through the real CLI, store and pipeline."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from paperkg.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from handmade import corpus  # noqa: E402

from paperkg.cypher.ladybug import LadybugStore  # noqa: E402
from paperkg.graph.build import build_graph  # noqa: E402

runner = CliRunner()
SAMPLE = "examples/hf-daily-papers"


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "hand.db"
    with LadybugStore(path) as s:
        s.write_graph(build_graph(corpus()))
    return str(path)


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.slow
def test_build_sample_then_count_papers(tmp_path):
    db = str(tmp_path / "kg.db")
    r = run("build", SAMPLE, "--db", db, "--quiet", "--json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["records"] == 315 and summary["added"] == 315
    assert summary["counts"]["Paper"] == 315 and summary["counts"]["Method"] > 50
    assert summary["nodes"] > 315 and summary["edges"] > 315
    r = run("query", "MATCH (p:Paper) RETURN count(p) AS n", "--json", "--db", db)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"n": 315}]
    again = run("build", SAMPLE, "--db", db, "--quiet")  # the same input again: nothing changes
    assert again.exit_code == 0, again.output
    assert "papers read" in again.stdout and "315" in again.stdout
    r = run("query", "schema", "--json", "--db", db)
    counts = {x["type"]: x["count"] for x in json.loads(r.stdout)}
    assert counts == {k: v for k, v in summary["counts"].items() if v}


def test_build_with_nothing_readable_exits_1(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    r = run("build", str(empty), "--db", str(tmp_path / "x.db"), "--quiet", "--json")
    assert r.exit_code == 1
    assert "nothing was built" in r.stderr
    assert not (tmp_path / "x.db").exists()
    r = run("build", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "x.db"))
    assert r.exit_code == 1 and "no such file" in r.stderr


def test_query_named_with_params_as_json(hand_db):
    r = run("query", "cites-like", "--param", "method=LoRA", "--db", hand_db, "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    # p2 "compare[s] low-rank adaptations": compares, as p1 (a claim against LoRA); p1 has more upvotes
    assert [(x["paper"], x["relation"]) for x in rows] == [("p1", "compares"), ("p2", "compares")]


def test_query_params_parse_as_json_when_they_can(hand_db):
    r = run("query", "methods-by-papers", "-p", "limit=1", "--db", hand_db, "--json")
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)) == 1
    r = run(
        "query",
        "MATCH (p:Paper) WHERE p.id IN $ids RETURN p.id AS id ORDER BY id",
        "--param",
        'ids=["p1","p3"]',
        "--db",
        hand_db,
        "--json",
    )
    assert json.loads(r.stdout) == [{"id": "p1"}, {"id": "p3"}]


def test_query_csv_and_table(hand_db):
    r = run("query", "leaderboard", "--param", "dataset=GLUE", "--db", hand_db, "--csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:4] == ["dataset", "metric", "method", "value"]
    assert rows[1][:4] == ["GLUE", "Accuracy", "FastLoRA", "91.2%"]
    r = run("query", "outperforms", "--param", "method=lora", "--db", hand_db)
    assert r.exit_code == 0 and "FastLoRA" in r.stdout


def test_query_refuses_writes_without_write_flag(hand_db, tmp_path):
    r = run("query", "CREATE (:Paper {id: 'x'})", "--db", hand_db)
    assert r.exit_code == 2
    assert "CREATE would change the store; add --write" in r.stderr
    r = run(
        "query", "MATCH (p:Paper) WHERE p.title = 'DELETE me' RETURN count(p) AS n", "--db", hand_db, "--json"
    )
    assert r.exit_code == 0 and json.loads(r.stdout) == [{"n": 0}]
    db = tmp_path / "w.db"
    with LadybugStore(db) as s:
        s.write_graph(build_graph(corpus()))
    r = run("query", "MATCH (p:Paper {id: 'p5'}) SET p.upvotes = 7", "--db", str(db), "--write")
    assert r.exit_code == 0, r.output
    r = run("query", "MATCH (p:Paper {id: 'p5'}) RETURN p.upvotes AS u", "--db", str(db), "--json")
    assert json.loads(r.stdout) == [{"u": 7}]


def test_query_errors_are_one_line(hand_db, tmp_path):
    r = run("query", "MATCH (n RETURN n", "--db", hand_db)
    assert r.exit_code == 1 and r.stderr.startswith("error: query failed: Parser exception")
    r = run("query", "cites-like", "--db", hand_db)
    assert r.exit_code == 2 and "needs --param method" in r.stderr
    r = run("query", "no-such-query", "--db", hand_db)
    assert r.exit_code == 2 and "no named query 'no-such-query'" in r.stderr
    r = run("query", "schema", "--db", str(tmp_path / "none.db"))
    assert r.exit_code == 1 and "no store at" in r.stderr
    r = run("query", "schema", "--param", "oops", "--db", hand_db)
    assert r.exit_code == 2 and "key=value" in r.stderr


def test_query_on_neo4j_without_a_server_says_so(hand_db, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    r = run("query", "schema", "--neo4j")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: ") and "Traceback" not in r.output


def test_queries_lists_names_and_params():
    r = run("queries", "--json")
    assert r.exit_code == 0
    items = {q["name"]: q for q in json.loads(r.stdout)}
    assert len(items) >= 12
    assert items["leaderboard"]["params"][0] == {
        "name": "dataset",
        "type": "STRING",
        "optional": False,
        "default": None,
        "description": "the dataset's name or one of its aliases, e.g. ImageNet",
    }
    assert items["leaderboard"]["params"][1]["optional"] is True
    r = run("queries")
    assert r.exit_code == 0 and "cites-like" in r.stdout and "method=<STRING>" in r.stdout


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_export_files(hand_db, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    r = run("export", "--db", hand_db, "--format", fmt, "--out", str(out), "--json")
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["nodes"] == 26 and info["edges"] == 40
    if fmt == "graphml":
        g = nx.read_graphml(out, force_multigraph=True)
    else:
        from paperkg.graph.export import read_json

        g = read_json(out)
    assert g.number_of_nodes() == 26 and g.number_of_edges() == 40


def test_export_neo4j_csv_prints_the_import_command(hand_db, tmp_path):
    r = run("export", "--db", hand_db, "--format", "neo4j-csv", "--out", str(tmp_path / "csv"))
    assert r.exit_code == 0, r.output
    assert "neo4j-admin database import full" in r.stdout
    assert (tmp_path / "csv" / "nodes_Paper.csv").exists()
    r = run("export", "--db", hand_db, "--format", "xml", "--out", str(tmp_path / "x"))
    assert r.exit_code == 2 and "unknown export format" in r.stderr


def test_build_incrementally_and_title_only_records_stay_out(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(
        json.dumps(
            {
                "id": "p1",
                "title": "Low-Rank Adaptation of Large Language Models",
                "abstract": "We propose Low-Rank Adaptation (LoRA), which freezes the pretrained weights. "
                "LoRA performs on-par with fine-tuning on GLUE.",
            }
        )
        + "\n"
        + json.dumps({"id": "p2", "title": "A title without an abstract"})
        + "\n"
        + "{not json\n"
    )
    second.write_text(
        json.dumps(
            {
                "id": "p3",
                "title": "Sparse adapters",
                "abstract": "We compare our adapters with LoRA on GLUE and SQuAD.",
            }
        )
        + "\n"
    )
    db = str(tmp_path / "kg.db")
    r = run("build", str(first), "--db", db, "--quiet", "--json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert s["added"] == 1 and s["counts"]["Paper"] == 1
    assert s["skipped"]["no-abstract"] == 1 and sum(s["skipped"].values()) == 2
    r = run("build", str(second), "--db", db, "--quiet", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["counts"]["Paper"] == 2
    r = run("query", "cites-like", "-p", "method=lora", "--db", db, "--json")
    assert {x["paper"] for x in json.loads(r.stdout)} == {"p1", "p3"}


def _has_rankings(db: Path) -> bool:
    from paperkg.cypher.analytics.rankings_file import has_current_index

    with LadybugStore(db, read_only=True) as s:
        return has_current_index(s)


def test_build_writes_the_rankings_index_and_writes_without_a_refresh_drop_it(tmp_path):
    """A stale index would answer for an older graph: every write either refreshes it or drops it."""
    db = tmp_path / "kg.db"
    r = run("build", "tests/data/dev_input.jsonl", "--db", str(db), "--json", "--quiet")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["rankings"] > 0 and _has_rankings(db)
    r = run("query", "MATCH (m:Method) SET m.papers = m.papers + 1", "--db", str(db), "--write")
    assert r.exit_code == 0, r.output
    assert not _has_rankings(db)
    r = run("build", "tests/data/dev_input.jsonl", "--db", str(db), "--json", "--quiet")
    assert r.exit_code == 0 and _has_rankings(db)
    r = run("build", "tests/data/dev_input.jsonl", "--db", str(db), "--no-rankings", "--json", "--quiet")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["rankings"] == 0 and not _has_rankings(db)
    r = run("cites-like", "Transformer", "--db", str(db), "--json")  # answered live
    assert r.exit_code == 0 and json.loads(r.stdout), r.output


@pytest.mark.parametrize(
    ("statement", "advice", "works"),
    [
        ("MATCH (p:Paper)-[r]->(m) RETURN type(r), count(*)", "label(r)",
         "MATCH (p:Paper)-[r]->(m) RETURN label(r), count(*)"),
        ("MATCH (n) WHERE n:Method RETURN count(n)", "label(n) = 'Method'",
         "MATCH (n) WHERE label(n) = 'Method' RETURN count(n)"),
        ("MATCH (p:Paper) WHERE exists(p.year) RETURN count(p)", "x.prop IS NOT NULL",
         "MATCH (p:Paper) WHERE p.year IS NOT NULL RETURN count(p)"),
        ("MATCH (p:Paper) RETURN elementId(p) LIMIT 1", "id(n)", "MATCH (p:Paper) RETURN id(p) LIMIT 1"),
        ("CALL db.labels()", "CALL show_tables() RETURN *", "CALL show_tables() RETURN *"),
    ],
)
def test_neo4j_dialect_gets_one_line_saying_what_to_write(hand_db, statement, advice, works):
    r = run("query", statement, "--db", hand_db)
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: query failed: ") and advice in lines[0], lines
    assert run("query", works, "--db", hand_db).exit_code == 0  # and what it says to write runs


def test_a_plain_mistake_gets_no_dialect_advice(hand_db):
    r = run("query", "MATCH (p:Paper RETURN p", "--db", hand_db)
    assert r.exit_code == 1 and "(LadybugDB" not in r.stderr
