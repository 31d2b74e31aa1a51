"""arXiv API Atom feeds (``http://export.arxiv.org/api/query`` responses).

Parsed as a stream with expat — the parser ``xml.etree.ElementTree.iterparse`` runs on — driven
directly for two reasons: expat reports the line of every ``<entry>`` (iterparse cannot), so problems
and ``SourceRef`` name real lines; and it lets any DOCTYPE or ENTITY declaration be refused outright.
Atom feeds never need a DTD, and refusing it closes entity-expansion attacks ("billion laughs",
external entities) before a single entity is expanded. Only the current entry is held in memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from paperkg.sources.dates import parse_date
from paperkg.sources.ids import choose_id, normalize_arxiv_id, normalize_doi
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef
from paperkg.sources.textio import Unreadable, check_text_file, clean_text, open_binary

FORMAT = "atom"
CHUNK_BYTES = 64 * 1024
MAX_TEXT_CHARS = 1 << 20  # text of one element; more is hostile input


class UnsafeXML(Exception):
    pass


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


class _Entry:
    __slots__ = ("line", "fields", "authors", "orgs", "categories", "links")

    def __init__(self, line: int) -> None:
        self.line = line
        self.fields: dict[str, str] = {}
        self.authors: list[str] = []
        self.orgs: list[str] = []
        self.categories: list[str] = []
        self.links: list[dict[str, str]] = []


class _Handler:
    """Collects finished entries while expat is fed; the reader drains ``done`` after each chunk."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.stack: list[str] = []
        self.text: list[str] = []
        self.size = 0
        self.entry: _Entry | None = None
        self.entry_depth = 0
        self.done: list[_Entry] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        self.stack.append(local)
        self.text, self.size = [], 0
        if local == "entry" and self.entry is None:
            self.entry = _Entry(self.parser.CurrentLineNumber)
            self.entry_depth = len(self.stack)
        elif self.entry is not None and len(self.stack) == self.entry_depth + 1:
            if local == "link":
                self.entry.links.append({_local(k): v for k, v in attrs.items()})
            elif local in ("category", "primary_category") and attrs.get("term"):
                term = attrs["term"].strip()
                if term and term not in self.entry.categories:
                    self.entry.categories.append(term)

    def data(self, chunk: str) -> None:
        if self.size < MAX_TEXT_CHARS:
            self.text.append(chunk)
            self.size += len(chunk)

    def end(self, name: str) -> None:
        local = _local(name)
        depth = len(self.stack)
        entry = self.entry
        if entry is not None:
            text = "".join(self.text)
            if depth == self.entry_depth:
                self.done.append(entry)
                self.entry = None
            elif depth == self.entry_depth + 1 and local not in entry.fields:
                entry.fields[local] = text
            elif depth == self.entry_depth + 2 and self.stack[-2] == "author":
                value = clean_text(text)
                if value and local == "name":
                    entry.authors.append(value)
                elif value and local == "affiliation" and value not in entry.orgs:
                    entry.orgs.append(value)
        self.stack.pop()
        self.text, self.size = [], 0


def _refuse_doctype(*_args: object) -> None:
    raise UnsafeXML("DOCTYPE/ENTITY declarations are refused (entity-expansion guard)")


def _record(entry: _Entry, where: str, problems: ProblemLog) -> PaperRecord | None:
    f = entry.fields
    raw_id = (f.get("id") or "").strip()
    if "/api/errors" in raw_id:
        message = f"arXiv API error entry: {clean_text(f.get('summary'))}"
        problems.report(where, entry.line, "api-error", message)
        return None
    title = clean_text(f.get("title"))
    if title is None:
        problems.report(where, entry.line, "missing-title", "entry without a title skipped")
        return None
    arxiv_id = normalize_arxiv_id(raw_id)
    doi = normalize_doi(f.get("doi"))
    url = next((ln.get("href") for ln in entry.links if ln.get("rel", "alternate") == "alternate"
                and ln.get("href")), None)
    if doi is None:
        doi = next((normalize_doi(ln.get("href")) for ln in entry.links if ln.get("title") == "doi"), None)
    date, year = parse_date(f.get("published") or f.get("updated"))
    return PaperRecord(
        id=choose_id(title, arxiv_id, doi, raw_id or None),
        title=title,
        abstract=clean_text(f.get("summary")),
        authors=entry.authors,
        authors_count=len(entry.authors) or None,
        date=date,
        year=year,
        url=clean_text(url) or (raw_id if raw_id.startswith("http") else None),
        arxiv_id=arxiv_id,
        doi=doi,
        categories=entry.categories,
        organizations=entry.orgs,
        sources=[SourceRef(where, entry.line, FORMAT)],
    )


def read(path: Path, problems: ProblemLog) -> Iterator[PaperRecord]:
    where = str(path)
    try:
        check_text_file(path)
    except Unreadable as exc:
        problems.report(where, None, exc.reason, str(exc))
        return
    parser = expat.ParserCreate(namespace_separator=" ")
    handler = _Handler(parser)
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.buffer_text = True
    error: Exception | None = None
    try:
        with open_binary(path) as raw:
            while error is None:
                chunk = raw.read(CHUNK_BYTES)
                try:
                    parser.Parse(chunk, not chunk)
                except (UnsafeXML, expat.ExpatError) as exc:
                    error = exc
                for entry in handler.done:  # entries completed before an error are still good
                    if (rec := _record(entry, where, problems)) is not None:
                        yield rec
                handler.done.clear()
                if not chunk:
                    break
    except (OSError, EOFError, zlib.error) as exc:
        problems.report(where, None, "unreadable", f"read error, rest of file skipped: {exc}")
    if isinstance(error, UnsafeXML):
        problems.report(where, parser.CurrentLineNumber, "unsafe-xml", f"{error}; file skipped")
    elif isinstance(error, expat.ExpatError):
        problems.report(where, error.lineno, "invalid-xml",
                        f"invalid XML: {expat.ErrorString(error.code)}; rest of file skipped")
