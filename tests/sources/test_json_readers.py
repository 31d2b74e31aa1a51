"""Generic JSON and JSONL records, including the streaming splitter for big JSON documents."""

from __future__ import annotations

import json
from pathlib import Path

from paperkg.sources import ProblemLog, iter_records, json_stream, read_papers

FIXTURES = Path(__file__).parent / "fixtures"


def read(path, **kw):
    problems = ProblemLog(on_problem=None)
    return list(iter_records(path, problems=problems, **kw)), problems


def test_jsonl_records_and_bad_lines_named_by_line():
    recs, problems = read(FIXTURES / "papers.jsonl")
    assert [r.id for r in recs] == ["p1", "1901.00001", "p5", "p1"]
    assert [(p.reason, p.line) for p in problems.problems] == [
        ("invalid-json", 3),
        ("not-an-object", 4),
        ("missing-title", 5),
    ]
    assert all(p.path.endswith("papers.jsonl") for p in problems.problems)
    first, second, third, _ = recs
    assert first.authors == ["Ann Lee", "Bo Chen"] and first.authors_count == 2
    assert (first.date, first.year, first.upvotes, first.url) == (
        "2023-05-17",
        2023,
        4,
        "https://example.org/p1",
    )
    assert second.authors == ["Ann Lee", "Bo Chen", "Cy Dee"]
    assert (second.arxiv_id, second.year, second.date) == ("1901.00001", 2019, "2019")
    assert third.title == "Title With Control Characters"  # \u0007 and \u0000 stripped
    assert (third.date, third.year, third.has_abstract) == ("--06-21", None, False)
    assert {s.format for r in recs for s in r.sources} == {"jsonl"}


def test_duplicate_ids_merge_metadata():
    problems = ProblemLog(on_problem=None)
    papers = read_papers(FIXTURES / "papers.jsonl", problems=problems)
    [p1] = [p for p in papers if p.id == "p1"]
    assert p1.upvotes == 9
    assert p1.abstract == "We mix adapters, and a longer abstract wins."
    assert p1.authors == ["Ann Lee", "Bo Chen", "Cy Dee"]
    assert (p1.date, p1.url) == ("2023-05-17", "https://example.org/p1")
    assert [s.line for s in p1.sources] == [1, 8]
    assert [p.id for p in papers] == ["p1", "1901.00001", "p5"]


def test_json_document_with_papers_list():
    recs, problems = read(FIXTURES / "papers.json")
    assert [r.title for r in recs] == ["Pretty Printed One", "Pretty Printed Two"]
    assert recs[0].id == "10.1000/xyz" and recs[0].doi == "10.1000/xyz"
    assert (recs[1].date, recs[1].year, recs[1].sources[0].line) == ("2022-12-08", 2022, 4)
    assert [(p.reason, p.line) for p in problems.problems] == [("not-an-object", 7)]
    assert recs[0].sources[0].format == "json"


def test_top_level_array_and_single_object(tmp_path):
    arr = tmp_path / "a.json"
    arr.write_text(json.dumps([{"title": "One"}, {"title": "Two", "abstract": "x"}]), encoding="utf-8")
    assert [r.title for r in read(arr)[0]] == ["One", "Two"]
    one = tmp_path / "b.json"
    one.write_text('{\n  "title": "Single",\n  "abstract": "Alone."\n}\n', encoding="utf-8")
    assert [(r.title, r.abstract) for r in read(one)[0]] == [("Single", "Alone.")]


def test_big_array_streams_in_small_chunks_with_right_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(json_stream, "CHUNK_CHARS", 64)
    path = tmp_path / "big.json"
    rows = [
        {"id": f"r{i}", "title": f"Paper {i}", "abstract": "a " * (i % 7), "upvotes": i * 1000}
        for i in range(300)
    ]
    path.write_text(
        '{"meta": {"n": 300},\n "results": [\n' + ",\n".join(json.dumps(r) for r in rows) + "\n]}\n",
        encoding="utf-8",
    )
    recs, problems = read(path)
    assert not problems.problems
    assert [r.id for r in recs] == [f"r{i}" for i in range(300)]
    assert [r.sources[0].line for r in recs] == list(range(3, 303))
    assert recs[-1].upvotes == 299_000


def test_truncated_json_document_keeps_what_came_before(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('[\n{"title": "Kept"},\n{"title": "Cut', encoding="utf-8")
    recs, problems = read(path)
    assert [r.title for r in recs] == ["Kept"]
    [p] = problems.problems
    assert p.reason == "invalid-json" and p.line == 3 and "rest of file skipped" in p.message


def test_json_value_that_is_not_an_object(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('"just a string"', encoding="utf-8")
    recs, problems = read(path)
    assert recs == [] and [p.reason for p in problems.problems] == ["not-an-object"]


def test_read_output_is_valid_input(tmp_path):
    papers = read_papers(FIXTURES / "papers.jsonl", problems=ProblemLog(on_problem=None))
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in papers), encoding="utf-8")
    again = read_papers(out, problems=ProblemLog(on_problem=None))
    strip = ("sources",)
    assert [{k: v for k, v in p.to_dict().items() if k not in strip} for p in again] == [
        {k: v for k, v in p.to_dict().items() if k not in strip} for p in papers
    ]
