"""Readers: every supported input becomes a stream of ``PaperRecord``s.

``iter_records`` streams raw records (one per entry seen, duplicates included) and never holds a
file in memory; ``read_papers`` merges duplicates (see ``dedupe`` for the memory trade-off).
Bad input never raises: each problem is one ``ProblemLog.report`` and the rest is still read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from paperkg.sources import arxiv_atom, arxiv_snapshot, hf_api, hf_daily, jsonl, openalex
from paperkg.sources.dedupe import Deduper
from paperkg.sources.detect import FORMATS, detect_format, iter_inputs
from paperkg.sources.problems import ProblemLog
from paperkg.sources.record import PaperRecord, SourceRef

# Problem reasons after which the record or file was still read (repaired), not skipped.
KEPT_REASONS = frozenset({"encoding-fallback", "bad-field", "too-long"})

# Longer fields are cut (with a warning): arXiv caps abstracts at 1,920 characters and titles
# rarely pass 300, so anything far beyond is a whole paper, a log or hostile input; the extractor's
# time and memory grow with the text (spaCy refuses a document over 1,000,000 characters outright).
MAX_CHARS = {"title": 1_000, "abstract": 20_000}

Reader = Callable[[Path, ProblemLog], Iterator[PaperRecord]]

READERS: dict[str, Reader] = {
    "hf-daily": hf_daily.read,
    "hf-api": hf_api.read,
    "json": jsonl.read,
    "jsonl": jsonl.read,
    "arxiv": arxiv_snapshot.read,
    "atom": arxiv_atom.read,
    "openalex": openalex.read,
}

__all__ = ["FORMATS", "KEPT_REASONS", "PaperRecord", "ProblemLog", "READERS", "SourceRef", "detect_format",
           "iter_records", "read_papers"]


def _as_list(paths: str | Path | Iterable[str | Path]) -> list[str | Path]:
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def iter_records(
    paths: str | Path | Iterable[str | Path], format: str | None = None,
    problems: ProblemLog | None = None, ignored: list[str] | None = None,
) -> Iterator[PaperRecord]:
    """Every record of every input file, in file order (directories walked in sorted order).

    ``format`` forces one reader (a name from ``FORMATS``) instead of detection; ``ignored``
    collects the files passed over as not paper files.
    """
    if format is not None and format not in READERS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    problems = problems if problems is not None else ProblemLog()
    for path, fmt in iter_inputs(_as_list(paths), format, problems, ignored):
        before, count = problems.skipped, 0
        try:
            for rec in READERS[fmt](path, problems):
                count += 1
                _cap(rec, problems)
                yield rec
        except OSError as exc:  # the file vanished or failed mid-read outside a reader's own guard
            problems.report(str(path), None, "unreadable", f"read error, rest of file skipped: {exc}")
        if count == 0 and problems.skipped == before:  # silence would hide a wrong --format or file
            problems.report(str(path), None, "no-records", f"no paper records found (read as {fmt})")


def _cap(rec: PaperRecord, problems: ProblemLog) -> None:
    for name, limit in MAX_CHARS.items():
        text = getattr(rec, name)
        if text is None or len(text) <= limit:
            continue
        cut = text.rfind(" ", limit - 200, limit + 1)
        setattr(rec, name, text[: cut if cut > 0 else limit].rstrip())
        src = rec.sources[0] if rec.sources else None
        problems.report(src.path if src else "", src.line if src else None, "too-long",
                        f"{name} of {len(text):,} characters cut to the first {limit:,}")


def read_papers(paths: str | Path | Iterable[str | Path], format: str | None = None,
                problems: ProblemLog | None = None, ignored: list[str] | None = None) -> list[PaperRecord]:
    """One merged record per distinct paper, in order of first appearance."""
    problems = problems if problems is not None else ProblemLog()
    d = Deduper(problems)
    for rec in iter_records(paths, format, problems, ignored):
        d.add(rec)
    return d.records()
