"""conflicts: same method, dataset and metric, different papers, numbers beyond tolerance."""

import pytest
from analytics_graphs import tiny_graph

from paperkg.graph.analytics import conflicts
from paperkg.graph.analytics.conflicts import disagree


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


def test_disagreeing_papers_are_paired_and_agreeing_ones_are_not(G):
    found = conflicts(G)
    # LoRA on GLUE accuracy: p1 88.5, p9 88.4 (agree within 0.5), p3 86.0 (disagrees with both)
    pairs = [(c.a.paper_id, c.b.paper_id, c.difference) for c in found]
    assert pairs == [("p1", "p3", 2.5), ("p3", "p9", 2.4)]
    c = found[0]
    assert (c.method, c.dataset, c.metric, c.unit) == ("LoRA", "GLUE", "accuracy", "%")
    assert c.a.sentence == "p1: sentence about claim 1." and c.b.value == "86.0%"


def test_deltas_and_same_paper_claims_are_not_conflicts(G):
    H = G.copy()
    H.add_node("Claim:p1#9", label="Claim", id="p1#9", kind="absolute", number=70.0, unit="%", value="70%")
    H.add_edge("Paper:p1", "Claim:p1#9", key="REPORTS", type="REPORTS")
    for rel, target in (("OF", "Method:lora"), ("ON", "Dataset:glue"), ("IN", "Metric:accuracy")):
        H.add_edge("Claim:p1#9", target, key=rel, type=rel)
    pairs = {(c.a.claim_id, c.b.claim_id) for c in conflicts(H)}
    assert ("p1#1", "p1#9") not in pairs  # one paper, two settings
    assert ("p1#9", "p3#1") in pairs
    assert all(c.a.claim_id != "p2#1" and c.b.claim_id != "p2#1" for c in conflicts(H))  # a delta


def test_tolerance():
    assert not disagree(88.5, 88.1)
    assert not disagree(88.5, 87.7)  # 0.8 is within 1% of 88.5
    assert disagree(88.5, 87.5)
    assert not disagree(2000.0, 2015.0)  # within 1% of large values
    assert disagree(2000.0, 2100.0)


def _claim(H, cid: str, paper: str, metric: str = "Metric:accuracy", **d):
    H.add_node(f"Claim:{cid}", label="Claim", id=cid, **d)
    H.add_edge(f"Paper:{paper}", f"Claim:{cid}", key="REPORTS", type="REPORTS")
    for rel, target in (("OF", "Method:lora"), ("ON", "Dataset:glue"), ("IN", metric)):
        H.add_edge(f"Claim:{cid}", target, key=rel, type=rel)


@pytest.mark.parametrize(("label", "a", "b"), [
    ("ratios extracted as absolute", dict(number=7.0, unit="x", value="7x"),
     dict(number=2.0, unit="x", value="2x")),
    ("plain numbers of a metric with a unit", dict(number=0.85, unit="", value="0.85"),
     dict(number=85.0, unit="", value="85")),
    ("differences in points", dict(number=3.0, unit="points", value="3 points"),
     dict(number=9.0, unit="points", value="9 points")),
])
def test_values_a_leaderboard_would_not_rank_contradict_nothing(G, label, a, b):
    H = G.copy()
    _claim(H, "p1#8", "p1", kind="absolute", **a)
    _claim(H, "p3#8", "p3", kind="absolute", **b)
    ids = {c.a.claim_id for c in conflicts(H)} | {c.b.claim_id for c in conflicts(H)}
    assert not ids & {"p1#8", "p3#8"}, label


def test_plain_numbers_of_a_plain_number_metric_are_compared(G):
    H = G.copy()
    H.add_node("Metric:fid", label="Metric", id="fid", name="FID", aliases=[], direction="lower", papers=2)
    _claim(H, "p1#8", "p1", metric="Metric:fid", kind="absolute", number=3.1, unit="", value="3.1")
    _claim(H, "p3#8", "p3", metric="Metric:fid", kind="absolute", number=9.4, unit="", value="9.4")
    found = [c for c in conflicts(H) if c.metric == "FID"]
    assert [(c.a.claim_id, c.b.claim_id, c.unit) for c in found] == [("p1#8", "p3#8", "")]
