"""Hugging Face Daily Papers API JSON (``/api/daily_papers``, ``/api/papers/{id}``).

A day's listing is an array of *entries* ``{"paper": {...}, "title": ..., "numComments": ...}``;
the paper itself is the inner object (``id`` = the arXiv id, ``title``, ``summary`` = the abstract,
``authors`` = ``[{"_id", "name", "hidden"}]``, ``publishedAt``, ``upvotes``, ...), which
``/api/papers/{id}`` returns bare. Arrays, single entries, bare papers and JSON Lines of any of
them are read alike, so a folder of saved API responses needs no conversion.

The paper's fields win over the entry's copies: the entry's title keeps LaTeX markup
(``\\textsc{...}``) the paper's title has already had removed. Titles carry hard line breaks
from arXiv, which ``clean_text`` folds. Hidden authors are kept: ``hidden`` only means the author
hid the paper from their Hugging Face profile, not that they did not write it.

Kept as metadata: the listing day (``listed``: ``paper.submittedOnDailyAt``, else the day a file
named ``YYYY-MM-DD.json[.gz]`` holds, as saved daily responses are named; never guessed from
``publishedAt``, which is the arXiv date in newer responses), ``numComments`` (``comments``, as
of the response) and Hugging Face's ``ai_keywords`` (``keywords``: machine-written topics, stored
on the paper and never read as extracted entities). Not kept: ``ai_summary``, which nothing here
may mistake for what the paper says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from paperkg.sources.dates import parse_date
from paperkg.sources.ids import choose_id, normalize_arxiv_id
from paperkg.sources.json_stream import iter_values
from paperkg.sources.normalize import as_int, describe, names
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef
from paperkg.sources.textio import clean_text

FORMAT = "hf-api"
PAGE_URL = "https://huggingface.co/papers/"
# Keys only a listing entry has (a bare paper has ``id`` instead): an object with one of them but
# no usable ``paper`` is a broken entry, not a paper to be read from the entry's own copies.
ENTRY_KEYS = frozenset({"paper", "numComments", "submittedBy", "isAuthorParticipating", "thumbnail"})
# Keys of the API's paper object that generic JSON records do not use: ``summary`` and ``upvotes``
# alone would also match a hand-made file, which the generic reader reads more fully.
PAPER_KEYS = frozenset({"ai_keywords", "ai_summary", "submittedOnDailyAt", "submittedOnDailyBy",
                        "discussionId", "publishedAt"})
# The start of a day's array, for a first entry too big for the sniff window to parse
# (papers with hundreds of authors); the API writes ``paper`` first and ``id`` first in it.
_ENTRY_START = re.compile(r'^\[\s*\{\s*"paper"\s*:\s*\{\s*"id"\s*:\s*"')
# a saved day's response: 2024-05-27.json.gz
_FILE_DAY = re.compile(r"^([0-9]{4}-[01][0-9]-[0-3][0-9])\.json(?:l)?(?:\.gz)?$")


def _api_shaped(paper: dict) -> bool:
    authors = paper.get("authors")
    first_author = authors[0] if isinstance(authors, list) and authors else None
    return bool(PAPER_KEYS & paper.keys()) or (isinstance(first_author, dict) and "_id" in first_author)


def looks_like_api(obj: dict) -> bool:
    """Whether a file's first object is an API entry or paper, strictly enough that no generic JSON
    record, OpenAlex work, arXiv snapshot line or paperkg part line (``{"paper": {...}, ...}`` with
    an ``abstract``) passes."""
    paper = obj.get("paper")
    if isinstance(paper, dict):
        return "id" in paper and ("summary" in paper or _api_shaped(paper))
    return isinstance(obj.get("summary"), str) and "id" in obj and _api_shaped(obj)


def starts_like_api(head_text: str) -> bool:
    """For when no first object could be parsed from the sniff window (it is cut off)."""
    return bool(_ENTRY_START.match(head_text.lstrip("\ufeff \t\r\n")))


def _first_text(*values: object) -> str | None:
    return next((t for v in values if isinstance(v, str) and (t := clean_text(v))), None)


def _count(authors: object) -> int:
    """Named authors as listed: ``names`` drops a repeated name, but two authors of a big paper can
    share one (two "Liang Wang"s), and Hugging Face's own page counts the list."""
    if not isinstance(authors, list):
        return 0
    return sum(1 for a in authors if _first_text(a.get("name") if isinstance(a, dict) else a))


