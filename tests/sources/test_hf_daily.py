"""The Hugging Face Daily Papers reader, on the seed pages and on a hand-made page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg.sources import ProblemLog, iter_records, read_papers
from paperkg.sources.hf_daily import looks_like_abstract
from paperkg.sources.record import slug_id

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "hf-daily-papers"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def entries():
    problems = ProblemLog(on_problem=None)
    recs = list(iter_records(PAGES, problems=problems))
    assert problems.counts == {}, problems.problems[:5]
    return recs


@pytest.fixture(scope="module")
def papers():
    return read_papers(PAGES, problems=ProblemLog(on_problem=None))


def by_title(records, title):
    found = [r for r in records if r.title == title]
    assert found, title
    return found


def test_seed_pages_have_357_entries_and_315_distinct_papers_with_abstracts(entries, papers):
    assert len(entries) == 357
    assert len(papers) == 315
    assert sum(p.has_abstract for p in papers) == 315
    assert sum(not p.has_abstract for p in papers) == 0  # these pages have no title-only entries
    assert len({p.id for p in papers}) == 315
    assert all(r.sources[0].format == "hf-daily" for r in entries)


def test_page_chrome_is_not_a_paper(entries):
    titles = {r.title.lower() for r in entries}
    assert not titles & {"new", "subscribe", "daily papers", "byak and the research community", "jul 30"}
    first = entries[0]
    assert first.title.startswith("DynMoLE: Boosting Mixture of LoRA Experts")
    assert first.sources[0].line == 13
    assert first.sources[0].path.endswith("000_4f797fd9db1731a9.txt")


def test_meta_blocks_give_author_counts_dates_and_upvotes(entries):
    assert sum(r.authors_count is not None for r in entries) == 106
    assert sum(r.date is not None for r in entries) == 108
    [r] = by_title(entries, "Group Generalized Mean Pooling for Vision Transformer")
    assert (r.authors_count, r.date, r.year, r.upvotes) == (7, "2022-12-08", 2022, None)
    [r] = by_title(entries, "PaLM 2 Technical Report")
    assert (r.authors_count, r.date, r.year, r.upvotes) == (128, "2023-05-17", 2023, 4)
    [r] = by_title(entries, "Benchmarking Neural Network Training Algorithms")
    assert (r.authors_count, r.date, r.upvotes) == (25, "2023-06-12", 1)


def test_a_date_without_a_year_keeps_its_year_unknown(entries):
    [r] = by_title(entries, "In-Context Learning Strategies Emerge Rationally")
    assert (r.authors_count, r.date, r.year, r.upvotes) == (6, "--06-21", None, 1)
    [r] = by_title(entries, "Graph Neural Networks for Jamming Source Localization")
    assert (r.date, r.year, r.upvotes) == ("--06-01", None, None)


def test_organisation_lines_replace_the_author_count(entries):
    [r] = by_title(entries, "Dr.LLM: Dynamic Layer Routing in LLMs")
    assert r.organizations == ["Parameter Lab"]
    assert (r.authors_count, r.date, r.upvotes) == (None, "--10-14", 2)
    [r] = by_title(entries, "Making, not Taking, the Best of N")
    assert r.organizations == ["Cohere Labs"]


def test_entry_without_meta_keeps_its_abstract(entries):
    [r] = by_title(entries, "Token-Efficient Long Video Understanding for Multimodal LLMs")
    assert r.has_abstract and r.date is None and r.authors_count is None


def test_title_ending_in_exclamation_mark_is_a_title(entries):
    [r] = by_title(entries, "When to Pre-Train Graph Neural Networks? From Data Generation Perspective!")
    assert r.has_abstract


def test_overlapping_pages_merge_into_one_paper(papers):
    [r] = by_title(papers, "Unveiling Downstream Performance Scaling of LLMs: A Clustering-Based Perspective")
    files = sorted(Path(s.path).name[:3] for s in r.sources)
    assert files == ["000", "001", "004"]
    assert (r.date, r.upvotes, r.authors_count) == ("--02-24", 2, 5)  # only page 004 has the meta block


def test_dev_gold_ids_are_slug_ids_of_parsed_papers(papers):
    parsed = {p.id: p for p in papers}
    gold = [json.loads(line) for line in (ROOT / "tests/data/dev_gold.jsonl").open(encoding="utf-8")]
    inputs = {
        d["id"]: d for d in map(json.loads, (ROOT / "tests/data/dev_input.jsonl").open(encoding="utf-8"))
    }
    assert len(gold) == 50
    for g in gold:
        assert g["id"] in parsed, g["id"]
        p = parsed[g["id"]]
        assert p.id == slug_id(p.title) and p.title == g["title"]
        assert p.abstract == inputs[g["id"]]["abstract"]


def test_hand_made_page_title_only_and_orphan_meta():
    problems = ProblemLog(on_problem=None)
    recs = list(iter_records(FIXTURES / "daily-page.txt", problems=problems))
    assert [r.title for r in recs] == [
        "A Paper With Everything",
        "A Title Only Paper Without Abstract",
        "Organisation Paper: Year-less Date and Upvotes",
        "A Last Title Without Anything Else",
    ]
    assert [r.has_abstract for r in recs] == [True, False, True, False]
    assert recs[1].abstract is None
    assert (recs[2].date, recs[2].year, recs[2].upvotes, recs[2].organizations) == (
        "--06-21",
        None,
        12,
        ["Cohere Labs"],
    )
    [p] = problems.problems
    assert (p.reason, p.line) == ("orphan-meta", 31) and p.path.endswith("daily-page.txt")


def test_paragraph_without_title_is_reported_and_the_rest_read(tmp_path):
    page = tmp_path / "page.txt"
    abstract = "We study a problem. " * 20
    page.write_text(
        f"Daily Papers\n\nFirst Title\n\n{abstract}\n\n  • 2 authors\n·\nMay 4\n\n"
        f"{abstract}\n\nSecond Title\n\n{abstract}\n",
        encoding="utf-8",
    )
    problems = ProblemLog(on_problem=None)
    recs = list(iter_records(page, problems=problems))
    assert [r.title for r in recs] == ["First Title", "Second Title"]
    assert [(p.reason, p.line) for p in problems.problems] == [("missing-title", 11)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Attention Is All You Need", False),
        ("Language Models (Mostly) Know What They Know", False),
        (
            "Why Has Predicting Downstream Capabilities of Frontier AI Models with Scale Remained Elusive?",
            False,
        ),
        ("We propose a method. It works well on three benchmarks.", True),
        ("word " * 45, True),
    ],
)
def test_abstract_shape(text, expected):
    assert looks_like_abstract(" ".join(text.split())) is expected
