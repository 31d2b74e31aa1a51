"""Hugging Face Daily Papers page text (https://huggingface.co/papers saved as plain text).

The page is a sequence of blank-line separated blocks: some chrome (``Subscribe``, ``Daily Papers``,
the page date), then per paper a title block, an abstract block (sometimes missing) and optionally
one meta block whose lines have recognisable shapes::

      • 7 authors                <- author count
    CohereLabs Cohere Labs       <- organisation (handle + display name), any non-meta line
    ·                            <- separator
    Dec 8, 2022 4                <- date (year optional) and optional upvote count

Titles and abstracts are told apart by shape, not by position alone: an abstract is a paragraph
(long, or several sentences); a title is a short line. So a title followed directly by another
title or by a meta block is a title-only paper (abstract None) rather than a mis-paired one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from paperkg.sources.dates import parse_date
from paperkg.sources.ids import choose_id
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef
from paperkg.sources.textio import clean_text, iter_lines

FORMAT = "hf-daily"

_AUTHORS = re.compile(r"^\s*[•·*-]?\s*(\d[\d,]*)\s+authors?\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*[·•]\s*$")
_DATE = re.compile(
    r"^\s*((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}(?:, \d{4})?)(?:\s+(\d[\d,]*))?\s*$")
_SENTENCE_END = re.compile(r"[.!?][)\"']?\s+[A-Z(\"']")
_ORG_SPLIT = re.compile(r"^(\S+)\s+(.+)$")

# Shape thresholds. Real titles rarely pass 25 words / 250 characters; abstracts rarely fall under.
ABSTRACT_MIN_WORDS = 40
ABSTRACT_MIN_CHARS = 300
# A block bigger than this is not a page of paper listings (protects memory on hostile input).
MAX_BLOCK_CHARS = 1_000_000


def _load_chrome() -> frozenset[str]:
    text = resources.files("paperkg.sources").joinpath("hf_daily_chrome.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


CHROME = _load_chrome()


def is_meta_line(line: str) -> bool:
    return bool(_AUTHORS.match(line) or _SEPARATOR.match(line))


def looks_like_abstract(text: str) -> bool:
    """A paragraph rather than a title: long, or several complete sentences."""
    words = text.count(" ") + 1
    if words >= ABSTRACT_MIN_WORDS or len(text) >= ABSTRACT_MIN_CHARS:
        return True
    # Shorter: still a paragraph when it ends with a full stop (titles almost never do) and is
    # longer than nearly all titles, or has more than one sentence
    # ("!" and "?" do end titles: "... From Data Generation Perspective!")
    return text.endswith(".") and (words >= 20 or _SENTENCE_END.search(text) is not None)


def looks_like_page(text: str) -> bool:
    """Whether the start of a text file has this page's chrome or its title/abstract/meta shape."""
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    lines = [ln.strip().lower() for b in blocks[:12] for ln in b.splitlines()]
    if any(ln in ("byak and the research community", "get trending papers in your email inbox!")
           for ln in lines):
        return True
    if any(is_meta_line(ln) for b in blocks for ln in b.splitlines()):
        return True
    # The last block may be cut by the sniff window; cutting only makes an abstract look less like
    # one, so a pair that passes is a real title/abstract pair.
    for a, b in zip(blocks, blocks[1:], strict=False):
        one_a = " ".join(a.split())
        if "\n" not in a and not looks_like_abstract(one_a) and looks_like_abstract(" ".join(b.split())):
            return True
    return False


@dataclass(slots=True)
class _Entry:
    title: str
    line: int
    abstract: str | None = None
    meta_seen: bool = False
    authors_count: int | None = None
    date: str | None = None
    year: int | None = None
    upvotes: int | None = None
    organizations: list[str] = field(default_factory=list)

    def record(self, path: str) -> PaperRecord:
        return PaperRecord(
            id=choose_id(self.title), title=self.title, abstract=self.abstract,
            authors_count=self.authors_count, date=self.date, year=self.year, upvotes=self.upvotes,
            organizations=self.organizations, sources=[SourceRef(path, self.line, FORMAT)],
        )


def _organisation(line: str) -> str | None:
    """``CohereLabs Cohere Labs`` -> ``Cohere Labs``: the page prints the handle, then the name."""
    text = clean_text(line)
    if not text:
        return None
    m = _ORG_SPLIT.match(text)
    if m and m.group(1).lower() == m.group(2).replace(" ", "").lower():
        return m.group(2)
    return text


def _apply_meta(entry: _Entry, block: list[tuple[int, str]]) -> None:
    for _, line in block:
        if m := _AUTHORS.match(line):
            entry.authors_count = int(m.group(1).replace(",", ""))
        elif _SEPARATOR.match(line):
            continue
        elif m := _DATE.match(line):
            entry.date, entry.year = parse_date(m.group(1))
            if m.group(2):
                entry.upvotes = int(m.group(2).replace(",", ""))
        elif (org := _organisation(line)) and org not in entry.organizations:
            entry.organizations.append(org)
    entry.meta_seen = True


def _blocks(path: Path, problems: ProblemLog) -> Iterator[list[tuple[int, str]]]:
    block: list[tuple[int, str]] = []
    size = 0
    for n, line in iter_lines(path, problems):
        if line.strip():
            size += len(line)
            if size > MAX_BLOCK_CHARS:
                if block:
                    problems.report(str(path), block[0][0], "oversized-block",
                                    f"paragraph over {MAX_BLOCK_CHARS} characters skipped")
                block, size = [], MAX_BLOCK_CHARS + 1  # drop until the next blank line
                continue
            block.append((n, line))
        else:
            if block:
                yield block
            block, size = [], 0
    if block:
        yield block


def read(path: Path, problems: ProblemLog) -> Iterator[PaperRecord]:
    where = str(path)
    entry: _Entry | None = None
    for block in _blocks(path, problems):
        first_line = block[0][0]
        if any(is_meta_line(line) for _, line in block) or (len(block) == 1 and _DATE.match(block[0][1])):
            if entry is not None and not entry.meta_seen:
                _apply_meta(entry, block)
            elif any(is_meta_line(line) for _, line in block):
                problems.report(where, first_line, "orphan-meta",
                                "author/date lines with no paper title above")
            continue  # a lone date outside a paper is a page (section) date
        text = clean_text(" ".join(line for _, line in block))
        if text is None or text.lower() in CHROME or not any(c.isalnum() for c in text):
            continue  # page chrome and decorative lines (separators, bullets) are not titles
        if looks_like_abstract(text):
            if entry is not None and not entry.meta_seen:
                entry.abstract = text if entry.abstract is None else f"{entry.abstract}\n\n{text}"
            else:
                problems.report(where, first_line, "missing-title", "paragraph with no paper title above")
            continue
        if entry is not None:
            yield entry.record(where)
        entry = _Entry(title=text, line=first_line)
    if entry is not None:
        yield entry.record(where)
