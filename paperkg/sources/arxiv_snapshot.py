"""The arXiv metadata snapshot (Kaggle ``arxiv-metadata-oai-snapshot.json``): one JSON object per line.

Titles and abstracts carry hard line breaks and indentation, so whitespace is collapsed. The date is
the first version's ``created`` timestamp (the submission), falling back to ``update_date``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from paperkg.sources.dates import parse_date
from paperkg.sources.ids import choose_id, normalize_arxiv_id, normalize_doi
from paperkg.sources.jsonl import read_objects
from paperkg.sources.normalize import split_authors, string_list, text_of
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef
from paperkg.sources.textio import clean_text

FORMAT = "arxiv"
KEYS = frozenset({"submitter", "authors_parsed", "versions", "journal-ref", "report-no", "update_date"})


def _authors(obj: dict) -> list[str]:
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        out = []
        for parts in parsed:
            if isinstance(parts, list):
                last, first, suffix = (list(parts) + ["", "", ""])[:3]
                name = clean_text(" ".join(str(p) for p in (first, last, suffix) if isinstance(p, str) and p))
                if name:
                    out.append(name)
        if out:
            return out
    return split_authors(obj["authors"]) if isinstance(obj.get("authors"), str) else []


def _created(obj: dict) -> tuple[str | None, int | None]:
    versions = obj.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        date, year = parse_date(versions[0].get("created"))
        if date:
            return date, year
    return parse_date(obj.get("update_date"))


def convert(obj: dict, ref: SourceRef, problems: ProblemLog) -> PaperRecord | None:
    title = text_of(obj.get("title"))
    if title is None:
        problems.report(ref.path, ref.line, "missing-title", "record without a title skipped")
        return None
    given = obj.get("id")
    arxiv_id = normalize_arxiv_id(given if isinstance(given, str) else None)
    doi_field = obj.get("doi")
    doi = normalize_doi(doi_field.split()[0]) if isinstance(doi_field, str) and doi_field.split() else None
    date, year = _created(obj)
    authors = _authors(obj)
    return PaperRecord(
        id=choose_id(title, arxiv_id, doi, given if isinstance(given, str) else None),
        title=title,
        abstract=text_of(obj.get("abstract")),
        authors=authors,
        authors_count=len(authors) or None,
        date=date,
        year=year,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        arxiv_id=arxiv_id,
        doi=doi,
        categories=string_list(obj.get("categories")),
        sources=[ref],
    )


def read(path: Path, problems: ProblemLog) -> Iterator[PaperRecord]:
    return read_objects(path, problems, convert, FORMAT)
