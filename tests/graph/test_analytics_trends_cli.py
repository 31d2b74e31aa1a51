"""`paperkg trends` through the real CLI on real LadybugDB stores: JSON, tables, names, notes, --help."""

import json
import shlex

import pytest
from analytics_graphs import tiny_store
from trend_graphs import months_graph, undated_graph, write_store
from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(write_store(months_graph(), tmp_path_factory.mktemp("trends") / "months.db"))


@pytest.fixture(scope="module")
def undated_db(tmp_path_factory):
    return str(write_store(undated_graph(), tmp_path_factory.mktemp("trends") / "undated.db"))


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_json_shape(db):
    r = run("trends", "--db", db, "--window", 2, "--limit", 3, "--json")
    assert r.exit_code == 0, r.output
    t = json.loads(r.stdout)  # nothing but JSON on stdout
    assert set(t) == {"label", "window", "months", "previous_window", "last_window", "papers", "dated",
                      "rising", "fading", "notes"}
    assert (t["label"], t["window"], t["papers"], t["dated"]) == ("Method", 2, 9, 6)
    assert t["months"][0] == "2023-11" and len(t["months"]) == 8
    assert (t["previous_window"], t["last_window"]) == (["2024-03", "2024-04"], ["2024-05", "2024-06"])
    assert [r["name"] for r in t["rising"]] == ["beta", "delta", "eta"]
    assert t["rising"][0] == {"id": "beta", "name": "beta", "previous": 1, "last": 2, "growth": 1, "total": 4,
                              "per_month": [0, 0, 1, 0, 1, 0, 1, 1]}
    assert [r["name"] for r in t["fading"]] == ["Alpha"] and "3 of 9 papers have no month" in t["notes"][0]


def test_kinds(db):
    t = json.loads(run("trends", "--kind", "dataset", "--window", 2, "--db", db, "--json").stdout)
    assert t["label"] == "Dataset" and [r["name"] for r in t["rising"]] == ["GLUE"] and t["fading"] == []
    t = json.loads(run("trends", "--kind", "dataset", "--window", 4, "--db", db, "--json").stdout)
    assert t["rising"] == [] and [(r["name"], r["growth"]) for r in t["fading"]] == [("COCO", -2)]
    t = json.loads(run("trends", "--kind", "Metric", "--window", 2, "--db", db, "--json").stdout)
    assert [r["name"] for r in t["rising"]] == ["accuracy"]
    assert [r["name"] for r in t["fading"]] == ["perplexity"]
    r = run("trends", "--kind", "author", "--db", db)
    assert r.exit_code == 2 and "choose one of: method, dataset, metric" in r.stderr


def test_table(db):
    r = run("trends", "--db", db, "--window", 2)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "6 of 9 papers have a month: 2023-11 to 2024-06 (8 months)" in out
    assert "Compared: papers in 2024-05..2024-06 (the last 2 months) against 2024-03..2024-04" in out
    assert "Rising methods" in out and "Fading methods" in out
    assert out.index("beta") < out.index("delta") < out.index("Zeta")
    assert "note: 3 of 9 papers have no month" in out


def test_entity_series(db):
    s = json.loads(run("trends", "--entity", "BETA", "--db", db, "--json").stdout)
    assert (s["id"], s["name"], s["label"], s["total"], s["undated"]) == ("beta", "beta", "Method", 4, 1)
    assert s["per_month"] == [0, 0, 1, 0, 1, 0, 1, 1] and len(s["months"]) == 8
    r = run("trends", "--entity", "beta", "--db", db)
    assert r.exit_code == 0 and "Papers per month naming beta (method)" in r.stdout
    assert "│ 2024-01 │      1 │" in r.stdout and "│ 2023-11 │" not in r.stdout  # from its first month
    s = json.loads(run("trends", "--kind", "dataset", "--entity", "glue", "--db", db, "--json").stdout)
    assert s["label"] == "Dataset" and s["total"] == 2 and s["undated"] == 1


def test_unknown_entity_suggests_names_like_cites_like(db):
    r = run("trends", "--entity", "Alpah", "--db", db)
    assert r.exit_code == 1 and r.stderr.strip() == "error: no method named Alpah; did you mean: Alpha?"
    r = run("trends", "--kind", "dataset", "--entity", "GLEU", "--db", db)
    assert r.exit_code == 1 and "no dataset named GLEU; did you mean: GLUE" in r.stderr
    assert "Traceback" not in r.output


def test_no_dated_papers_is_a_note(undated_db):
    r = run("trends", "--db", undated_db)
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == ("note: no paper has a month (a date starting YYYY-MM): the 9 papers are not "
                                "counted per month, so there are no trends")
    t = json.loads(run("trends", "--db", undated_db, "--json").stdout)
    assert t["months"] == [] and t["rising"] == [] and t["notes"]
    r = run("trends", "--entity", "beta", "--db", undated_db)
    assert r.exit_code == 0 and "nothing to count per month" in r.stdout


def test_missing_store_is_one_line(tmp_path):
    r = run("trends", "--db", tmp_path / "nope.db")
    assert r.exit_code == 1 and r.stderr.startswith("error: no store at")


def help_examples() -> list[list[str]]:
    text = run("trends", "--help").stdout
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("paperkg trends")]
    return [shlex.split(line)[1:] for line in lines]


def test_help_examples_run(tmp_path):
    db = str(tiny_store(tmp_path / "tiny.db"))
    examples = help_examples()
    assert len(examples) >= 4 and any("--entity" in e for e in examples)
    assert any("--json" in e for e in examples)
    for argv in examples:
        if "--db" in argv:
            argv[argv.index("--db") + 1] = db
        else:
            argv += ["--db", db]
        r = runner.invoke(app, argv)
        assert r.exit_code == 0, (argv, r.output)
        if "--json" in argv:
            json.loads(r.stdout)
