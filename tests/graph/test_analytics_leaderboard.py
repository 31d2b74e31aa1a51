"""leaderboard: only absolute values of one metric in one unit are ranked (by the metric's direction);
everything else is listed apart with its standing. The rules, each pinned on a hand-made graph."""

import json
import re
from importlib import resources

import pytest
from analytics_graphs import tiny_graph
from leaderboard_graphs import board_graph, board_store

from paperkg.cypher.analytics.trends_on_store import best_per_month_on_store
from paperkg.cypher.ladybug import open_store
from paperkg.graph.analytics import leaderboard
from paperkg.graph.analytics.leaderboard import (
    NO_METRIC,
    NOTES,
    STANDINGS,
    build_leaderboard,
    rules,
    standing,
)
from paperkg.graph.analytics.trends import best_per_month


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


@pytest.fixture(scope="module")
def B():
    return board_graph()


def boards(lb):
    return {(b.metric, b.unit): b for b in lb.boards}


def bench(B, **kw):
    return boards(leaderboard(B, "Dataset:bench", **kw))


# -- the tiny graph (shared with the other analytics tests) ---------------------------------------

def test_higher_is_better_sorts_descending_and_lower_ascending(G):
    board = {b.metric: b for b in leaderboard(G, "Dataset:imagenet").boards}
    assert [r.method for r in board["top-1 accuracy"].scores] == ["ViT", "ResNet"]
    assert [r.method for r in board["error rate"].scores] == ["ViT", "ResNet"]
    assert [r.number for r in board["error rate"].scores] == [15.0, 24.0]
    assert board["error rate"].direction == "lower" and board["error rate"].ranked


def test_gains_are_listed_apart_from_scores(G):
    (acc,) = leaderboard(G, "Dataset:glue").boards
    assert [r.paper_id for r in acc.scores] == ["p1", "p9", "p3"]  # 88.5, 88.4, 86.0
    assert [(r.method, r.kind, r.baseline, r.standing) for r in acc.apart] == [
        ("QLoRA", "improvement", "LoRA", "gain")]
    row = acc.scores[0]
    assert (row.value, row.sentence, row.rank) == ("88.5%", "p1: sentence about claim 1.", 1)
    assert row.title == "LoRA: Low-Rank Adaptation of Large Language Models"


def test_metric_filter(G):
    lb = leaderboard(G, "Dataset:imagenet", metric="Metric:error-rate")
    assert [b.metric for b in lb.boards] == ["error rate"]


def _row(cid, number, kind="absolute", metric="m", direction="", unit="%"):
    return {"claim_id": cid, "number": number, "kind": kind, "value": f"{number}{unit}", "unit": unit,
            "metric_id": metric, "metric_name": metric, "direction": direction, "paper_id": cid,
            "method_name": cid}


def test_unlinked_metrics_group_by_surface_and_are_not_ranked():
    lb = build_leaderboard("D", "d", [_row("a", 1.0, direction="higher"), _row("b", 3.0, direction="higher"),
                                      {**_row("c", 28.0, metric=None, unit=""), "c_metric": "BLEU"}])
    by = {b.metric: b for b in lb.boards}
    assert by["m"].ranked and [r.claim_id for r in by["m"].scores] == ["b", "a"]
    assert by["BLEU"].metric_id is None and not by["BLEU"].ranked and by["BLEU"].note == NOTES["one"]


def test_same_claim_is_listed_once():
    lb = build_leaderboard("D", "d", [_row("a", 1.0, direction="higher")] * 2)
    assert len(lb.boards[0].scores) == 1


def test_to_dict_round_trips_to_json(G):
    d = json.loads(json.dumps(leaderboard(G, "Dataset:glue").to_dict()))
    assert d["boards"][0]["scores"][0]["method"] == "LoRA"
    assert d["boards"][0]["apart"][0]["standing"] == "gain"


# -- the rules, on the hand-made board graph ------------------------------------------------------

