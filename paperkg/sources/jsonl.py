"""Generic JSON / JSONL paper records: ``title``, ``abstract`` and optional metadata.

Accepted fields: ``id`` (authoritative when present), ``title``, ``abstract`` (or ``summary``),
``authors`` (list or ``"A, B and C"``), ``authors_count``, ``date``/``published``/``publication_date``,
``year``, ``url``, ``doi``, ``arxiv_id``, ``upvotes``, ``categories``, ``organizations``. The output of
``paperkg read --jsonl`` is itself valid input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from paperkg.sources.dates import parse_date
from paperkg.sources.ids import choose_id, normalize_arxiv_id, normalize_doi
from paperkg.sources.json_stream import container_of, iter_values
from paperkg.sources.normalize import as_int, describe, names, string_list, text_of
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef
from paperkg.sources.textio import Unreadable, check_text_file, clean_text, decode_head


def checked_object(value: object, where: str, line: int, problems: ProblemLog) -> dict | None:
    if isinstance(value, dict):
        return value
    problems.report(where, line, "not-an-object", f"JSON value is {describe(value)}, not a paper object")
    return None


Converter = Callable[[dict, SourceRef, ProblemLog], "PaperRecord | None"]


def read_objects(path: Path, problems: ProblemLog, convert: Converter, fmt: str) -> Iterator[PaperRecord]:
    """Records of a file of JSON objects (lines or a document) through one format's ``convert``."""
    where = str(path)
    for line, value in iter_values(path, problems):
        obj = checked_object(value, where, line, problems)
        if obj is not None and (rec := convert(obj, SourceRef(where, line, fmt), problems)) is not None:
            yield rec


def convert(obj: dict, ref: SourceRef, problems: ProblemLog) -> PaperRecord | None:
    title = text_of(obj.get("title"))
    if title is None:
        problems.report(ref.path, ref.line, "missing-title", "record without a title skipped")
        return None
    abstract = text_of(obj.get("abstract"))
    if abstract is None:
        abstract = text_of(obj.get("summary"))
    url = clean_text(obj.get("url"))
    arxiv_id = normalize_arxiv_id(obj.get("arxiv_id")) or normalize_arxiv_id(obj.get("arxiv")) \
        or normalize_arxiv_id(url)
    doi = normalize_doi(obj.get("doi"))
    raw_date = next((obj[k] for k in ("date", "published", "publication_date") if obj.get(k)), None)
    date, year = parse_date(raw_date)
    if year is None:
        year = as_int(obj.get("year"))
        if year is not None and date is None:
            date = str(year)
    authors = names(obj.get("authors"))
    given = obj.get("id")
    return PaperRecord(
        id=choose_id(title, arxiv_id, doi, given if isinstance(given, (str, int)) else None, given_wins=True),
        title=title,
        abstract=abstract,
        authors=authors,
        authors_count=as_int(obj.get("authors_count")) or (len(authors) or None),
        date=date,
        year=year,
        upvotes=as_int(obj.get("upvotes")),
        url=url,
        arxiv_id=arxiv_id,
        doi=doi,
        categories=string_list(obj.get("categories")),
        organizations=names(obj.get("organizations")),
        sources=[ref],
    )


def read(path: Path, problems: ProblemLog) -> Iterator[PaperRecord]:
    where = str(path)
    try:
        fmt = "jsonl" if container_of(path, decode_head(check_text_file(path))) == "lines" else "json"
    except Unreadable as exc:
        problems.report(where, None, exc.reason, str(exc))
        return
    for line, value in iter_values(path, problems):
        obj = checked_object(value, where, line, problems)
        if obj is not None and (rec := convert(obj, SourceRef(where, line, fmt), problems)) is not None:
            yield rec
