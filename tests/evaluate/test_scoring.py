"""The project scorer reproduces the reference scorer's rules exactly (each rule pinned separately).

The expected totals of ``test_same_numbers_as_reference_scorer`` were computed once with the
reference ``score.py`` on these synthetic records; they are hard-coded so the test runs without it.
"""

from __future__ import annotations

import json

import pytest

from paperkg.evaluate.scoring import (
    Counts,
    gold_numbers,
    gold_proposed,
    load_jsonl_by_id,
    match_entities,
    match_results,
    paper_errors,
    result_number,
    same_number,
    score,
    surface_forms,
)
from paperkg.sources.problems import ProblemLog
from paperkg.util.names import alnum_key

GOLD = [
    {
        "id": "a",
        "title": "A",
        "methods": [["Low-Rank Adaptation", "LoRA"], ["FooNet"], ["Adam"]],
        "proposed": ["FooNet"],
        "datasets": [["CIFAR-10", "CIFAR10"]],
        "metrics": [["accuracy"], ["mean squared error", "MSE"]],
        "results": [
            {"value": "51.3%", "number": 51.3, "unit": "%", "metric": "MSE", "dataset": "CIFAR-10"},
            {"value": "15%-50%", "number": 50.0, "unit": "%", "metric": None, "dataset": None},
            {"value": "2.1x", "number": 2.1, "unit": "x", "metric": "accuracy", "dataset": None},
            {"value": "10,000", "number": 10000.0, "unit": "", "metric": None, "dataset": None},
        ],
    },
    {
        "id": "b",
        "title": "B",
        "methods": [["BarNet", "Bar Network"], ["PPO"]],
        "proposed": ["BarNet"],
        "datasets": [],
        "metrics": [["F1"]],
        "results": [{"value": "3.5%", "number": 3.5, "unit": "%", "metric": "F1", "dataset": None}],
    },
    {
        "id": "c",
        "title": "C",
        "methods": [["GPT-4"]],
        "proposed": [],
        "datasets": [["MMLU"]],
        "metrics": [],
        "results": [{"value": "87.3%", "number": 87.3, "unit": "%", "metric": None, "dataset": "MMLU"}],
    },
]
PRED = [
    {
        "id": "a",
        "title": "A",
        "methods": [
            {"name": "lora", "aliases": []},
            {"name": "LoRA", "aliases": ["Low Rank Adaptation"]},
            {"name": "Foo-Net", "aliases": [], "proposed": True},
            {"name": "SGD", "aliases": []},
        ],
        "proposed": ["Foo-Net"],
        "datasets": [{"name": "cifar 10", "aliases": []}],
        "metrics": [{"name": "Accuracy", "aliases": []}, {"name": "F1", "aliases": []}],
        "results": [
            {"value": "51.30%", "number": 51.3, "metric": "MSE", "dataset": "CIFAR10"},
            {"value": "15%", "number": 15.0, "metric": None, "dataset": None},
            {"value": "2.1x", "number": 2.1, "metric": None, "dataset": None},
            {"value": "7B", "number": 7.0, "metric": None, "dataset": None},
            {"value": "10,000"},
        ],
    },
    {
        "id": "b",
        "title": "B",
        "methods": [
            {"name": "Bar Network", "aliases": [], "proposed": True},
            {"name": "PPO", "aliases": [], "canonical": "Proximal Policy Optimization"},
        ],
        "datasets": [],
        "metrics": [["f-1"]],
        "results": [
            {"value": "about 3.5%", "number": None, "metric": ["F1", "F-score"], "dataset": "X"},
            {"value": "3.5%", "number": 3.5000001, "metric": "F1", "dataset": None},
        ],
    },
]

EXPECTED = {  # (hit, gold, pred) from the reference scorer
    "methods": (4, 6, 6),
    "datasets": (1, 2, 1),
    "metrics": (2, 3, 3),
    "proposed": (2, 2, 2),
    "results": (5, 6, 7),
    "results_tuple": (4, 6, 7),
}


def by_id(rows):
    return {r["id"]: r for r in rows}


def test_same_numbers_as_reference_scorer():
    got = score(by_id(GOLD), by_id(PRED))
    assert {k: (c.hit, c.gold, c.pred) for k, c in got.items()} == EXPECTED
    assert got["results"].precision == pytest.approx(5 / 7)
    assert got["results"].recall == pytest.approx(5 / 6)
    assert got["results"].f1 == pytest.approx(0.7692307692307692)
    assert got["results_tuple"].f1 == pytest.approx(0.6153846153846153)
    assert got["methods"].to_dict() == {
        "p": pytest.approx(2 / 3),
        "r": pytest.approx(2 / 3),
        "f1": pytest.approx(2 / 3),
        "gold": 6,
        "pred": 6,
        "hit": 4,
    }


def test_normalisation_keeps_only_lowercase_letters_and_digits():
    assert alnum_key("Top-1 Acc.") == "top1acc"
    assert alnum_key("CIFAR 10") == alnum_key("cifar-10") == "cifar10"
    assert surface_forms({"name": "LoRA", "aliases": ["Low-Rank Adaptation"], "canonical": None}) == {
        "lora",
        "lowrankadaptation",
    }
    assert surface_forms("---") == frozenset()


def test_entities_match_one_to_one_greedy_in_prediction_order():
    gold = [["LoRA", "Low-Rank Adaptation"], ["Adam"]]
    m = match_entities(gold, ["lora", "low rank adaptation", "adam"])
    assert m.pairs == [(0, 0), (2, 1)]  # the second LoRA form finds its gold already used
    assert m.unmatched_pred() == [1]
    assert match_entities(gold, []).counts == Counts(0, 2, 0)


