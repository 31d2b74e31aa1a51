"""Merging the same paper seen several times (overlapping pages, several sources) into one record.

Two records are the same paper when they share the record id, the arXiv id, the DOI, or — unless
their arXiv ids or DOIs conflict — the title slug. The merged record keeps the id and position of
its first appearance, every ``SourceRef``, the maximum upvotes and comment count, the earliest
listing day, the longer abstract, the union of authors / organisations / categories / keywords, and
the first non-empty value of every other field (a dated value with a year beats a year-less one,
which only said less).

Memory: output is in order of first appearance and a later duplicate can still change an earlier
record, so :class:`Deduper` holds every distinct record until the end — memory grows with the number
of distinct papers (about the size of their text, ~1.5 KB per abstract), not with the input; the
alias index adds a few short strings per paper. :func:`spool_dedupe` gives the same records with the
text on disk instead: it writes each first appearance to a spool file as it arrives and keeps only
what matching needs (ids, title, arXiv id, DOI, the file offset) plus the full records of papers
that actually had duplicates; reading the result streams the file (:class:`SpooledRecords`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef, slug_id

_FIRST_WINS = ("url", "arxiv_id", "doi", "authors_count")


def _union(into: list[str], more: list[str]) -> None:
    seen = {v.casefold() for v in into}
    for v in more:
        if v.casefold() not in seen:
            seen.add(v.casefold())
            into.append(v)


def merge_into(rec: PaperRecord, other: PaperRecord) -> None:
    """Fold ``other`` into ``rec`` in place."""
    if other.abstract and (not rec.abstract or len(other.abstract.strip()) > len(rec.abstract.strip())):
        rec.abstract = other.abstract
    if other.upvotes is not None and (rec.upvotes is None or other.upvotes > rec.upvotes):
        rec.upvotes = other.upvotes
    for name in _FIRST_WINS:
        if getattr(rec, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(rec, name, getattr(other, name))
    if other.date and (not rec.date or (rec.year is None and other.year is not None)):
        rec.date, rec.year = other.date, other.year
    elif rec.year is None and other.year is not None and not other.date:
        rec.year = other.year
    _union(rec.authors, other.authors)
    _union(rec.organizations, other.organizations)
    _union(rec.categories, other.categories)
    _union(rec.keywords, other.keywords)
    if other.listed and (not rec.listed or other.listed < rec.listed):  # the first day it was listed
        rec.listed = other.listed
    if other.comments is not None and (rec.comments is None or other.comments > rec.comments):
        rec.comments = other.comments
    rec.sources.extend(other.sources)


class _Kept(Protocol):
    """What matching reads of a paper already seen: a whole record, or :class:`_Seen`."""

    id: str
    title: str
    arxiv_id: str | None
    doi: str | None
    sources: list[SourceRef]


K = TypeVar("K", bound=_Kept)


class _Matcher(Generic[K]):
    """The matching both de-duplicators share; ``_keep`` and ``_merge`` say what is held per paper.

    A record whose id is already taken by a paper with another title, and which shares no arXiv id
    or DOI with it, is a different paper under a reused id (a hand-made or concatenated file):
    merging would pair one paper's title with the other's abstract, so it is reported to
    ``problems`` as ``duplicate-id`` and left out instead.
    """

    def __init__(self, problems: ProblemLog | None = None) -> None:
        self.problems = problems
        self._by_id: dict[str, K] = {}
        self._alias: dict[str, str] = {}  # "arxiv:…", "doi:…", "slug:…" -> record id
        self.seen = 0
        self.merged = 0

    def _keys(self, rec: PaperRecord) -> list[str]:
        keys = [f"id:{rec.id}"]
        if rec.arxiv_id:
            keys.append(f"arxiv:{rec.arxiv_id}")
        if rec.doi:
            keys.append(f"doi:{rec.doi}")
        keys.append(f"slug:{slug_id(rec.title)}")
        return keys

    @staticmethod
    def _conflict(a: _Kept, b: PaperRecord) -> bool:
        return bool((a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id)
                    or (a.doi and b.doi and a.doi != b.doi))

    def add(self, rec: PaperRecord) -> None:
        self.seen += 1
        target: K | None = self._by_id.get(rec.id)
        if target is not None and self._reused_id(target, rec):
            self._report_reused(target, rec)
            return
        if target is None:
            for key in self._keys(rec)[1:]:
                found = self._alias.get(key)
                if found is not None and not self._conflict(self._by_id[found], rec):
                    target = self._by_id[found]
                    break
        if target is None:
            target = self._keep(rec)
        else:
            self.merged += 1
            self._merge(target, rec)
        for key in self._keys(rec)[1:]:
            self._alias.setdefault(key, target.id)

    def _keep(self, rec: PaperRecord) -> K:
        raise NotImplementedError

    def _merge(self, target: K, rec: PaperRecord) -> None:
        raise NotImplementedError

    @staticmethod
    def _reused_id(a: _Kept, b: PaperRecord) -> bool:
        if (a.arxiv_id and a.arxiv_id == b.arxiv_id) or (a.doi and a.doi == b.doi):
            return False
        return slug_id(a.title) != slug_id(b.title)

    def _report_reused(self, first: _Kept, rec: PaperRecord) -> None:
        if self.problems is None:
            return
        src, seen = rec.sources[0] if rec.sources else None, first.sources[0] if first.sources else None
        where = f" (first at {seen.path}:{seen.line})" if seen and seen.line else ""
        self.problems.report(
            src.path if src else "", src.line if src else None, "duplicate-id",
            f"id {rec.id!r} already names a paper with another title{where}; this record skipped",
        )



class Deduper(_Matcher[PaperRecord]):
    """Accumulates records; ``records()`` gives one merged record per paper, in first-seen order
    (a reused id is reported, see :class:`_Matcher`)."""

    def _keep(self, rec: PaperRecord) -> PaperRecord:
        self._by_id[rec.id] = rec
        return rec

    def _merge(self, target: PaperRecord, rec: PaperRecord) -> None:
        merge_into(target, rec)

    def records(self) -> list[PaperRecord]:
        return list(self._by_id.values())


def dedupe(records: Iterable[PaperRecord], problems: ProblemLog | None = None) -> list[PaperRecord]:
    d = Deduper(problems)
    for rec in records:
        d.add(rec)
    return d.records()


@dataclass(slots=True)
class _Seen:
    """What :class:`SpoolingDeduper` keeps of a paper: what matching and the checks read."""

    id: str
    title: str
    arxiv_id: str | None
    doi: str | None
    sources: list[SourceRef]  # the first SourceRef only (for the duplicate-id warning)
    offset: int  # of its line in the spool
    has_abstract: bool


class SpoolingDeduper(_Matcher[_Seen]):
    """:class:`Deduper` with each first appearance written to ``path`` instead of held."""

    def __init__(self, path: str | Path, problems: ProblemLog | None = None) -> None:
        super().__init__(problems)
        self.path = Path(path)
        self._fh = self.path.open("w+b")
        self._full: dict[str, PaperRecord] = {}  # papers that had duplicates, merged so far

    def _keep(self, rec: PaperRecord) -> _Seen:
        self._fh.seek(0, os.SEEK_END)
        offset = self._fh.tell()
        seen = _Seen(rec.id, rec.title, rec.arxiv_id, rec.doi, rec.sources[:1], offset, rec.has_abstract)
        self._fh.write(json.dumps(rec.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
        self._by_id[rec.id] = seen
        return seen

    def _merge(self, target: _Seen, rec: PaperRecord) -> None:
        full = self._full.get(target.id)
        if full is None:
            self._fh.seek(target.offset)
            full = self._full[target.id] = PaperRecord.from_dict(json.loads(self._fh.readline()))
        merge_into(full, rec)
        target.arxiv_id, target.doi, target.has_abstract = full.arxiv_id, full.doi, full.has_abstract

    def records(self) -> SpooledRecords:
        """The result; the matching index is dropped (it is the memory this class exists to bound)."""
        self._fh.close()
        n_text = sum(1 for s in self._by_id.values() if s.has_abstract)
        out = SpooledRecords(self.path, self._full, len(self._by_id), n_text)
        self._by_id, self._alias, self._full = {}, {}, {}
        return out


class SpooledRecords:
    """De-duplicated records in first-seen order, read from the spool file on every iteration (so
    two iterations can run side by side, as extraction and part writing do). ``len`` is known."""

    def __init__(
        self, path: Path, merged: dict[str, PaperRecord], count: int, with_text: int, only_text: bool = False
    ) -> None:
        self.path, self._merged, self._count, self._with_text = path, merged, count, with_text
        self._only_text = only_text

    def __len__(self) -> int:
        return self._with_text if self._only_text else self._count

    def __iter__(self) -> Iterator[PaperRecord]:
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                rec = self._merged.get(d["id"]) or PaperRecord.from_dict(d)
                if not self._only_text or rec.has_abstract:
                    yield rec

    def with_abstract(self) -> SpooledRecords:
        """The records that have an abstract (what extraction takes), without reading them now."""
        return SpooledRecords(self.path, self._merged, self._count, self._with_text, only_text=True)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def spool_dedupe(
    records: Iterable[PaperRecord], path: str | Path, problems: ProblemLog | None = None
) -> SpooledRecords:
    """:func:`dedupe` with the records' text kept in the file ``path`` instead of in memory."""
    d = SpoolingDeduper(path, problems)
    try:
        for rec in records:
            d.add(rec)
    except BaseException:
        d._fh.close()
        d.path.unlink(missing_ok=True)
        raise
    return d.records()
