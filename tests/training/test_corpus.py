"""The annotated corpus: every file valid, splits disjoint, the converter's mentions right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from training_scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "training" / "corpus"


validate = load_script("paperkg_training_validate", CORPUS / "validate.py")
splits = load_script("splits", CORPUS / "splits.py")
convert = load_script("paperkg_training_convert", ROOT / "training" / "convert.py")

INPUT = {"id": "p1", "title": "FooNet: fast nets",
         "abstract": "We propose FooNet. On ZooQA, FooNet reaches 91.2% accuracy, 3x faster than BarNet."}
GOLD = {"id": "p1", "title": "FooNet: fast nets", "methods": [["FooNet"], ["BarNet"]], "proposed": ["FooNet"],
        "datasets": [["ZooQA"]], "metrics": [["accuracy"]],
        "results": [{"value": "91.2%", "number": 91.2, "unit": "%", "kind": "absolute", "metric": "accuracy",
                     "dataset": "ZooQA", "method": "FooNet", "baseline": None,
                     "sentence": "On ZooQA, FooNet reaches 91.2% accuracy, 3x faster than BarNet."}]}


def _bad(**change):
    gold = json.loads(json.dumps(GOLD))
    for key, value in change.items():
        if key.startswith("r_"):
            gold["results"][0][key[2:]] = value
        else:
            gold[key] = value
    return validate.check_record(INPUT, gold)


def test_a_valid_record_has_no_problem():
    assert validate.check_record(INPUT, GOLD) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"methods": [["FooNets"], ["BarNet"]]}, "'FooNets' does not occur"),
        ({"methods": [["Foo"], ["BarNet"]]}, "'Foo' does not occur as written (whole words)"),
        ({"methods": [["FooNet"], ["BarNet"], ["foonet"]]}, "also names methods:FooNet"),
        ({"proposed": ["QuxNet"]}, "'QuxNet' is not a form of a listed method or dataset"),
        ({"r_unit": "percent"}, "unit 'percent'"),
        ({"r_kind": "better"}, "kind 'better'"),
        ({"r_number": 92.1}, "number 92.1 is not a number of the value"),
        ({"r_sentence": "FooNet reaches 91.2% accuracy"}, "not a whole sentence"),
        ({"r_value": "93%", "r_number": 93}, "value '93%' does not occur in its sentence"),
        ({"r_metric": "F1"}, "metric 'F1' is not a form of a listed metric"),
        ({"r_baseline": "ZooQA"}, []),  # a dataset may be what a result is compared against
        ({"title": "FooNet"}, "title not copied"),
    ],
)
def test_each_kind_of_mistake_is_reported(change, message):
    problems = _bad(**change)
    if message == []:
        assert problems == []
    else:
        assert any(message in p for p in problems), problems


def test_every_annotation_file_of_the_corpus_is_valid():
    golds = sorted((CORPUS / "batches").glob("*.gold*.jsonl"))
    assert len(golds) >= 50
    for gold in golds:
        batch = gold.name[:3]
        assert validate.validate(CORPUS / "batches" / f"{batch}.input.jsonl", gold) == [], gold.name


def test_the_splits_are_disjoint_and_the_test_split_is_fixed():
    seen: dict[str, str] = {}
    sizes = {}
    for name in splits.SPLITS:
        inputs, golds = splits.split_records(name)
        sizes[name] = len(inputs)
        for r in inputs:
            assert r["id"] not in seen, (r["id"], seen.get(r["id"]), name)
            seen[r["id"]] = name
    assert sizes["test"] == 10 * 35 + 145 and sizes["dev"] == 5 * 35
    assert sizes["train"] >= 1500
    assert sum(sizes.values()) >= 1500 + 315


def test_a_form_is_a_mention_on_word_boundaries_outside_urls():
    text = "LoRA and QLoRA; see github.com/x/LoRA. Prompt Tuning beats prompt tuning-free SAM, not sam."
    found = lambda form: [text[s:e] for s, e in convert.occurrences(form, text)]  # noqa: E731
    assert found("LoRA") == ["LoRA"]  # not inside QLoRA, not in the address
    assert found("prompt tuning") == ["Prompt Tuning", "prompt tuning"]  # case-insensitive when long
    assert found("SAM") == ["SAM"]  # short forms keep their case


def test_overlapping_mentions_keep_the_longer():
    gold = {"methods": [["Vision Transformer"], ["Transformer"]], "datasets": [], "metrics": []}
    text = "Vision Transformer and Transformer."
    mentions, _ = convert.gold_mentions(text, gold)
    assert [(text[s:e], label) for s, e, label, _ in mentions] == [
        ("Vision Transformer", "METHOD"), ("Transformer", "METHOD")]
