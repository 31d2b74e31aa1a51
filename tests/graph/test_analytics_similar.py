"""similar: shared papers weighted by specificity, comparisons, shared context, generic terms last.

The hand-made graph (similar_graph.py) gives each rule a pair of candidates that differ by that rule
alone; its docstring works every score out by hand.
"""

import math

import pytest
from analytics_graphs import tiny_graph
from similar_graph import EXPECTED, similar_graph

from paperkg.graph.analytics import similar_methods
from paperkg.graph.analytics.similar import (
    Peer,
    evidence_papers,
    evidence_weight,
    is_generic_name,
    specificity,
)


@pytest.fixture(scope="module")
def G():
    return similar_graph()


@pytest.fixture(scope="module")
def rows(G):
    return similar_methods(G, "Method:bert", limit=100)


def names(rows):
    return [r.name for r in rows]


def before(rows, a, b):
    order = names(rows)
    return order.index(a) < order.index(b)


def test_the_whole_order_is_pinned(rows):
    assert names(rows)[: len(EXPECTED)] == EXPECTED
    assert rows[0].score == pytest.approx(math.log(10) / math.log(20) / 15, abs=1e-6)  # RoBERTa by hand


def test_a_survey_says_little_about_any_pair(rows):
    # ELECTRA is only in a 41-method survey: below a method with one paper of its own with BERT
    assert before(rows, "DistilBERT", "ELECTRA")
    electra = next(r for r in rows if r.name == "ELECTRA")
    assert electra.weight == pytest.approx(1 / math.sqrt(40), abs=1e-6)
    # the survey's 39 fillers never lead: every method sharing a specific paper comes first
    first_filler = min(i for i, n in enumerate(names(rows)) if n.startswith("Survey Method"))
    assert set(names(rows)[:first_filler]) >= {"ALBERT", "DeBERTa", "ERNIE", "TinyBERT", "DistilBERT"}


def test_shared_dataset_and_metric_beat_a_bare_co_mention(rows):
    roberta, longformer = (next(r for r in rows if r.name == n) for n in ("RoBERTa", "Longformer"))
    assert before(rows, "RoBERTa", "Longformer")
    assert roberta.shared_datasets == ["GLUE"] and roberta.shared_metrics == ["accuracy"]
    assert roberta.context == pytest.approx(1.0) and longformer.context == 0.0
    assert roberta.weight == longformer.weight and roberta.specificity == longformer.specificity


def test_a_comparison_beats_a_co_mention(rows):
    xlnet = next(r for r in rows if r.name == "XLNet")
    assert before(rows, "XLNet", "Longformer") and before(rows, "XLNet", "DistilBERT")
    assert xlnet.compared_papers == ["x1"] and xlnet.shared_papers == ["x1"] and xlnet.papers == 1
    assert xlnet.weight == pytest.approx(2.0)


def test_a_generic_term_ranks_below_a_named_method_with_the_same_evidence(rows):
    albert, residual = (next(r for r in rows if r.name == n) for n in ("ALBERT", "residual connection"))
    assert residual.generic and not albert.generic
    assert (residual.weight, residual.papers) == (albert.weight, albert.papers)
    assert residual.score == pytest.approx(albert.score / 2, abs=1e-6)
    assert before(rows, "ALBERT", "residual connection")


def test_a_generic_term_with_much_more_evidence_still_ranks_above(rows):
    mlm = next(r for r in rows if r.name == "masked language modeling")
    assert mlm.generic and mlm.papers == 4
    assert before(rows, "masked language modeling", "ALBERT")


def test_ties_go_to_more_papers_of_evidence_then_to_the_name(rows):
    tied = [r for r in rows if r.name in ("SpanBERT", "Longformer", "TinyBERT")]
    assert len({r.score for r in tied}) == 1
    assert [(r.name, r.papers) for r in tied] == [("SpanBERT", 2), ("Longformer", 1), ("TinyBERT", 1)]
    three = [r for r in rows if r.name in ("ALBERT", "DeBERTa", "ERNIE")]
    assert len({r.score for r in three}) == 1 and names(three) == ["ALBERT", "DeBERTa", "ERNIE"]


def test_the_limit_cuts_the_same_order(G, rows):
    for limit in (1, 2, 5, 7, 10, 13):
        assert [r.to_dict() for r in similar_methods(G, "Method:bert", limit=limit)] == [
            r.to_dict() for r in rows[:limit]]


def test_reasons_say_why(rows):
    by_name = {r.name: r for r in rows}
    assert by_name["RoBERTa"].reasons == "1 shared paper (weight 1.00); datasets: GLUE; metrics: accuracy"
    assert "compared in 1" in by_name["XLNet"].reasons
    assert by_name["residual connection"].reasons.endswith("generic term")


def test_other_neighbourhoods_never_appear():
    T = tiny_graph()
    assert not {"ResNet", "ViT"} & set(names(similar_methods(T, "Method:lora")))
    assert names(similar_methods(T, "Method:vit")) == ["ResNet"]
    with pytest.raises(KeyError):
        similar_methods(T, "Method:nope")


def test_the_measures():
    assert specificity(1, 100) == 1.0 and specificity(100, 100) == 0.0 and specificity(5, 1) == 1.0
    assert specificity(10, 100) == pytest.approx(0.5)
    assert all(map(is_generic_name, ["residual connection", "chain-of-thought", "gradient descent"]))
    named = ["LoRA", "BERT", "o1", "word2vec", "KV cache", "Flow Matching", "42"]
    assert not any(map(is_generic_name, named))
    peer = Peer("Method:x", "x", "X", 3, shared={"p1": 2, "p2": 5}, compared=frozenset({"p2", "p3"}))
    assert evidence_weight(peer) == pytest.approx(1 + 0.5 + 2)
    assert evidence_papers(peer) == 3
