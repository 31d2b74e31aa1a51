"""The analytics commands through the real CLI on a real LadybugDB store built from the tiny graph."""

import json

import pytest
from analytics_graphs import tiny_store
from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(tiny_store(tmp_path_factory.mktemp("cli") / "paperkg.db"))


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_cites_like_json_example(db):
    r = run("cites-like", "LoRA", "--db", db, "--limit", 10, "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["id"] for row in rows] == ["p1", "p2", "p9", "p3", "p5", "p4", "p6"]
    assert all({"id", "title", "score", "relation", "direct", "evidence"} <= row.keys() for row in rows)
    assert rows[-1]["direct"] is False and rows[0]["relation"] == "proposes"


def test_cites_like_table_and_alias(db):
    r = run("cites-like", "low-rank adaptation", "--db", db, "--limit", 2, "--related", 0)
    assert r.exit_code == 0
    assert "Papers about LoRA" in r.stdout and "proposes" in r.stdout and "p9" not in r.stdout


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 6, 7, 8])
def test_cites_like_limit_is_the_most_rows_printed(db, limit):
    args = ("cites-like", "LoRA", "--db", db, "--limit", 100, "--related", 100, "--json")
    every = json.loads(run(*args).stdout)
    direct = [row["id"] for row in every if row["direct"]]
    related = [row["id"] for row in every if not row["direct"]]
    rows = json.loads(run("cites-like", "LoRA", "--db", db, "--limit", limit, "--json").stdout)
    assert len(rows) <= limit
    # the papers naming it first; related ones (at most --related, 5) only in the room they leave
    expect = direct[:limit] + related[:max(0, min(5, limit - len(direct)))]
    assert [row["id"] for row in rows] == expect
    table = run("cites-like", "LoRA", "--db", db, "--limit", limit).stdout
    assert sum(table.count(f" {p} ") for p in direct + related) == len(expect)


def test_cites_like_related_zero_lists_only_papers_naming_it(db):
    rows = json.loads(run("cites-like", "LoRA", "--db", db, "--limit", 50, "--related", 0, "--json").stdout)
    assert rows and all(row["direct"] for row in rows)
    rows = json.loads(run("cites-like", "LoRA", "--db", db, "--limit", 50, "--related", 1, "--json").stdout)
    assert [row["direct"] for row in rows].count(False) == 1


def test_unknown_method_suggests_names_without_a_traceback(db):
    r = run("cites-like", "LoRAA", "--db", db)
    assert r.exit_code == 1
    assert r.stderr.strip() == "error: no method named LoRAA; did you mean: LoRA, QLoRA?"
    assert "Traceback" not in r.output


def test_missing_store_is_one_line(tmp_path):
    r = run("cites-like", "LoRA", "--db", tmp_path / "nope.db")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: no store at") and len(r.stderr.strip().splitlines()) == 1


def test_similar_json_example(db):
    r = run("similar", "LoRA", "--db", db, "--json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    # QLoRA: one paper with LoRA alone that reports beating it, on GLUE in accuracy like LoRA's papers
    assert [row["name"] for row in rows] == ["QLoRA", "Transformer", "Adapter"]
    assert rows[0]["compared_papers"] == ["p2"] and "GLUE" in rows[0]["reasons"]


def test_leaderboard_example(db):
    r = run("leaderboard", "ImageNet", "--metric", "error rate", "--db", db)
    assert r.exit_code == 0
    assert "lower is better" in r.stdout
    assert r.stdout.index("ViT") < r.stdout.index("ResNet")


def test_leaderboard_json_keeps_gains_apart(db):
    r = run("leaderboard", "glue", "--db", db, "--json")
    board = json.loads(r.stdout)["boards"][0]
    assert [s["paper_id"] for s in board["scores"]] == ["p1", "p9", "p3"]
    assert [(d["kind"], d["standing"], d["rank"]) for d in board["apart"]] == [("improvement", "gain", None)]


def test_leaderboard_unknown_metric(db):
    r = run("leaderboard", "ImageNet", "--metric", "eror rate", "--db", db)
    assert r.exit_code == 1 and "did you mean: error rate" in r.stderr


def test_stats_json_example(db):
    r = run("stats", "--db", db, "--json")
    assert r.exit_code == 0
    s = json.loads(r.stdout)
    assert s["nodes"]["Paper"] == 9 and s["top_by_papers"]["Method"][0]["name"] == "LoRA"
    assert len(s["communities"]) == 2


def test_stats_communities_cap(db):
    s = json.loads(run("stats", "--db", db, "--json", "--communities", 3).stdout)
    assert [c["members"] for c in s["communities"]] == [["LoRA", "Adapter"]]
    assert any("3 methods" in n for n in s["notes"])


def test_stats_tables(db):
    r = run("stats", "--db", db)
    assert r.exit_code == 0 and "Method communities" in r.stdout and "Rising methods" in r.stdout


def test_path_example(db):
    r = run("path", "LoRA", "GLUE", "--db", db)
    assert r.exit_code == 0 and "LoRA" in r.stdout and "GLUE" in r.stdout and "PROPOSES" in r.stdout


def test_path_json_and_no_path(db):
    r = run("path", "LoRA", "Adapter", "--db", db, "--json")
    assert json.loads(r.stdout)["nodes"] == ["LoRA", "A Study of Adapters", "Adapter"]
    r = run("path", "LoRA", "ImageNet", "--db", db)
    assert r.exit_code == 0 and "no chain of evidence" in r.stdout


def test_conflicts_json_example(db):
    r = run("conflicts", "--db", db, "--json")
    assert r.exit_code == 0
    pairs = [(c["a"]["paper_id"], c["b"]["paper_id"]) for c in json.loads(r.stdout)]
    assert pairs == [("p1", "p3"), ("p3", "p9")]


@pytest.mark.parametrize("cmd", ["cites-like", "similar", "leaderboard", "stats", "path", "conflicts"])
def test_help_has_summary_and_example(cmd):
    r = run(cmd, "--help")
    assert r.exit_code == 0 and "Example: paperkg " + cmd in r.stdout and "--json" in r.stdout


def test_leaderboard_limit_shows_the_first_rows_and_says_so(db):
    r = run("leaderboard", "GLUE", "--limit", 1, "--db", db)
    assert r.exit_code == 0 and "(first 1 of 3; --limit 0 lists all)" in r.stdout
    board = json.loads(run("leaderboard", "GLUE", "--limit", 1, "--db", db, "--json").stdout)["boards"][0]
    assert [s["paper_id"] for s in board["scores"]] == ["p1"] and board["total_scores"] == 3
    everything = json.loads(run("leaderboard", "GLUE", "--limit", 0, "--db", db, "--json").stdout)
    assert len(everything["boards"][0]["scores"]) == 3
