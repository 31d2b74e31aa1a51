"""``paperkg eval``: the documented examples, its JSON shape, error listing and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperkg.cli import app

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()

GOLD = [
    {
        "id": "p1",
        "title": "P1",
        "methods": [["FooNet"], ["LoRA", "Low-Rank Adaptation"]],
        "proposed": ["FooNet"],
        "datasets": [["CIFAR-10"]],
        "metrics": [["accuracy"]],
        "results": [
            {"value": "2.1%", "number": 2.1, "unit": "%", "metric": "accuracy", "dataset": "CIFAR-10"}
        ],
    },
    {
        "id": "p2",
        "title": "P2",
        "methods": [["BarNet"]],
        "proposed": [],
        "datasets": [],
        "metrics": [],
        "results": [],
    },
]
PRED = [
    {
        "id": "p1",
        "title": "P1",
        "methods": [{"name": "FooNet", "aliases": [], "proposed": True}, {"name": "Adam", "aliases": []}],
        "datasets": [{"name": "CIFAR10", "aliases": []}],
        "metrics": [],
        "proposed": ["FooNet"],
        "results": [
            {"value": "2.1%", "number": 2.1, "metric": None, "dataset": "CIFAR10"},
            {"value": "7B", "number": 7.0},
        ],
    },
]


def write(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write(tmp_path / "gold.jsonl", GOLD), write(tmp_path / "pred.jsonl", PRED)


def test_pred_json_scores(files):
    gold, pred = files
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(pred), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)
    assert list(scores) == ["methods", "datasets", "metrics", "proposed", "results", "results_tuple"]
    assert scores["methods"] == {"p": 0.5, "r": 1 / 3, "f1": 0.4, "gold": 3, "pred": 2, "hit": 1}
    assert scores["datasets"]["hit"] == 1 and scores["proposed"]["f1"] == 1.0
    assert (scores["results"]["hit"], scores["results"]["pred"]) == (1, 2)
    assert scores["results_tuple"]["hit"] == 0  # gold names the metric, the prediction does not
    assert "1 of 2 gold papers have no prediction" in res.stderr


def test_table_output(files):
    gold, pred = files
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(pred)])
    assert res.exit_code == 0
    assert "results_tuple" in res.stdout and "0.500" in res.stdout


def test_errors_lists_false_positives_and_negatives(files):
    gold, pred = files
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(pred), "--errors"])
    assert res.exit_code == 0
    assert (
        "== p1" in res.stdout
        and "FP methods: Adam" in res.stdout
        and "FN methods: LoRA | Low-Rank Adaptation" in res.stdout
        and "FP results: 7B" in res.stdout
    )
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(pred), "--errors", "--json"])
    out = json.loads(res.stdout)
    assert set(out) == {"scores", "errors"}
    assert [e["id"] for e in out["errors"]] == ["p1", "p2"]
    assert out["errors"][1]["false_negatives"]["methods"] == ["BarNet"]


def test_bad_lines_are_warned_and_skipped(files, tmp_path):
    gold, _ = files
    pred = tmp_path / "bad.jsonl"
    pred.write_text("{not json\n" + json.dumps(PRED[0]) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(pred), "--json"])
    assert res.exit_code == 0
    assert f"{pred}:1: not valid JSON" in res.stderr
    assert json.loads(res.stdout)["results"]["pred"] == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["eval", "missing.jsonl", "--pred", "x.jsonl"], "gold file not found"),
        (["eval", "{gold}"], "give --input"),
        (["eval", "{gold}", "--pred", "{pred}", "--input", "{pred}"], "not both"),
        (["eval", "{gold}", "--pred", "nope.jsonl"], "prediction file not found"),
        (["eval", "{gold}", "--pred", "{pred}", "--format", "xml"], "unknown --format"),
    ],
)
def test_usage_errors_are_one_line(files, args, message):
    gold, pred = files
    res = runner.invoke(app, [a.format(gold=gold, pred=pred) for a in args])
    assert res.exit_code != 0
    assert message in res.stderr and "Traceback" not in res.output


def test_empty_gold_fails(tmp_path, files):
    _, pred = files
    gold = tmp_path / "empty.jsonl"
    gold.write_text("\n", encoding="utf-8")
    res = runner.invoke(app, ["eval", str(gold), "--pred", str(pred)])
    assert res.exit_code == 1 and "no gold records" in res.stderr


def test_scierc_format_runs_the_extractor():
    res = runner.invoke(app, ["eval", str(DATA / "scierc_sample.json"), "--format", "scierc", "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)
    assert list(scores) == ["methods", "datasets", "metrics"]
    assert (
        scores["methods"]["gold"] == 5 and scores["datasets"]["gold"] == 2 and scores["metrics"]["gold"] == 2
    )
    assert scores["methods"]["hit"] >= 2  # FooNet (proposed) and BERT are unmistakable


def test_scierc_pred_and_bad_documents(tmp_path):
    src = tmp_path / "scierc.json"
    src.write_text(
        (DATA / "scierc_sample.json").read_text(encoding="utf-8") + '{"doc_key": 1}\n', encoding="utf-8"
    )
    pred = write(
        tmp_path / "p.jsonl",
        [
            {
                "id": "toy_2",
                "methods": [{"name": "BERT"}],
                "datasets": [{"name": "CoNLL-2003"}],
                "metrics": [["F1 score"]],
            }
        ],
    )
    res = runner.invoke(app, ["eval", str(src), "--format", "scierc", "--pred", str(pred), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)
    assert {k: v["hit"] for k, v in scores.items()} == {"methods": 1, "datasets": 1, "metrics": 1}
    assert scores["methods"]["gold"] == 5
    assert f"{src}:3: not a SciERC document" in res.stderr


def test_input_runs_the_pipeline_on_records(tmp_path):
    gold = write(
        tmp_path / "g.jsonl",
        [
            {
                "id": "x1",
                "title": "FooNet",
                "methods": [["FooNet"]],
                "proposed": ["FooNet"],
                "datasets": [["ImageNet"]],
                "metrics": [["accuracy"]],
                "results": [{"value": "3.1%", "number": 3.1, "metric": "accuracy", "dataset": "ImageNet"}],
            }
        ],
    )
    inp = write(
        tmp_path / "in.jsonl",
        [
            {
                "id": "x1",
                "title": "FooNet",
                "abstract": "We propose FooNet. On ImageNet, FooNet improves accuracy by "
                "3.1% over ResNet-50.",
            }
        ],
    )
    res = runner.invoke(app, ["eval", str(gold), "--input", str(inp), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.stdout)
    assert scores["results"]["hit"] == 1 and scores["results"]["pred"] == 1


ROOT = DATA.parents[1]


def test_documented_examples(monkeypatch, tmp_path):
    """The examples of `paperkg eval --help` and docs/quality.md, run from the repository root."""
    monkeypatch.chdir(ROOT)
    res = runner.invoke(app, ["eval", "tests/data/dev_gold.jsonl", "--input", "tests/data/dev_input.jsonl",
                              "--errors", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["scores"]["results"]["gold"] == 50 and out["scores"]["results"]["hit"] > 0
    assert out["errors"], "the dev set is not solved perfectly, so some errors must be listed"
    # the extraction written once, then scored with --pred: same numbers as --input
    from paperkg.extract.pipeline import extract_records, load_pipeline
    from paperkg.sources import iter_records

    pred = tmp_path / "extraction.jsonl"
    write(pred, [x.to_dict() for x in extract_records(iter_records(["tests/data/dev_input.jsonl"]),
                                                        nlp=load_pipeline())])
    res = runner.invoke(app, ["eval", "tests/data/dev_gold.jsonl", "--pred", str(pred), "--json"])
    assert json.loads(res.stdout) == out["scores"]
    res = runner.invoke(app, ["eval", "tests/data/scierc_sample.json", "--format", "scierc"])
    assert res.exit_code == 0 and "methods" in res.stdout
