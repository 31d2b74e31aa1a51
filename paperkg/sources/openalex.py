"""OpenAlex works (API list responses ``{"results": [...]}``, single works, or one work per line).

OpenAlex ships abstracts only as an inverted index ``{word: [positions]}`` (for licensing reasons);
it is rebuilt into text here. The arXiv id is taken from an arXiv landing page or the arXiv DOI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from paperkg.sources.dates import parse_date
from paperkg.sources.ids import choose_id, normalize_arxiv_id, normalize_doi
from paperkg.sources.jsonl import read_objects
from paperkg.sources.normalize import as_int, text_of
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef
from paperkg.sources.textio import clean_text

FORMAT = "openalex"
MAX_ABSTRACT_WORDS = 100_000  # positions beyond this are hostile input, not an abstract


class BadIndex(ValueError):
    pass


def rebuild_abstract(index: object) -> str | None:
    """Text from an inverted index; raises ``BadIndex`` when the index is malformed."""
    if index is None:
        return None
    if not isinstance(index, dict):
        raise BadIndex("abstract_inverted_index is not an object")
    words: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list):
            raise BadIndex(f"positions of {word!r} are not a list")
        for pos in positions:
            if isinstance(pos, bool) or not isinstance(pos, int) or not 0 <= pos < MAX_ABSTRACT_WORDS:
                raise BadIndex(f"bad position {pos!r} for {word!r}")
            words[pos] = word
    return clean_text(" ".join(words[p] for p in sorted(words))) if words else None


def _object(value: object) -> dict:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _arxiv_id(obj: dict, doi: str | None) -> str | None:
    ids = _object(obj.get("ids"))
    candidates = [ids.get("arxiv"), doi]
    locations = [obj.get("primary_location"), obj.get("best_oa_location")]
    if isinstance(obj.get("locations"), list):
        locations += obj["locations"]
    candidates += [loc.get("landing_page_url") for loc in locations if isinstance(loc, dict)]
    return next((a for a in map(normalize_arxiv_id, candidates) if a), None)


def _authorships(obj: dict) -> tuple[list[str], list[str]]:
    authors: list[str] = []
    orgs: list[str] = []
    for a in obj.get("authorships") or []:
        if not isinstance(a, dict):
            continue
        author = _object(a.get("author"))
        name = clean_text(author.get("display_name")) or clean_text(a.get("raw_author_name"))
        if name:
            authors.append(name)
        for inst in a.get("institutions") or []:
            org = clean_text(inst.get("display_name")) if isinstance(inst, dict) else None
            if org and org not in orgs:
                orgs.append(org)
    return authors, orgs


def convert(obj: dict, ref: SourceRef, problems: ProblemLog) -> PaperRecord | None:
    title = text_of(obj.get("title")) or text_of(obj.get("display_name"))
    if title is None:
        problems.report(ref.path, ref.line, "missing-title", "work without a title skipped")
        return None
    try:
        abstract = rebuild_abstract(obj.get("abstract_inverted_index"))
    except BadIndex as exc:
        problems.report(ref.path, ref.line, "bad-field", f"{exc}; work kept without abstract")
        abstract = None
    doi = normalize_doi(obj.get("doi"))
    arxiv_id = _arxiv_id(obj, doi)
    date, year = parse_date(obj.get("publication_date"))
    if year is None:
        year = as_int(obj.get("publication_year"))
    authors, orgs = _authorships(obj)
    primary = _object(obj.get("primary_location"))
    given = obj.get("id") if isinstance(obj.get("id"), str) else None
    return PaperRecord(
        id=choose_id(title, arxiv_id, doi, given),
        title=title,
        abstract=abstract,
        authors=authors,
        authors_count=len(authors) or None,
        date=date,
        year=year,
        url=clean_text(primary.get("landing_page_url")) or (f"https://doi.org/{doi}" if doi else given),
        arxiv_id=arxiv_id,
        doi=doi,
        organizations=orgs,
        sources=[ref],
    )


def read(path: Path, problems: ProblemLog) -> Iterator[PaperRecord]:
    return read_objects(path, problems, convert, FORMAT)