def _organization(*values: object) -> list[str]:
    """The Hugging Face organisation that claimed the paper, by display name, as ``hf-daily`` reads
    it from the page: the same listing gives the same record in either format."""
    for org in values:
        if isinstance(org, dict) and (name := _first_text(org.get("fullname"), org.get("name"))):
            return [name]
    return []


def convert(
    obj: dict, ref: SourceRef, problems: ProblemLog, position: int | None = None, day: str | None = None
) -> PaperRecord | None:
    """One record from an entry or a bare paper; ``position`` (1-based entry number in the file) is
    named in problems because an API response is often one line, where the line alone says nothing.
    ``day``: the listing day the file's name gives (:func:`file_day`), for entries that do not say."""
    at = f"entry {position}: " if position is not None else ""
    if ENTRY_KEYS & obj.keys():
        entry, paper = obj, obj.get("paper")
        if not isinstance(paper, dict):
            got = "no paper object" if paper is None else f"paper is {describe(paper)}, not an object"
            problems.report(ref.path, ref.line, "missing-paper", f"{at}entry with {got} skipped")
            return None
    else:
        entry, paper = {}, obj
    title = _first_text(paper.get("title"), entry.get("title"))
    if title is None:
        problems.report(ref.path, ref.line, "missing-title", f"{at}paper without a title skipped")
        return None
    summaries = (paper.get("summary"), entry.get("summary"))
    abstract = _first_text(*summaries)
    bad = next((s for s in summaries if s is not None and not isinstance(s, str)), None)
    if abstract is None and bad is not None:
        problems.report(ref.path, ref.line, "bad-field",
                        f"{at}summary is {describe(bad)}, not text; paper kept without abstract")
    given = paper.get("id") if isinstance(paper.get("id"), str) else None
    arxiv_id = normalize_arxiv_id(given)
    date, year = parse_date(paper.get("publishedAt"))
    authors = names(paper.get("authors"))
    listed, _ = parse_date(paper.get("submittedOnDailyAt"))
    listed = listed or day
    keywords = paper.get("ai_keywords")
    return PaperRecord(
        id=choose_id(title, arxiv_id, None, given),
        title=title,
        abstract=abstract,
        authors=authors,
        authors_count=_count(paper.get("authors")) or len(authors) or None,
        date=date,
        year=year,
        upvotes=as_int(paper.get("upvotes")),
        url=PAGE_URL + arxiv_id if arxiv_id else None,
        arxiv_id=arxiv_id,
        organizations=_organization(paper.get("organization"), entry.get("organization")),
        listed=listed,
        comments=as_int(entry.get("numComments")),
        keywords=list(dict.fromkeys(k.strip() for k in keywords if isinstance(k, str) and k.strip()))
        if isinstance(keywords, list) else [],
        sources=[ref],
    )


def file_day(path: Path) -> str | None:
    """The day a saved daily response is named after (``2024-05-27.json.gz``), else None."""
    m = _FILE_DAY.match(Path(path).name)
    return m.group(1) if m else None


def read(path: Path, problems: ProblemLog) -> Iterator[PaperRecord]:
    """Entries are numbered through the file, arrays on JSON Lines lines included (a JSON Lines file
    of days' arrays is how one would append daily responses; it needs a ``.jsonl`` name)."""
    where = str(path)
    position = 0
    day = file_day(path)
    for line, value in iter_values(path, problems):
        for item in value if isinstance(value, list) else (value,):
            position += 1
            if not isinstance(item, dict):
                problems.report(where, line, "not-an-object",
                                f"entry {position}: JSON value is {describe(item)}, not a paper object")
                continue
            rec = convert(item, SourceRef(where, line, FORMAT), problems, position, day)
            if rec is not None:
                yield rec
