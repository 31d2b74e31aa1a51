"""OpenAlex works: inverted-index abstracts, ids, and merging with the arXiv sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg.sources import ProblemLog, iter_records, read_papers
from paperkg.sources.openalex import BadIndex, rebuild_abstract

FIXTURES = Path(__file__).parent / "fixtures"


def test_inverted_index_rebuild():
    index = {"Pooling": [0, 4], "matters.": [1], "We": [2], "revisit": [3]}
    assert rebuild_abstract(index) == "Pooling matters. We revisit Pooling"
    assert rebuild_abstract(None) is None
    assert rebuild_abstract({}) is None
    assert rebuild_abstract({"gap": [0], "here": [5]}) == "gap here"
    for bad in (["not", "a", "dict"], {"w": "0"}, {"w": [-1]}, {"w": [10**9]}, {"w": [True]}):
        with pytest.raises(BadIndex):
            rebuild_abstract(bad)


def test_openalex_api_response():
    problems = ProblemLog(on_problem=None)
    recs = list(iter_records(FIXTURES / "openalex-works.json", problems=problems))
    assert [r.id for r in recs] == [
        "2101.00001",
        "10.1145/3000000.3000002",
        "https://openalex.org/W3000000004",
    ]
    first, second, third = recs
    assert (
        first.abstract
        == "We propose sparse adapters for translation. They beat full fine-tuning on FLORES-101."
    )
    assert first.arxiv_id == "2101.00001" and first.doi == "10.48550/arxiv.2101.00001"
    assert first.authors == ["Ada Lovelace", "Alan Turing"] and first.organizations == [
        "Analytical Engine Lab"
    ]
    assert (first.date, first.year, first.url) == ("2021-01-04", 2021, "https://arxiv.org/abs/2101.00001")
    assert second.abstract == "Pooling matters. We revisit Pooling"
    assert third.abstract is None and third.year == 2019
    assert [(p.reason, p.line) for p in problems.problems] == [("missing-title", 32), ("bad-field", 40)]
    assert {r.sources[0].format for r in recs} == {"openalex"}


def test_openalex_jsonl_one_work_per_line(tmp_path):
    path = tmp_path / "works.jsonl"
    work = {
        "id": "https://openalex.org/W1",
        "display_name": "Only Display Name",
        "publication_year": 2018,
        "abstract_inverted_index": {"Hello": [0], "world.": [1]},
    }
    path.write_text(
        json.dumps(work) + "\n" + json.dumps(work | {"id": "https://openalex.org/W2"}) + "\n",
        encoding="utf-8",
    )
    recs = list(iter_records(path, problems=ProblemLog(on_problem=None)))
    assert [(r.id, r.title, r.abstract, r.year) for r in recs] == [
        ("https://openalex.org/W1", "Only Display Name", "Hello world.", 2018),
        ("https://openalex.org/W2", "Only Display Name", "Hello world.", 2018),
    ]


def test_same_paper_from_three_sources_is_one_record():
    files = [FIXTURES / n for n in ("arxiv-snapshot.json", "arxiv-feed.xml", "openalex-works.json")]
    papers = read_papers(files, problems=ProblemLog(on_problem=None))
    [p] = [p for p in papers if p.arxiv_id == "2101.00001"]
    assert p.id == "2101.00001"
    assert [s.format for s in p.sources] == ["arxiv", "atom", "openalex"]
    assert p.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert p.organizations == ["Analytical Engine Lab"]
    assert len([q for q in papers if q.title == p.title]) == 1
