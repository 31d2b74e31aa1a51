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
