"""A re-build says what it did: papers added, updated and unchanged, counted apart (issue: honest counts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()
DEV = Path("tests/data/dev_input.jsonl")


def build(inp: Path, db: Path, *extra: str) -> dict:
    r = runner.invoke(app, ["build", str(inp), "--db", str(db), "--profile", "fast", "--json", *extra])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def counts(s: dict) -> tuple[int, int, int]:
    return s["added"], s["updated"], s["unchanged"]


@pytest.fixture()
def records() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("batch_size", ["1000", "7"])  # in place (one batch) and copy-and-rename
def test_rebuilding_the_same_input_changes_nothing_and_says_so(tmp_path, records, batch_size):
    inp = write(tmp_path / "papers.jsonl", records[:20])
    db = tmp_path / "k.db"
    first = build(inp, db)
    assert counts(first) == (20, 0, 0) and first["written"] == 20 and first["new_store"]
    again = build(inp, db, "--batch-size", batch_size)
    assert counts(again) == (0, 0, 20) and again["written"] == 20
    assert again["counts"] == first["counts"]


def test_an_edited_paper_is_updated_and_a_new_one_added(tmp_path, records):
    db = tmp_path / "k.db"
    build(write(tmp_path / "papers.jsonl", records[:20]), db)
    edited = [dict(r) for r in records[:21]]
    edited[3]["abstract"] += " We also report 91.2% accuracy on CIFAR-10."
    edited[7]["title"] = edited[7]["title"] + " (extended version)"
    s = build(write(tmp_path / "papers.jsonl", edited), db)
    assert counts(s) == (1, 2, 18)


def test_the_same_papers_from_a_new_file_are_updated_once(tmp_path, records):
    """The file a paper was read from is kept (sources); a new file adds to it once, then no more."""
    db = tmp_path / "k.db"
    build(write(tmp_path / "a.jsonl", records[:5]), db)
    moved = write(tmp_path / "b.jsonl", records[:5])
    assert counts(build(moved, db)) == (0, 5, 0)
    assert counts(build(moved, db)) == (0, 0, 5)


def test_the_table_names_the_three_counts(tmp_path, records):
    inp = write(tmp_path / "papers.jsonl", records[:4])
    db = tmp_path / "k.db"
    r = runner.invoke(app, ["build", str(inp), "--db", str(db), "--profile", "fast"])
    assert "papers added" in r.stdout and "papers unchanged" not in r.stdout  # a new store: all added
    r = runner.invoke(app, ["build", str(inp), "--db", str(db), "--profile", "fast"])
    cells = [[c.strip() for c in line.strip("│").split("│")] for line in r.stdout.splitlines()]
    lines = {c[0]: c[1] for c in cells if len(c) == 2 and c[0].startswith("papers")}
    assert lines == {"papers read": "4", "papers added": "0", "papers updated": "0", "papers unchanged": "4"}
