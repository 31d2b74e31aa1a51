"""A candidate mention of an entity, and how overlapping candidates are settled.

Every rule family (gazetteer matches, acronym definitions, name shapes, head nouns, measures,
introductions) proposes :class:`Candidate` spans with the rule that found them (``source``);
:func:`resolve_overlaps` keeps one reading of every stretch of text, trusting definitions and
introductions first, then the longest span, then the rule's rank. The key that groups the surface
forms of one entity is :func:`~paperkg.util.names.successor_key`.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from paperkg.extract.model import EntityType

RANK = {
    "abbrev": 5,
    "naming": 4,
    "title": 4,
    "gaz": 3,
    "dataset_head": 2,
    "method_head": 2,
    "metric": 2,
    "shape": 1,
    "model": 6,
}
# _resolve_overlaps orders by (definitions and introductions first, longest, rank, start); the
# trained model's mentions come before every rule's
_FIRST = {source: 0 if rank >= 4 else 1 for source, rank in RANK.items()} | {"model": -1}
_NEG_RANK = {source: -rank for source, rank in RANK.items()}


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    source: str
    type: EntityType | None = None
    canonical: str | None = None
    strong_type: bool = False  # type from knowledge or a definition, not from context
    needs_support: bool = False  # an ambiguous gazetteer word ("Adam"): kept only with context

    @property
    def length(self) -> int:
        return self.end - self.start


by_start = attrgetter("start")


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: definitions and introductions first, then the longest."""
    order = sorted(cands, key=lambda c: (_FIRST[c.source], c.start - c.end, _NEG_RANK[c.source], c.start))
    taken: list[tuple[int, int]] = []
    chosen = []
    # Characters covered by a kept candidate: one C-level search per candidate instead of a
    # comparison with every kept one. Empty ranges (never produced today) keep the pairwise rule.
    covered = bytearray(max((c.end for c in cands), default=0) + 1)
    empty_taken: list[tuple[int, int]] = []
    for c in order:
        if c.start < c.end:
            if covered.find(1, c.start, c.end) != -1:
                continue
            if empty_taken and any(c.start < e and s < c.end for s, e in empty_taken):
                continue
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        else:
            if any(c.start < e and s < c.end for s, e in taken):
                continue
            empty_taken.append((c.start, c.end))
        taken.append((c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=by_start)
