"""``paperkg extract`` through the real CLI (CliRunner), on the dev inputs."""

import json
from pathlib import Path

from typer.testing import CliRunner

from paperkg.cli import app

DEV_INPUT = Path(__file__).resolve().parents[1] / "data" / "dev_input.jsonl"
runner = CliRunner()


def test_extract_dev_inputs_to_file(tmp_path):
    out = tmp_path / "extractions.jsonl"
    result = runner.invoke(app, ["extract", str(DEV_INPUT), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["papers"] == 50 and summary["methods"] > 50 and summary["output"] == str(out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    inputs = [json.loads(x) for x in DEV_INPUT.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [x["id"] for x in inputs]
    by_id = {x["id"]: x for x in inputs}
    for line in lines:
        assert set(line) >= {"id", "title", "methods", "datasets", "metrics", "proposed", "results", "links"}
        rec = by_id[line["id"]]
        for kind in ("methods", "datasets", "metrics"):
            for ent in line[kind]:
                for m in ent["mentions"]:
                    assert rec[m["field"]][m["start"] : m["end"]] == m["text"]


def test_extract_to_stdout_and_title_only_papers(tmp_path):
    src = tmp_path / "papers.jsonl"
    src.write_text(
        json.dumps({"id": "p1", "title": "FooNet: Fast Routing for Sparse Experts"})
        + "\n"
        + json.dumps(
            {"id": "p2", "title": "A Study", "abstract": "We propose BarNet, which beats BERT on SQuAD."}
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(src)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["p1", "p2"]
    assert lines[0]["proposed"] == ["FooNet"]
    assert lines[1]["proposed"] == ["BarNet"]
    assert "SQuAD" in [d["name"] for d in lines[1]["datasets"]]


def test_custom_config_without_results(tmp_path):
    from paperkg.extract.pipeline import default_config_path

    cfg = tmp_path / "no_results.cfg"
    cfg.write_text(
        default_config_path().read_text(encoding="utf-8").replace('"proposed", "results", ', '"proposed", '),
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["extract", str(DEV_INPUT), "--config", str(cfg), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert all(json.loads(x)["results"] == [] for x in out.read_text(encoding="utf-8").splitlines())


def test_user_errors_are_one_line():
    result = runner.invoke(app, ["extract", "does/not/exist.jsonl"])
    assert result.exit_code == 1
    assert "no such file" in result.output
    result = runner.invoke(app, ["extract", str(DEV_INPUT), "--config", "missing.cfg"])
    assert result.exit_code == 1
    assert "pipeline config not found" in result.output
    result = runner.invoke(app, ["extract", str(DEV_INPUT), "--json"])
    assert result.exit_code == 2


def test_documented_examples_directory_workers_and_spacy_model(tmp_path):
    import spacy

    examples = Path(__file__).resolve().parents[2] / "examples" / "hf-daily-papers"
    result = runner.invoke(app, ["extract", str(examples)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) > 10

    single, multi = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["extract", str(DEV_INPUT), "-o", str(single)]).exit_code == 0
    result = runner.invoke(app, ["extract", str(DEV_INPUT), "-o", str(multi), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert multi.read_text(encoding="utf-8") == single.read_text(encoding="utf-8")

    base = spacy.blank("en")
    base.to_disk(tmp_path / "my_spacy_pipeline")
    out = tmp_path / "sm.jsonl"
    result = runner.invoke(
        app, ["extract", str(DEV_INPUT), "--spacy-model", str(tmp_path / "my_spacy_pipeline"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 50