def test_canonical_name_counts_as_a_form():
    assert (
        match_entities(
            [["Proximal Policy Optimization"]], [{"name": "PPO", "canonical": "Proximal Policy Optimization"}]
        ).counts.hit
        == 1
    )


def test_proposed_matches_through_the_gold_entity_forms():
    gold = {"methods": [["BarNet", "Bar Network"]], "datasets": [], "proposed": ["BarNet"]}
    assert gold_proposed(gold) == [["BarNet", "Bar Network"]]
    assert score({"b": gold}, {"b": {"proposed": ["bar network"]}})["proposed"].hit == 1
    # without a "proposed" list, entities flagged proposed are used
    flagged = {"methods": [{"name": "Bar Network", "proposed": True}, {"name": "BarNet"}]}
    assert score({"b": gold}, {"b": flagged})["proposed"].to_dict()["pred"] == 1


def test_result_number_falls_back_to_the_value_text():
    assert result_number({"number": None, "value": "about 1,234.5x"}) == 1234.5
    assert result_number({"number": "n/a", "value": "-3%"}) == -3.0
    assert result_number({"value": "twice"}) is None


def test_number_tolerance_is_relative():
    assert same_number(51.3, 51.3000000001)
    assert same_number(1e9, 1e9 + 100)
    assert not same_number(51.3, 51.31)
    assert not same_number(None, 1.0)


def test_range_accepts_either_bound_and_the_number_field():
    assert gold_numbers({"value": "15%-50%", "number": 50}) == {15.0, 50.0}
    assert gold_numbers({"value": "0.78M", "number": 780000}) == {0.78, 780000.0}
    gold = [{"value": "3-5x", "number": 5.0}]
    assert match_results(gold, [{"number": 3}], strict=False).counts.hit == 1
    assert match_results(gold, [{"number": 4}], strict=False).counts.hit == 0


def test_percent_and_plain_compare_as_written():
    assert (
        match_results(
            [{"value": "51.3%", "number": 51.3}], [{"value": "51.3", "number": 51.3}], strict=False
        ).counts.hit
        == 1
    )
    assert (
        match_results(
            [{"value": "51.3%", "number": 51.3}], [{"value": "0.513", "number": 0.513}], strict=False
        ).counts.hit
        == 0
    )


def test_tuple_needs_metric_and_dataset_only_where_gold_names_them():
    gold = [{"number": 1.0, "metric": "MSE", "dataset": None}]
    assert (
        match_results(gold, [{"number": 1.0, "metric": "mse", "dataset": "Anything"}], True).counts.hit == 1
    )
    assert match_results(gold, [{"number": 1.0, "metric": None}], True).counts.hit == 0
    assert match_results(gold, [{"number": 1.0, "metric": "mean squared error"}], True).counts.hit == 0
    assert match_results(gold, [{"number": 1.0, "metric": ["MAE", "MSE"]}], True).counts.hit == 1
    assert match_results(gold, [{"number": 1.0, "metric": None}], False).counts.hit == 1


def test_counts_prf_edge_cases():
    assert Counts(0, 0, 0).to_dict() == {"p": 0.0, "r": 0.0, "f1": 0.0, "gold": 0, "pred": 0, "hit": 0}
    c = Counts(1, 2, 4)
    assert (c.precision, c.recall) == (0.25, 0.5)
    assert c.f1 == pytest.approx(1 / 3)


def test_paper_errors_lists_false_positives_and_negatives():
    e = paper_errors("a", by_id(GOLD)["a"], by_id(PRED)["a"])
    assert e.false_positives["methods"] == ["LoRA", "SGD"]
    assert e.false_negatives["methods"] == ["Adam"]
    assert e.false_positives["results"] == ["7B"]
    assert e.false_negatives["results_tuple"] == ["2.1x (metric=accuracy)"]
    assert not e.empty


def test_missing_paper_counts_as_predicting_nothing():
    got = score(by_id(GOLD), {})
    assert got["methods"].to_dict()["pred"] == 0 and got["methods"].gold == 6


def test_loader_reports_bad_lines_and_keeps_the_rest(tmp_path):
    p = tmp_path / "gold.jsonl"
    p.write_text(
        json.dumps(GOLD[0]) + "\n{oops\n" + json.dumps({"title": "no id"}) + "\n\n", encoding="utf-8"
    )
    seen = []
    log = ProblemLog(on_problem=seen.append)
    rows = load_jsonl_by_id(p, log)
    assert list(rows) == ["a"]
    assert [(x.line, x.reason) for x in seen] == [(2, "invalid-json"), (3, "missing-id")]


def test_gold_scored_against_itself_is_perfect():
    got = score(by_id(GOLD), by_id(GOLD))
    assert all(c.hit == c.gold == c.pred and c.f1 == 1.0 for c in got.values())


def test_malformed_fields_are_reported_and_ignored(tmp_path):
    p = tmp_path / "pred.jsonl"
    p.write_text(json.dumps({"id": "a", "methods": "LoRA", "results": [{"number": 51.3}, "9.6%", 3]}) + "\n",
                 encoding="utf-8")
    seen = []
    rows = load_jsonl_by_id(p, ProblemLog(on_problem=seen.append))
    assert rows["a"]["methods"] == [] and rows["a"]["results"] == [{"number": 51.3}]
    assert [x.reason for x in seen] == ["bad-field", "bad-result"]
    assert score(by_id(GOLD), rows)["results"].hit == 1
