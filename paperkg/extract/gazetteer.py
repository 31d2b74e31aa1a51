"""The extractor's general ML knowledge, loaded once from the data files in ``extract/data``.

Names of methods, datasets and metrics, the phrases and acronyms that look like names but are
not, and the lexical cues of the pattern rules all live in data files (see docs/gazetteers.md)
so that knowledge can grow without touching code. This module only indexes them.

Matching is on a normalised key: case-folded, with spaces, hyphens (and other dashes),
underscores and non-decimal dots removed, so "CIFAR10", "CIFAR-10" and "cifar 10" meet.
Dots between digits are kept ("OPT-1.3B" is not "OPT-13B"). Forms that are short (key of at
most 3 characters) or belong to an entry marked ``ambiguous`` or ``case_sensitive`` keep their
case, because "SAM", "MATH", "ReAct" or "ZeRO" only name something when written that way.
``ambiguous`` says more: even with the right case the word is common, so a match needs
supporting context ("Adam", "Gemini"); ``case_sensitive`` entries are trusted once the case fits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from paperkg.extract.model import EntityType, is_entity_type
from paperkg.util.names import lookup_key
from paperkg.util.spelling import american

ENTITY_TYPES: tuple[EntityType, ...] = ("METHOD", "DATASET", "METRIC")

DATA_DIR = Path(__file__).with_name("data")
GAZETTEER_FILES: dict[EntityType, str] = {
    "METHOD": "methods.jsonl",
    "DATASET": "datasets.jsonl",
    "METRIC": "metrics.jsonl",
}
SHORT_KEY_LEN = 3

_WHITESPACE = re.compile(r"\s")


_ANY_DIGITS = re.compile(r"\d+")
# a number that stands for a word between letters ("seq2seq", "doc2vec") is part of the spelling
_VERSION_DIGITS = re.compile(r"(?<![A-Za-z])\d+|\d+(?![A-Za-z])")


@lru_cache(maxsize=1 << 14)
def version_suffix(surface: str, canonical: str) -> str:
    """The numbers ``surface`` adds to the entry name ``canonical`` ("AISHELL-2" over "AISHELL": "2",
    "GPT-3 175B" over "GPT-3": "175"), joined by dots; "" when it adds none.

    Entries group a family's versions and sizes as aliases, but the guide counts each version as
    an entity of its own and a leaderboard must not mix two test sets, so the extractor and the
    graph tell them apart by this. A number that the entry's name ends the same way ("AIME24" for
    "AIME 2024", "CoNLL03" for "CoNLL-2003") or holds is the same name written differently, and so
    is a number between letters ("seq2seq" for "sequence-to-sequence")."""
    own = _ANY_DIGITS.findall(canonical)
    extra = [d for d in _VERSION_DIGITS.findall(surface) if not any(o.endswith(d) for o in own)]
    return ".".join(extra)


def is_case_sensitive_form(form: str, ambiguous: bool, case_sensitive: bool = False) -> bool:
    """Whether ``form`` must match with its case: flagged entries and very short names."""
    return ambiguous or case_sensitive or len(lookup_key(form)) <= SHORT_KEY_LEN


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known method, dataset or metric with every spelling the gazetteer knows.

    ``family`` (methods), ``task`` (datasets) and ``direction`` (metrics: "higher", "lower"
    or "" when it depends) are empty for the other types. ``case_sensitive_forms`` lists the
    forms that only match with the case as written.
    """

    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    family: str = ""
    task: str = ""
    direction: str = ""
    ambiguous: bool = False
    case_sensitive_forms: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def group(self) -> str:
        """The family of a method or the task of a dataset (empty for metrics)."""
        return self.family or self.task

    def is_ambiguous_form(self, form: str) -> bool:
        """Whether a match on ``form`` needs supporting context before it is trusted.

        Only single-word forms of ambiguous entries ("Gemini", "Adam"): multi-word aliases
        ("Adam optimizer", "Segment Anything Model") are distinctive on their own.
        """
        return self.ambiguous and not _WHITESPACE.search(form.strip())


@dataclass(frozen=True, slots=True)
class AcronymReading:
    """One reading of an ambiguous acronym; ``type`` is None when that reading is no entity."""

    type: EntityType | None
    long_form: str


