"""The trained classifiers on top of the rules: the logistic model, the proposed classifier's
features and decisions, and the result linker's features and choices. The models here are written
by hand, so each test says what a weight does; the shipped ones are in tests/extract/test_quality.py."""

from __future__ import annotations

import json

import pytest

from paperkg.extract.logistic import LogisticModel
from paperkg.extract.pipeline import load_pipeline, make_doc
from paperkg.sources.record import PaperRecord


def test_the_logistic_model_adds_the_weights_of_the_features_that_hold(tmp_path):
    model = LogisticModel({"a": 2.0, "b": -1.0}, bias=-0.5)
    assert model.score(["a", "b", "unseen"]) == pytest.approx(0.5)
    assert model.probability([]) == pytest.approx(1 / (1 + 2.718281828459045**0.5))
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"weights": {"a": 1.0}, "bias": 0.0, "threshold": 0.7}))
    assert LogisticModel.load(str(path)) == LogisticModel({"a": 1.0}, 0.0, 0.7)


def test_the_shipped_models_load_by_name():
    for name in ("proposed_classifier.json", "result_linker.json", "claim_classifier.json"):
        model = LogisticModel.load(name)
        assert model.weights and all(isinstance(w, float) for w in model.weights.values())


@pytest.fixture(scope="module")
def fast():
    return load_pipeline(profile="fast")


def _run(nlp, title, abstract, until):
    doc = make_doc(nlp, PaperRecord(id="t", title=title, abstract=abstract))
    for name, proc in nlp.pipeline:
        if name == until:
            return doc, proc
        doc = proc(doc)
    raise AssertionError(until)


def test_proposed_features_describe_how_a_name_is_introduced(fast):
    doc, marker = _run(fast, "FooNet: Fast Nets", "We propose FooNet, a novel network. We compare with BERT.",
                       "proposed")
    feats = dict((e.name, f) for e, f in marker.features(doc, doc._.entities))
    assert {"in_title", "title_start", "colon_after", "intro_verb_before", "apposition_after",
            "type=METHOD", "rule=3", "inner_capital", "new_rank=0"} <= set(feats["FooNet"])
    assert "known" in feats["BERT"] and "rule=0" in feats["BERT"]


def test_a_classifier_decides_what_is_proposed(fast):
    doc, marker = _run(fast, "T", "We compare FooNet with BarNet.", "proposed")
    marker.classifier = LogisticModel({"inner_capital": 3.0, "new_rank=1": 2.0}, bias=-4.0, threshold=0.5)
    try:
        marker(doc)
    finally:
        marker.classifier = None
    assert {e.name: e.proposed for e in doc._.entities} == {"FooNet": False, "BarNet": True}


def test_link_features_say_where_a_mention_is_and_what_lies_between(fast):
    doc, results = _run(fast, "T", "FooNet reaches an accuracy of 91.2% on ZooQA.", "results")
    results.trace = []
    try:
        results(doc)
        trace = results.trace
    finally:
        results.trace = None
    by_type = {t: scored for _, t, scored in trace}
    (metric, feats), = by_type["METRIC"]
    assert metric.text == "accuracy"
    assert {"METRIC:rank=0", "METRIC:before", "METRIC:before:gap=1", "METRIC:before:first=of"} <= set(feats)
    (dataset, feats), = by_type["DATASET"]
    assert dataset.text == "ZooQA" and {"DATASET:after", "DATASET:after:first=on"} <= set(feats)


def test_a_linker_picks_the_mention_it_scores_highest(fast):
    text = "FooNet improves accuracy, with an F1 of 0.9."
    for weights, expected in (({}, "F1"), ({"METRIC:rank=1": 5.0}, "accuracy")):
        doc, results = _run(fast, "T", text, "results")
        results.linker = LogisticModel(weights, 0.0)
        try:
            got = results(doc)._.results
        finally:
            results.linker = None
        assert [r.metric for r in got] == [expected]


# ---- which numbers are claims ------------------------------------------------------------------


def _claim_trace(nlp, abstract):
    doc, results = _run(nlp, "T", abstract, "results")
    results.claim_trace = []
    try:
        results(doc)
        return {value.strip(): set(features) for _, _, _, value, features in results.claim_trace}
    finally:
        results.claim_trace = None


