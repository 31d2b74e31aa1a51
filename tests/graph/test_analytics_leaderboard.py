"""leaderboard: grouping by metric, direction-aware order, deltas kept apart from scores."""

import pytest
from analytics_graphs import tiny_graph

from paperkg.graph.analytics import leaderboard
from paperkg.graph.analytics.leaderboard import build_leaderboard


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


def test_higher_is_better_sorts_descending_and_lower_ascending(G):
    board = {b.metric: b for b in leaderboard(G, "Dataset:imagenet").boards}
    assert [r.method for r in board["top-1 accuracy"].scores] == ["ViT", "ResNet"]
    assert [r.method for r in board["error rate"].scores] == ["ViT", "ResNet"]
    assert [r.number for r in board["error rate"].scores] == [15.0, 24.0]
    assert board["error rate"].direction == "lower" and board["error rate"].ranked


def test_deltas_are_listed_apart_from_scores(G):
    (acc,) = leaderboard(G, "Dataset:glue").boards
    assert [r.paper_id for r in acc.scores] == ["p1", "p9", "p3"]  # 88.5, 88.4, 86.0
    assert [(r.method, r.kind, r.baseline) for r in acc.deltas] == [("QLoRA", "improvement", "LoRA")]
    row = acc.scores[0]
    assert (row.value, row.sentence) == ("88.5%", "p1: sentence about claim 1.")
    assert row.title == "LoRA: Low-Rank Adaptation of Large Language Models"


def test_metric_filter(G):
    lb = leaderboard(G, "Dataset:imagenet", metric="Metric:error-rate")
    assert [b.metric for b in lb.boards] == ["error rate"]


def _row(cid, number, kind="absolute", metric="m", direction=""):
    return {"claim_id": cid, "number": number, "kind": kind, "value": str(number), "metric_id": metric,
            "metric_name": metric, "direction": direction, "paper_id": cid, "method_name": cid}


def test_unknown_direction_is_not_ranked_and_unlinked_metrics_group_by_surface():
    lb = build_leaderboard("D", "d", [_row("a", 1.0), _row("b", 3.0),
                                      {**_row("c", 2.0, metric=None), "c_metric": "BLEU"}])
    boards = {b.metric: b for b in lb.boards}
    assert not boards["m"].ranked and [r.claim_id for r in boards["m"].scores] == ["b", "a"]
    assert boards["BLEU"].metric_id is None


def test_same_claim_is_listed_once():
    lb = build_leaderboard("D", "d", [_row("a", 1.0, direction="higher")] * 2)
    assert len(lb.boards[0].scores) == 1


def test_to_dict_round_trips_to_json(G):
    import json

    d = json.loads(json.dumps(leaderboard(G, "Dataset:glue").to_dict()))
    assert d["boards"][0]["scores"][0]["method"] == "LoRA"