def test_only_absolute_values_of_one_metric_in_one_unit_are_ranked(B):
    acc = bench(B)[("accuracy", "%")]
    assert acc.ranked and acc.note == ""
    assert [(r.method, r.value, r.rank) for r in acc.scores] == [
        ("Beta", "90.0%", 1), ("Gamma", "90.0%", 1), ("Alpha", "80.0%", 3)]  # equal values share a rank
    assert all(r.standing == "score" and r.unit == "%" for r in acc.scores)


def test_the_metric_direction_orders_the_ranking(B):
    b = bench(B)
    assert [(r.method, r.rank) for r in b[("error rate", "%")].scores] == [("Beta", 1), ("Alpha", 2)]  # lower
    assert [(r.method, r.rank) for r in b[("FID", "")].scores] == [("Delta", 1), ("Gamma", 2)]


def test_gains_reductions_ratios_and_differences_are_listed_apart_with_why(B):
    acc = bench(B)[("accuracy", "%")]
    assert [(r.value, r.kind, r.standing, r.rank) for r in acc.apart] == [
        ("5.0%", "improvement", "gain", None),
        ("7x", "absolute", "ratio", None),  # a ratio whatever kind was extracted: never a score
        ("2.0 points", "absolute", "difference", None),
        ("60%", "other", "other", None),
        ("0.95", "absolute", "no unit", None),  # accuracy without its unit: 0.95 or 95%?
    ]
    flops = bench(B)[("FLOPs", "")]
    assert not flops.scores and not flops.ranked and flops.note == NOTES["none"]
    assert [(r.value, r.standing) for r in flops.apart] == [("7.1x", "reduction"), ("2.0x", "ratio")]


def test_a_board_of_one_is_a_result_not_a_ranking(B):
    coverage = bench(B)[("coverage", "%")]
    assert not coverage.ranked and coverage.note == NOTES["one"]
    assert [(r.value, r.rank) for r in coverage.scores] == [("5%", None)]
    latency = bench(B)[("latency", "ms")]  # a known direction does not make one value a ranking
    assert latency.direction == "lower" and not latency.ranked and latency.scores[0].rank is None


def test_unknown_direction_lists_by_value_without_ranks(B):
    q = bench(B)[("quality score", "%")]
    assert not q.ranked and q.note == NOTES["direction"]
    assert [(r.value, r.rank) for r in q.scores] == [("4.0%", None), ("3.0%", None)]


def test_each_unit_is_a_board_of_its_own_and_values_are_never_converted(B):
    b = bench(B)
    assert [r.value for r in b[("latency", "ms")].scores] == ["12 ms"]
    assert [r.value for r in b[("latency", "s")].scores] == ["0.5 s"]
    # the metric's rows listed apart sit on its board with the most scores (ties: by unit), once
    assert [r.value for r in b[("latency", "ms")].apart] == ["30%"] and b[("latency", "s")].apart == []


def test_plain_numbers_rank_only_for_metrics_whose_values_are_plain_numbers(B):
    b = bench(B)
    assert [r.value for r in b[("FID", "")].scores] == ["1.8", "2.1"]
    assert [(r.value, r.standing) for r in b[("FID", "")].apart] == [("35%", "ratio")]  # not an FID of 35
    assert ("accuracy", "") not in b  # accuracy 0.95 is listed apart on the accuracy (%) board


def test_claims_without_a_metric_are_never_ranked(B):
    lb = leaderboard(B, "Dataset:bench")
    last = lb.boards[-1]
    assert (last.metric, last.metric_id, last.ranked) == (NO_METRIC, None, False)
    assert last.note == NOTES["no metric"]
    assert [(r.value, r.standing) for r in last.apart] == [("13%", "gain"), ("30%", "no metric")]


def test_boards_with_most_scores_come_first(B):
    order = [(b.metric, b.unit) for b in leaderboard(B, "Dataset:bench").boards]
    assert order == [("accuracy", "%"), ("FID", ""), ("error rate", "%"), ("quality score", "%"),
                     ("latency", "ms"), ("coverage", "%"), ("latency", "s"), ("FLOPs", ""), (NO_METRIC, "")]


