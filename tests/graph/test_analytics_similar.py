"""similar_methods: weighted Jaccard over shared papers, datasets, metrics and co-use."""

from collections import Counter

import pytest
from analytics_graphs import tiny_graph

from paperkg.graph.analytics import similar_methods
from paperkg.graph.analytics.similar import weighted_jaccard


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


def test_order_and_scores_worked_by_hand(G):
    rows = similar_methods(G, "Method:lora")
    # LoRA's profile without the pair: its 6 papers, Transformer x2, GLUE x4, accuracy x4, QLoRA x1 (17);
    # Adapter's: p3, p6, GLUE x2, accuracy x2; shared minima p3 + 2 + 2 = 5 over maxima 18.
    assert [r.name for r in rows] == ["Adapter", "Transformer", "QLoRA"]
    assert rows[0].score == pytest.approx(5 / 18, abs=1e-6)
    assert rows[1].score == pytest.approx(4 / 16, abs=1e-6)


def test_reasons_name_the_shared_items(G):
    adapter = similar_methods(G, "Method:lora")[0]
    assert adapter.shared_papers == ["p3"]
    assert adapter.shared_datasets == ["GLUE"] and adapter.shared_metrics == ["accuracy"]
    assert "GLUE" in adapter.reasons and "1 shared paper" in adapter.reasons


def test_other_neighbourhood_never_appears(G):
    names = {r.name for r in similar_methods(G, "Method:lora")}
    assert not names & {"ResNet", "ViT", "LoRA"}
    assert [r.name for r in similar_methods(G, "Method:vit")] == ["ResNet"]


def test_limit(G):
    assert len(similar_methods(G, "Method:lora", limit=1)) == 1


def test_weighted_jaccard():
    assert weighted_jaccard(Counter(a=2, b=1), Counter(a=1, c=1)) == pytest.approx(1 / 4)
    assert weighted_jaccard(Counter(), Counter()) == 0.0