def test_claim_features_carry_the_rules_verdicts_and_the_words_around(fast):
    text = "FooNet reaches 85.3 on ZooQA and an accuracy of 91.2%, using 10% of the data."
    trace = _claim_trace(fast, text)
    # a mention is a word of its type, a number "<num>": no benchmark's or value's name is learned
    assert {"rule=plain_alone", "rule=drop", "unit=plain", "decimals=1", "magnitude=<100", "a1=on",
            "a2=<DATASET>", "b1=reaches", "b2=<METHOD>", "dataset_gap=<5", "numbers=2-3"} <= trace["85.3"]
    assert {"rule=keep", "unit=%", "b1=of", "b2=<METRIC>", "before=<num>", "metric_gap=<5"} <= trace["91.2%"]
    assert {"rule=setting", "rule=drop", "a1=of", "a2=the", "after=data"} <= trace["10%"]
    assert not any("zooqa" in f or "85" in f for f in set().union(*trace.values()))


def test_claim_features_read_how_a_value_is_written():
    from paperkg.extract.claim_features import number_shape
    from paperkg.extract.result_numbers import Candidate

    assert number_shape(Candidate(0, 4, "2021", 2021.0, "")) == [
        "unit=plain", "decimals=0", "magnitude=big", "year"]
    assert number_shape(Candidate(0, 5, "3-5x", 5.0, "x")) == [
        "unit=x", "decimals=0", "magnitude=<10", "range"]
    assert number_shape(Candidate(0, 6, "+0.125", 0.125, "", from_to=True)) == [
        "unit=plain", "decimals=3", "magnitude=<1", "from_to", "signed"]
    assert "thousands" in number_shape(Candidate(0, 6, "12,000", 12000.0, ""))


def test_a_claim_classifier_decides_which_numbers_count(fast):
    text = "FooNet reaches 85.3 on ZooQA and an accuracy of 91.2%."
    rules = _run(fast, "T", text, "results")[1]
    for model, expected in (
        (None, ["91.2%"]),  # the rules: a plain number needs a measure
        (LogisticModel({"rule=plain_alone": 10.0}, bias=-5.0), ["85.3"]),
        (LogisticModel({}, bias=5.0), ["85.3", "91.2%"]),
        (LogisticModel({}, bias=-5.0), []),
    ):
        doc, results = _run(fast, "T", text, "results")
        results.claims = model
        try:
            got = results(doc)._.results
        finally:
            results.claims = None
        assert [r.value for r in got] == expected
    assert rules.claims is None


def test_names_that_extend_the_papers_own_name_are_features(fast):
    doc, marker = _run(fast, "BMMR: A Bilingual Reasoning Dataset",
                       "We release BMMR-Eval and BMMR-Train. We also train A2World and A2World-sim, "
                       "and compare with BERT and BERT-large.", "proposed")
    feats = dict((e.name, f) for e, f in marker.features(doc, doc._.entities))
    assert "extends_title_name" in feats["BMMR-Eval"] and "extends_title_name" in feats["BMMR-Train"]
    assert "extends_title_name" not in feats["BMMR"]  # the title's name itself
    assert "extends_new_name" in feats["A2World-sim"]
    assert "extends_new_name" not in feats["A2World"]
    assert not {"extends_new_name", "extends_title_name"} & set(feats["BERT-large"])  # BERT is known


def test_a_name_glued_to_a_letter_does_not_extend_another():
    from paperkg.extract.proposed import _extends, _title_names

    assert _extends("BMMR-Eval", "BMMR") and _extends("VideoSSR-30K", "VideoSSR")
    assert _extends("YesBut Dataset", "YesBut")
    assert not _extends("BMMRs", "BMMR") and not _extends("BMMR", "BMMR") and not _extends("AB-1", "AB")
    assert _title_names("SenseNova-U1: Unifying Understanding", []) == {"SenseNova-U1"}
    assert _title_names("Towards an AI co-scientist", []) == set()
    assert _title_names("A Very Long Lead Phrase: here", []) == set()