class Gazetteer:
    """Indexed gazetteers and stop lists. Build it with :meth:`load` (cached per process)."""

    def __init__(
        self,
        entries: list[GazetteerEntry],
        non_entities: set[str],
        non_entity_acronyms: set[str],
        ambiguous_acronyms: dict[str, tuple[AcronymReading, ...]],
        cross_type: Mapping[str, Any],
    ) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self.cross_type: Mapping[str, Any] = cross_type
        self.ambiguous_acronyms: Mapping[str, tuple[AcronymReading, ...]] = ambiguous_acronyms
        self._non_entities = frozenset(non_entities)
        self._non_entity_acronyms = frozenset(non_entity_acronyms)
        self._folded: dict[str, list[GazetteerEntry]] = {}
        self._cased: dict[str, list[GazetteerEntry]] = {}
        self._by_name: dict[tuple[str, str], GazetteerEntry] = {}
        for entry in self.entries:
            self._by_name[(entry.type, entry.name.casefold())] = entry
            for form in entry.forms:
                cased = form in entry.case_sensitive_forms
                index = self._cased if cased else self._folded
                bucket = index.setdefault(lookup_key(form, case_sensitive=cased), [])
                if entry not in bucket:
                    bucket.append(entry)

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> Gazetteer:
        """The gazetteer of ``data_dir`` (default: the package data), read once per process."""
        return _load_cached(str(Path(data_dir) if data_dir is not None else DATA_DIR))

    # -- queries -----------------------------------------------------------------------------

    def lookup(self, surface: str) -> list[GazetteerEntry]:
        """Every entry one of whose forms has the same key as ``surface`` (any type). The forms are
        written the American way; a surface that matches none is also looked up in American
        spelling ("Adam optimiser", "normalised mutual information")."""
        found = self._lookup(surface)
        if not found:
            us = american(surface)
            if us != surface:
                found = self._lookup(us)
        return found

    def _lookup(self, surface: str) -> list[GazetteerEntry]:
        found = list(self._folded.get(lookup_key(surface), ()))
        for entry in self._cased.get(lookup_key(surface, case_sensitive=True), ()):
            if entry not in found:
                found.append(entry)
        return found

    def lookup_type(self, surface: str, entity_type: EntityType) -> list[GazetteerEntry]:
        return [e for e in self.lookup(surface) if e.type == entity_type]

    def by_name(self, entity_type: EntityType, name: str) -> GazetteerEntry | None:
        """The entry whose canonical name is ``name`` (case-insensitive)."""
        return self._by_name.get((entity_type, name.casefold()))

    def of_type(self, entity_type: EntityType) -> list[GazetteerEntry]:
        return [e for e in self.entries if e.type == entity_type]

    def is_non_entity(self, phrase: str) -> bool:
        """Whether ``phrase`` is a listed look-alike (model class, task, library, org, ...)."""
        return lookup_key(phrase) in self._non_entities

    def is_non_entity_acronym(self, token: str) -> bool:
        """Whether ``token`` is an acronym that is never an entity ("LLM", "GPU", "SOTA")."""
        return token.strip() in self._non_entity_acronyms

    def acronym_readings(self, token: str) -> tuple[AcronymReading, ...]:
        """The readings of an ambiguous acronym ("ASR"), empty when it is not listed."""
        return self.ambiguous_acronyms.get(token.strip(), ())

    def patterns(self, case_sensitive: bool = False) -> Iterator[tuple[EntityType, str]]:
        """(label, surface) pairs for a spaCy PhraseMatcher.

        ``case_sensitive=False`` gives the forms to add to a matcher with ``attr="LOWER"``;
        ``True`` gives the forms that need an exact-case (``ORTH``) matcher.
        """
        seen: set[tuple[str, str]] = set()
        for entry in self.entries:
            for form in entry.forms:
                if (form in entry.case_sensitive_forms) != case_sensitive:
                    continue
                marker = (entry.type, form if case_sensitive else form.casefold())
                if marker not in seen:
                    seen.add(marker)
                    yield entry.type, form

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=4)
def _load_cached(data_dir: str) -> Gazetteer:
    root = Path(data_dir)
    entries: list[GazetteerEntry] = []
    for entity_type, filename in GAZETTEER_FILES.items():
        entries.extend(read_entries(root / filename, entity_type))
    return Gazetteer(
        entries,
        non_entities={lookup_key(p) for p in read_lines(root / "non_entities.txt")},
        non_entity_acronyms=set(read_lines(root / "acronyms_not_entities.txt")),
        ambiguous_acronyms=read_ambiguous_acronyms(root / "ambiguous_acronyms.txt"),
        cross_type=_read_json(root / "cross_type.json"),
    )


def read_entries(path: Path, entity_type: EntityType) -> list[GazetteerEntry]:
    """Parse one gazetteer JSONL file; a malformed line is a packaging bug, so it raises."""
    entries = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                name = obj["name"]
                aliases = tuple(obj.get("aliases", ()))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: bad gazetteer line ({exc})") from exc
            ambiguous = bool(obj.get("ambiguous", False))
            cased = bool(obj.get("case_sensitive", False))
            forms = (name, *aliases)
            entries.append(GazetteerEntry(
                type=entity_type,
                name=name,
                aliases=aliases,
                family=obj.get("family", "") if entity_type == "METHOD" else "",
                task=obj.get("task", "") if entity_type == "DATASET" else "",
                direction=obj.get("direction", "") if entity_type == "METRIC" else "",
                ambiguous=ambiguous,
                case_sensitive_forms=tuple(f for f in forms if is_case_sensitive_form(f, ambiguous, cased)),
            ))
    return entries


def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a word list, stripped."""
    lines = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = line.strip()
            if text and not text.startswith("#"):
                lines.append(text)
    return lines


def read_ambiguous_acronyms(path: Path) -> dict[str, tuple[AcronymReading, ...]]:
    """``ACRONYM<TAB>TYPE=long form | TYPE=long form`` lines; TYPE NONE means no entity."""
    table: dict[str, tuple[AcronymReading, ...]] = {}
    for lineno, line in enumerate(read_lines(path), 1):
        acronym, _, rest = line.partition("\t")
        readings = []
        for part in rest.split("|"):
            kind, sep, long_form = part.strip().partition("=")
            if not sep or kind not in (*ENTITY_TYPES, "NONE"):
                raise ValueError(f"{path}: entry {lineno} ({acronym!r}): bad reading {part.strip()!r}")
            readings.append(AcronymReading(kind if is_entity_type(kind) else None, long_form.strip()))
        table[acronym.strip()] = tuple(readings)
    return table


def _read_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)
