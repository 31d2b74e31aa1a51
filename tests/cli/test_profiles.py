"""`--profile` on every command that extracts: the accurate default and the rules-only fast one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperkg.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEV_INPUT = ROOT / "tests" / "data" / "dev_input.jsonl"
DEV_GOLD = ROOT / "tests" / "data" / "dev_gold.jsonl"


@pytest.fixture
def small_input(tmp_path):
    path = tmp_path / "papers.jsonl"
    lines = DEV_INPUT.read_text(encoding="utf-8").splitlines()[:6]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _extract(path: Path, out: Path, *extra: str) -> list[dict]:
    result = CliRunner().invoke(app, ["extract", str(path), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_extract_runs_either_profile_with_the_same_schema(small_input, tmp_path):
    accurate = _extract(small_input, tmp_path / "a.jsonl")
    explicit = _extract(small_input, tmp_path / "b.jsonl", "--profile", "accurate")
    fast = _extract(
        small_input, tmp_path / "c.jsonl", "--profile", "fast", "--workers", "2", "--batch-size", "2"
    )
    assert accurate == explicit  # accurate is the default
    assert [d["id"] for d in accurate] == [d["id"] for d in fast]
    assert all(a.keys() == f.keys() for a, f in zip(accurate, fast, strict=True))
    assert accurate != fast  # two different extractors


def test_an_unknown_profile_is_one_clear_line(small_input, tmp_path):
    for argv in (["extract", str(small_input), "-o", str(tmp_path / "x.jsonl")],
                 ["build", str(small_input), "--db", str(tmp_path / "x.db")],
                 ["eval", str(DEV_GOLD), "--input", str(small_input)]):
        result = CliRunner().invoke(app, [*argv, "--profile", "quick"])
        assert result.exit_code == 2, argv
        assert result.output.strip().splitlines() == [
            "error: unknown profile 'quick'; choose one of: accurate, fast"
        ]


def test_build_records_the_profile_it_extracted_with(small_input, tmp_path):
    result = CliRunner().invoke(
        app, ["build", str(small_input), "--db", str(tmp_path / "p.db"), "--profile", "fast", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["profile"] == "fast" and summary["added"] == 6


def test_eval_scores_either_profile(small_input):
    scores = {}
    for profile in ("accurate", "fast"):
        result = CliRunner().invoke(
            app, ["eval", str(DEV_GOLD), "--input", str(small_input), "--profile", profile, "--json"]
        )
        assert result.exit_code == 0, result.output
        scores[profile] = json.loads(result.stdout)
    assert scores["accurate"].keys() == scores["fast"].keys()
    assert all(0 <= v["f1"] <= 1 for s in scores.values() for v in s.values())
