"""Identifier and date normalisation, and the merge rules of deduplication."""

from __future__ import annotations

import pytest

from paperkg.sources.dates import parse_date
from paperkg.sources.dedupe import Deduper, dedupe
from paperkg.sources.ids import choose_id, normalize_arxiv_id, normalize_doi
from paperkg.sources.record import PaperRecord, SourceRef


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2101.00001v2", "2101.00001"),
        ("arXiv:2101.00001", "2101.00001"),
        ("http://arxiv.org/abs/2101.00001v2", "2101.00001"),
        ("https://arxiv.org/pdf/2101.00001v1.pdf", "2101.00001"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("http://arxiv.org/abs/math.GT/0309136v1", "math.GT/0309136"),
        ("10.48550/arXiv.2101.00001", "2101.00001"),
        ("https://openalex.org/W123", None),
        ("12345", None),
        (None, None),
    ],
)
def test_arxiv_ids(raw, expected):
    assert normalize_arxiv_id(raw) == expected


def test_dois_and_id_priority():
    assert normalize_doi("https://doi.org/10.1000/XYZ.") == "10.1000/xyz"
    assert normalize_doi("doi:10.1145/3292500.3330701") == "10.1145/3292500.3330701"
    assert normalize_doi("not a doi") is None
    assert choose_id("A Title", "2101.00001", "10.1/x", "given") == "2101.00001"
    assert choose_id("A Title", None, "10.1/x", "given") == "10.1/x"
    assert choose_id("A Title", None, None, "given") == "given"
    assert choose_id("A Title!", None, None, None) == "a-title"
    assert choose_id("A Title", "2101.00001", None, "given", given_wins=True) == "given"
    assert choose_id("注意力机制", None, None, None).startswith("title-")
    assert choose_id("注意力机制") == choose_id("注意力机制") != choose_id("变换器")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Dec 8, 2022", ("2022-12-08", 2022)),
        ("Jun 21", ("--06-21", None)),
        ("Feb 29", ("--02-29", None)),
        ("Feb 30", (None, None)),
        ("2022-12-08T10:00:00Z", ("2022-12-08", 2022)),
        ("2021", ("2021", 2021)),
        (2021, ("2021", 2021)),
        ("Mon, 2 Apr 2007 19:18:42 GMT", ("2007-04-02", 2007)),
        ("--06-21", ("--06-21", None)),
        ("yesterday", (None, None)),
        (None, (None, None)),
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw) == expected


def rec(id, title="T", line=1, **kw):
    return PaperRecord(id=id, title=title, sources=[SourceRef("f", line, "json")], **kw)


def test_merge_rules():
    merged = dedupe(
        [
            rec("a", abstract="short", upvotes=3, authors=["X"], date="--06-21"),
            rec("b", title="Other"),
            rec(
                "a",
                line=2,
                abstract="a longer one",
                upvotes=1,
                authors=["x", "Y"],
                date="2024-06-21",
                year=2024,
                url="u",
                categories=["cs.CL"],
            ),
        ]
    )
    assert [r.id for r in merged] == ["a", "b"]
    a = merged[0]
    assert (a.abstract, a.upvotes, a.authors, a.url, a.categories) == (
        "a longer one",
        3,
        ["X", "Y"],
        "u",
        ["cs.CL"],
    )
    assert (a.date, a.year) == ("2024-06-21", 2024)  # a dated value with a year beats a year-less one
    assert [s.line for s in a.sources] == [1, 2]


def test_title_merge_unless_strong_ids_conflict():
    d = Deduper()
    d.add(rec("same-title", title="Same Title"))
    d.add(rec("2101.00001", title="Same Title", arxiv_id="2101.00001"))
    d.add(rec("2202.00002", title="Same Title", arxiv_id="2202.00002"))
    assert [r.id for r in d.records()] == ["same-title", "2202.00002"]
    assert d.records()[0].arxiv_id == "2101.00001" and d.merged == 1 and d.seen == 3
