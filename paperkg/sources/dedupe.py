"""Merging the same paper seen several times (overlapping pages, several sources) into one record.

Two records are the same paper when they share the record id, the arXiv id, the DOI, or — unless
their arXiv ids or DOIs conflict — the title slug. The merged record keeps the id and position of
its first appearance, every ``SourceRef``, the maximum upvotes, the longer abstract, the union of
authors / organisations / categories, and the first non-empty value of every other field (a dated
value with a year beats a year-less one, which only said less).

Memory: output is in order of first appearance and a later duplicate can still change an earlier
record, so every distinct record is held until the end — memory grows with the number of distinct
papers (about the size of their text), not with the input; the alias index adds a few short strings
per paper. For inputs too large for that, ``iter_records`` streams without merging (``--no-dedupe``)
and the graph store merges on id at load time instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, slug_id

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
    rec.sources.extend(other.sources)


class Deduper:
    """Accumulates records; ``records()`` gives one merged record per paper, in first-seen order.

    A record whose id is already taken by a paper with another title, and which shares no arXiv id
    or DOI with it, is a different paper under a reused id (a hand-made or concatenated file):
    merging would pair one paper's title with the other's abstract, so it is reported to
    ``problems`` as ``duplicate-id`` and left out instead.
    """

    def __init__(self, problems: ProblemLog | None = None) -> None:
        self.problems = problems
        self._by_id: dict[str, PaperRecord] = {}
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
    def _conflict(a: PaperRecord, b: PaperRecord) -> bool:
        return bool((a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id)
                    or (a.doi and b.doi and a.doi != b.doi))

    def add(self, rec: PaperRecord) -> None:
        self.seen += 1
        target: PaperRecord | None = self._by_id.get(rec.id)
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
            target = rec
            self._by_id[rec.id] = rec
        else:
            self.merged += 1
            merge_into(target, rec)
        for key in self._keys(rec)[1:]:
            self._alias.setdefault(key, target.id)

    @staticmethod
    def _reused_id(a: PaperRecord, b: PaperRecord) -> bool:
        if (a.arxiv_id and a.arxiv_id == b.arxiv_id) or (a.doi and a.doi == b.doi):
            return False
        return slug_id(a.title) != slug_id(b.title)

    def _report_reused(self, first: PaperRecord, rec: PaperRecord) -> None:
        if self.problems is None:
            return
        src, seen = rec.sources[0] if rec.sources else None, first.sources[0] if first.sources else None
        where = f" (first at {seen.path}:{seen.line})" if seen and seen.line else ""
        self.problems.report(
            src.path if src else "", src.line if src else None, "duplicate-id",
            f"id {rec.id!r} already names a paper with another title{where}; this record skipped",
        )

    def records(self) -> list[PaperRecord]:
        return list(self._by_id.values())


def dedupe(records: Iterable[PaperRecord], problems: ProblemLog | None = None) -> list[PaperRecord]:
    d = Deduper(problems)
    for rec in records:
        d.add(rec)
    return d.records()