def test_rows_keep_the_kind_metric_and_dataset_as_extracted(B):
    top = bench(B)[("accuracy", "%")].scores[0]
    assert (top.kind, top.stated_metric, top.stated_dataset) == ("absolute", "top-1 acc", "BENCH-1k")
    assert top.sentence == "q2: claim 1 reports 90.0% here."
    assert {r.stated_metric for r in bench(B)[(NO_METRIC, "")].apart} == {""}


def test_limit_keeps_the_first_rows_and_the_totals(B):
    acc = bench(B, limit=1)[("accuracy", "%")]
    assert [r.rank for r in acc.scores] == [1] and [r.standing for r in acc.apart] == ["gain"]
    assert (acc.total_scores, acc.total_apart) == (3, 5)


@pytest.mark.parametrize(("kind", "unit", "number", "names", "has_metric", "expected"), [
    ("absolute", "%", 85.0, ["accuracy"], True, "score"),
    ("absolute", "ms", 12.0, ["latency"], True, "score"),
    ("absolute", "", 1.9, ["FID"], True, "score"),
    ("absolute", "", 1.9, ["fid-like", "Frechet Inception Distance"], True, "score"),  # an alias
    ("absolute", "", 0.9, ["accuracy"], True, "no unit"),
    ("absolute", "%", 35.0, ["FID"], True, "ratio"),
    ("absolute", "x", 7.0, ["accuracy"], True, "ratio"),
    ("other", "x", 2.0, ["FLOPs"], True, "ratio"),
    ("absolute", "points", 2.0, ["accuracy"], True, "difference"),
    ("absolute", "pp", 2.0, ["accuracy"], True, "difference"),
    ("improvement", "x", 3.0, ["throughput"], True, "gain"),  # the kind first: a gain stays a gain
    ("reduction", "%", 30.0, ["MACs"], True, "reduction"),
    ("other", "%", 60.0, ["accuracy"], True, "other"),
    (None, "%", 60.0, ["accuracy"], True, "other"),
    ("absolute", "%", None, ["accuracy"], True, "other"),
    ("absolute", "%", 30.0, [None], False, "no metric"),
    ("improvement", "%", 13.0, [None], False, "gain"),
])
def test_standing_of_one_claim(kind, unit, number, names, has_metric, expected):
    assert standing(kind, unit, number, names, has_metric) == expected


def test_every_standing_has_a_label():
    assert set(STANDINGS) == {"score", "gain", "reduction", "ratio", "difference", "other", "no unit",
                              "no metric"}


def test_the_named_query_repeats_the_data_files_lists():
    """The named query cannot read a data file: its literal lists must stay those of leaderboard.json."""
    text = resources.files("paperkg.cypher").joinpath("queries/leaderboard.cypher").read_text("utf-8")
    raw = json.loads(resources.files("paperkg.graph").joinpath("data/leaderboard.json").read_text("utf-8"))
    for key in (k for k in raw if not k.startswith("_")):
        found = re.search(r"(\[[^\]]*\])\s+AS\s+" + key + r"\b", text)
        assert found, f"{key} missing from leaderboard.cypher"
        listed = re.findall(r"'((?:[^'\\]|\\.)*)'", found.group(1))
        assert sorted(v.replace("\\'", "'") for v in listed) == sorted(raw[key]), key
    assert rules().plain_number_metrics == frozenset(raw["plain_number_metrics"])


# -- the best value per month follows the same rules, in memory and on the store ----------------------
# (the store's and the rankings index's boards: tests/cypher/analytics/test_lookups_on_store.py)

def test_best_value_per_month_plots_scores_only(tmp_path, B):
    best = best_per_month(B)
    # Solo: two "x" ratios extracted as absolute latencies and one 20 ms: the series is the 20 ms
    solo = best["solo"]
    assert (solo.unit, [(p.month, p.value) for p in solo.points]) == ("ms", [("2024-07", 20.0)])
    assert (best["bench"].metric, best["bench"].unit, best["bench"].results) == ("accuracy", "%", 3)
    with open_store(board_store(tmp_path / "t.db")) as s:
        assert best_per_month_on_store(s) == best
