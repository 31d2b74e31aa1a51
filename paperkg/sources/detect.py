"""Which reader a file needs, and which files of a directory are paper files at all.

Content decides over extension where they disagree, because real dumps are misnamed (the arXiv
snapshot is JSON Lines named ``.json``). Rules, in order (see docs/formats.md):

1. first non-blank text ``<?xml`` or ``<feed`` -> ``atom``;
2. ``{``/``[``: the first object has ``abstract_inverted_index``/``authorships`` or an
   ``https://openalex.org/`` id -> ``openalex``; two or more arXiv-snapshot keys (``submitter``,
   ``versions``, ``authors_parsed``, …) -> ``arxiv``; a Hugging Face API entry (a ``paper`` object
   with ``id`` and ``title``/``summary``) or API paper (``id``, ``summary`` and a key or author shape
   only that API has) -> ``hf-api``; else ``jsonl`` (one value per line) or ``json``;
3. text with the Daily Papers chrome or its title/abstract/meta block shape -> ``hf-daily``;
4. otherwise unknown (None).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from paperkg.sources import arxiv_snapshot, hf_api, hf_daily
from paperkg.sources.json_stream import container, first_object
from paperkg.sources.problems import ProblemLog
from paperkg.sources.textio import Unreadable, check_text_file, decode_head

FORMATS = ("hf-daily", "hf-api", "json", "jsonl", "arxiv", "atom", "openalex")
PAPER_SUFFIXES = frozenset({".txt", ".text", ".json", ".jsonl", ".ndjson", ".xml", ".atom"})
NOT_PAPERS = frozenset({"NOTICE", "README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "AUTHORS"})


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1]


def sniff(head_text: str, suffix: str = "") -> str | None:
    """The format of a file from its first (decoded) bytes and its extension."""
    text = head_text.lstrip("\ufeff \t\r\n")
    if text.startswith("<?xml") or text.startswith("<feed") or (text.startswith("<") and "<feed" in text):
        return "atom"
    if text.startswith(("{", "[")) or suffix in (".json", ".jsonl", ".ndjson"):
        obj = first_object(text)
        if obj is not None:
            oid = obj.get("id")
            if ("abstract_inverted_index" in obj or "authorships" in obj
                    or (isinstance(oid, str) and oid.startswith("https://openalex.org/"))):
                return "openalex"
            if len(arxiv_snapshot.KEYS & obj.keys()) >= 2:
                return "arxiv"
            if hf_api.looks_like_api(obj):
                return "hf-api"
        elif hf_api.starts_like_api(text):
            return "hf-api"
        return "jsonl" if suffix in (".jsonl", ".ndjson") or container(text) == "lines" else "json"
    if hf_daily.looks_like_page(text):
        return "hf-daily"
    return None


def detect_format(path: str | Path) -> str | None:
    """The reader name for a file, or None when it is not a (readable) paper file."""
    path = Path(path)
    try:
        head = check_text_file(path)
    except Unreadable:
        return None
    return sniff(decode_head(head), _suffix(path))


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            yield Path(dirpath) / name


def _not_paper_by_name(path: Path) -> bool:
    stem = path.name.split(".", 1)[0].upper()
    return path.name.startswith(".") or stem in NOT_PAPERS


def iter_inputs(paths: Iterable[str | Path], fmt: str | None, problems: ProblemLog,
                ignored: list[str] | None = None) -> Iterator[tuple[Path, str]]:
    """``(file, format)`` for every paper file under ``paths`` (directories walked, sorted).

    Named files must be readable paper files: anything else is a problem. Inside directories,
    hidden and NOTICE/README-style files are passed over silently, and other non-paper files are
    summed up in one note per directory, so a data folder with a stray image does not spam warnings.
    """
    ignored = ignored if ignored is not None else []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            unknown: list[str] = []
            for file in _walk(path):
                if _not_paper_by_name(file):
                    ignored.append(str(file))
                    continue
                if _suffix(file) in PAPER_SUFFIXES:
                    found = _named_file(file, fmt, problems)
                else:
                    sniffed = detect_format(file)  # unknown extension: only clear paper files count
                    found = fmt if fmt and sniffed is not None else sniffed
                if found is None:
                    if _suffix(file) not in PAPER_SUFFIXES:
                        unknown.append(file.name)
                    ignored.append(str(file))
                    continue
                yield file, found
            if unknown:
                shown = ", ".join(unknown[:3]) + (", …" if len(unknown) > 3 else "")
                problems.report(str(path), None, "not-a-paper-file",
                                f"ignored {len(unknown)} file(s) that are not paper files: {shown}")
            continue
        found = _named_file(path, fmt, problems)
        if found is not None:
            yield path, found


def _named_file(path: Path, fmt: str | None, problems: ProblemLog) -> str | None:
    try:
        head = check_text_file(path)
    except Unreadable as exc:
        problems.report(str(path), None, exc.reason, str(exc))
        return None
    if fmt:
        return fmt
    found = sniff(decode_head(head), _suffix(path))
    if found is None:
        problems.report(str(path), None, "unknown-format",
                        "not a recognised paper file (use --format to say which it is)")
    return found
