"""paperkg similar through the real CLI on a LadybugDB store of the hand-made graph (similar_graph.py)."""

import json

import pytest
from similar_graph import EXPECTED, similar_store
from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(similar_store(tmp_path_factory.mktemp("similar") / "paperkg.db"))


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_json_is_the_pinned_order_with_its_evidence(db):
    r = run("similar", "BERT", "--db", db, "--limit", len(EXPECTED), "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["name"] for row in rows] == EXPECTED
    roberta, xlnet = rows[0], rows[1]
    assert roberta["shared_papers"] == ["r1"] and roberta["shared_datasets"] == ["GLUE"]
    assert roberta["shared_metrics"] == ["accuracy"] and roberta["papers"] == 1
    assert xlnet["compared_papers"] == ["x1"] and "compared in 1" in xlnet["reasons"]
    assert {"score", "weight", "specificity", "confidence", "context", "generic"} <= roberta.keys()


def test_table_shows_the_counts_behind_each_score(db):
    r = run("similar", "bert", "--db", db, "--limit", 40)
    assert r.exit_code == 0, r.output
    assert "Methods like BERT" in r.stdout
    for col in ("score", "papers", "shared", "compared", "datasets", "metrics", "why"):
        assert col in r.stdout
    assert "generic term" in r.stdout  # masked language modeling and residual connection
    assert r.stdout.index("RoBERTa") < r.stdout.index("XLNet") < r.stdout.index("residual connection")


def test_limit_and_unknown_names(db):
    rows = json.loads(run("similar", "BERT", "--db", db, "--limit", 2, "--json").stdout)
    assert [row["name"] for row in rows] == EXPECTED[:2]
    r = run("similar", "BERTT", "--db", db)
    assert r.exit_code == 1 and "did you mean" in r.stderr and "Traceback" not in r.output


def test_a_method_known_from_a_survey_only_lists_its_fellows_and_the_hub_last(db):
    r = run("similar", "Survey Method 39", "--db", db, "--limit", 100, "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 40 and rows[0]["name"] == "ELECTRA" and rows[-1]["name"] == "BERT"
    assert len({row["score"] for row in rows if row["name"] != "BERT"}) == 2  # in 1 paper or in 2
    r = run("similar", "WikiHop", "--db", db)
    assert r.exit_code == 1  # a dataset, not a method
