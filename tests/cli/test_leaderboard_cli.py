"""`paperkg leaderboard` through Typer's CliRunner on a store of the hand-made board graph, and the check
that the CLI (table and --json), the named query `leaderboard` and the site's dataset page agree on
which claims are ranked, their ranks, and why the others are listed apart."""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from leaderboard_graphs import board_graph, board_store  # noqa: E402

from paperkg.cli import app  # noqa: E402
from paperkg.graph.analytics import leaderboard  # noqa: E402
from paperkg.graph.analytics.leaderboard import NO_METRIC, NOTES, STANDINGS  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module", params=[False, True], ids=["live", "indexed"])
def db(request, tmp_path_factory):
    """The board graph's store, answered live and from a rankings index that holds every board."""
    return str(board_store(tmp_path_factory.mktemp("lb") / "b.db", rankings=request.param))


def run(*args):
    r = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    return r.stdout


def test_json_is_the_leaderboard_field_for_field(db):
    got = json.loads(run("leaderboard", "Bench", "--db", db, "--json", "--limit", 0))
    assert got == leaderboard(board_graph(), "Dataset:bench").to_dict()


def test_table_ranks_comparable_values_and_lists_the_rest_apart_with_why(db):
    out = run("leaderboard", "Bench", "--db", db)
    assert "Bench · accuracy (%) · ranked, higher is better" in out
    assert "Bench · accuracy (%) · listed apart, not ranked" in out
    assert "Bench · error rate (%) · ranked, lower is better" in out
    assert "Bench · FID (plain number) · ranked, lower is better" in out
    assert f"Bench · coverage (%) · {NOTES['one']}" in out
    assert f"Bench · quality score (%) · {NOTES['direction']}" in out
    assert f"Bench · FLOPs · {NOTES['none']}; listed apart" in out
    assert f"Bench · {NO_METRIC} · {NOTES['no metric']}; listed apart" in out
    for label in ("gain", "ratio", "difference", "other", "no unit", "reduction", "no metric"):
        assert STANDINGS[label] in out
    assert "absolute · top-1 acc · BENCH-1k" in out  # kind, metric and dataset as extracted
    lines = [line for line in out.splitlines() if "90.0%" in line or "80.0%" in line]
    assert [line.split("│")[1].strip() for line in lines] == ["1", "1", "3"]  # ties share a rank
    one = next(line for line in out.splitlines() if "5%" in line and "Eta" in line)
    assert one.split("│")[1].strip() == ""  # a result, not a ranking: no rank


def test_metric_by_alias_and_limit(db):
    out = run("leaderboard", "bench-1k", "--metric", "acc", "--limit", 1, "--db", db)
    assert "accuracy (%)" in out and "error rate" not in out
    assert "(first 1 of 3; --limit 0 lists all)" in out and "(first 1 of 5; --limit 0 lists all)" in out
    board = json.loads(run("leaderboard", "Bench", "--metric", "acc", "--limit", 1, "--db", db, "--json"))
    (acc,) = board["boards"]
    assert [r["rank"] for r in acc["scores"]] == [1] and (acc["total_scores"], acc["total_apart"]) == (3, 5)


def test_help_states_the_rules():
    out = " ".join(run("leaderboard", "--help").split())
    assert "Only absolute values of one metric in one unit are ranked" in out and "listed apart" in out


class _BoardRows(HTMLParser):
    """(board metric, claim id, standing, rank) of every leaderboard row of a dataset page."""

    def __init__(self) -> None:
        super().__init__()
        self.metric = ""
        self.rows: list[tuple[str, str, str, int | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "board" in (a.get("class") or ""):
            self.metric = a.get("data-metric") or ""
        elif tag == "tr" and "data-claim" in a:
            rank = a.get("data-rank") or ""
            self.rows.append((self.metric, a["data-claim"], a["data-standing"], int(rank) if rank else None))


def test_cli_named_query_and_site_agree(db, tmp_path):
    board = json.loads(run("leaderboard", "Bench", "--db", db, "--json", "--limit", 0))
    cli = {(b["metric"], r["claim_id"], r["standing"], r["rank"]) for b in board["boards"]
           for r in b["scores"] + b["apart"]}
    assert len(cli) == 23 and sum(1 for *_, rank in cli if rank) == 7  # 3 + 2 + 2 ranked

    rows = json.loads(run("query", "leaderboard", "--param", "dataset=Bench", "--db", db, "--json"))
    assert {(r["metric"], r["claim"], r["standing"], r["rank"]) for r in rows} == cli
    assert all(r["dataset"] == "Bench" for r in rows)
    by_claim = {r["claim"]: r for r in rows}
    q2 = by_claim["q2#1"]
    assert (q2["stated_metric"], q2["stated_dataset"], q2["kind"]) == ("top-1 acc", "BENCH-1k", "absolute")
    assert rows[0]["metric"] == NO_METRIC or rows[0]["metric"] <= rows[-1]["metric"]
    acc = [r["claim"] for r in rows if r["metric"] == "accuracy"]
    assert acc[:3] == ["q2#1", "q3#1", "q1#1"] and acc[3:] == ["q4#1", "q4#2", "q5#1", "q6#1", "q5#2"]

    only = json.loads(run("query", "leaderboard", "--param", "dataset=bench-1k", "--param", "metric=acc",
                          "--db", db, "--json"))
    assert {r["claim"] for r in only} == {r["claim_id"] for b in board["boards"] if b["metric"] == "accuracy"
                                          for r in b["scores"] + b["apart"]}

    page = tmp_path / "bench.html"
    run("viz", "dataset", "Bench", "-o", page, "--db", db)
    parser = _BoardRows()
    parser.feed(page.read_text(encoding="utf-8"))
    assert set(parser.rows) == cli
    html = page.read_text(encoding="utf-8")
    assert "<details><summary>sentence</summary>q2: claim 1 reports" in html  # evidence one click away
    assert "absolute · top-1 acc · BENCH-1k" in html
