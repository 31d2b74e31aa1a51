"""``paperkg read`` through the real CLI application."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from paperkg.cli import app

ROOT = Path(__file__).resolve().parents[2]
PAGES = str(ROOT / "examples" / "hf-daily-papers")
FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_read_jsonl_prints_315_distinct_papers():
    result = runner.invoke(app, ["read", PAGES, "--jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 315 and len({r["id"] for r in rows}) == 315
    assert all(r["has_abstract"] is True for r in rows)
    assert all(r["sources"] and r["sources"][0]["format"] == "hf-daily" for r in rows)
    assert result.stderr == ""


def test_read_jsonl_marks_title_only_papers():
    result = runner.invoke(app, ["read", str(FIXTURES / "daily-page.txt"), "--jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["has_abstract"] for r in rows] == [True, False, True, False]
    assert rows[1]["abstract"] is None
    assert "daily-page.txt:31" in result.stderr  # the orphan meta block, named by line


def test_read_no_dedupe_streams_every_entry():
    result = runner.invoke(app, ["read", PAGES, "--jsonl", "--no-dedupe"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 357


def test_read_json_summary():
    result = runner.invoke(app, ["read", PAGES, "--json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["entries"] == 357 and summary["papers"] == 315
    assert summary["with_abstract"] == 315 and summary["title_only"] == 0
    assert summary["duplicates_merged"] == 42 and summary["by_format"] == {"hf-daily": 357}
    assert summary["files"] == 5 and summary["ignored_files"] == 1 and summary["skipped"] == 0


def test_read_table_summary_and_warnings_on_stderr():
    result = runner.invoke(app, ["read", str(FIXTURES / "papers.jsonl"), str(FIXTURES / "arxiv-feed.xml")])
    assert result.exit_code == 0
    for text in (
        "entries read",
        "papers",
        "with abstract",
        "title only",
        "duplicates merged",
        "invalid-json",
    ):
        assert text in result.stdout
    assert "papers.jsonl:3" in result.stderr and "arxiv-feed.xml:32" in result.stderr


def test_read_missing_path_is_exit_1_with_one_line():
    result = runner.invoke(app, ["read", "does/not/exist.jsonl"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "does/not/exist.jsonl" in lines[0]


def test_read_nothing_readable_is_exit_1(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["read", str(empty)])
    assert result.exit_code == 1
    assert "empty file" in result.stderr and "error: no paper records" in result.stderr


def test_read_usage_errors_are_exit_2():
    assert runner.invoke(app, ["read"]).exit_code == 2
    bad = runner.invoke(app, ["read", PAGES, "--format", "csv"])
    assert bad.exit_code == 2 and "unknown format" in bad.stderr
    assert runner.invoke(app, ["read", PAGES, "--json", "--jsonl"]).exit_code == 2


def test_read_format_override():
    result = runner.invoke(app, ["read", str(FIXTURES / "arxiv-snapshot.json"), "--format", "json", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["by_format"] == {"jsonl": 3}


def test_read_help_has_summary_and_examples():
    result = runner.invoke(app, ["read", "--help"])
    assert result.exit_code == 0
    assert "Read paper records" in result.stdout and "Examples:" in result.stdout
    assert "paperkg read examples/hf-daily-papers --jsonl" in result.stdout
