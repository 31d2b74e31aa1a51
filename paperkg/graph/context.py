"""The graph label of each entity of a paper: what the paper's own text says an acronym is.

The extractor types a bare acronym mostly from its gazetteers, and some acronyms have readings of
several types: "GQA" is a visual question answering dataset and grouped-query attention, "IS" the
Inception Score and importance sampling. Resolution merges per label, so a wrong type puts one
thing into another's node (the GQA dataset node collecting papers about attention). Before
resolution, evidence in the paper itself overrides the extractor's type of an acronym — only of
acronyms, the names that papers reuse for different things — in this order:

1. **Definition.** The paper spells the acronym out, and the spelled-out form is a gazetteer entry
   of exactly one other type, or agrees (:func:`~paperkg.graph.resolve.same_expansion`) with the
   gazetteers' readings of the acronym of exactly one other type ("Group Query Attention (GQA)"
   is grouped-query attention, a method).
2. **List.** A bare acronym is listed ("MQA, GQA, MLA and NSA") with at least
   :data:`MIN_NEIGHBOURS` known entities (gazetteer matches), all of one other type and none of
   its own, and the gazetteers know a reading of the acronym of that type.
3. **Domain.** A bare acronym whose gazetteer readings have different types shares its paper with
   at least :data:`MIN_NEIGHBOURS` known entities of the family or task of the other type's reading
   and with none of its own reading's ("GQA" among multi-head latent attention, multi-query
   attention and the KV cache is the attention variant, not the VQA dataset).

A retyped entity is a copy of the extracted one with the new type and, as its gazetteer name, the
one entry of that type the evidence points to (none when several fit), so that it meets the other
papers' mentions of that reading. Everything else keeps the extractor's type, and the extraction
itself is never changed: the type lives in the graph only. The same function serves the resolver
and the graph builder, so both see each entity the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from paperkg.extract.gazetteer import Gazetteer, GazetteerEntry
from paperkg.extract.model import Entity, EntityType, Extraction
from paperkg.graph.resolve import is_acronym, rules, same_expansion
from paperkg.sources.record import PaperRecord

LABEL_OF_TYPE = {"METHOD": "Method", "DATASET": "Dataset", "METRIC": "Metric"}
MIN_NEIGHBOURS = 2  # one known neighbour ("GQA and CLA") is a pair, not yet evidence of a kind
_MAX_SEPARATORS = 2  # ", and" at most between two names of a list
_GAP_TOKENS = re.compile(r"[A-Za-z]+|\S")


Reading = tuple[EntityType, "str | None"]  # (type, gazetteer name of the one entry of that reading, or None)


def paper_entities(record: PaperRecord | None, extraction: Extraction) -> list[Entity]:
    """The paper's entities as the graph reads them: the extracted ones, and a retyped copy where
    the context says an acronym is of another type (``record`` gives the text lists are read
    from; without it, lists decide nothing)."""
    entities = extraction.entities()
    gaz = _gazetteer()
    if gaz is None:  # a broken gazetteer must not stop a build: the extracted types stay
        return entities
    out: list[Entity] = []
    for i, ent in enumerate(entities):
        reading = (
            _by_definition(gaz, ent)
            or _by_list(gaz, record, entities, i)
            or _by_domain(gaz, entities, i)
        )
        out.append(replace(ent, type=reading[0], canonical=reading[1]) if reading else ent)
    return out


def _gazetteer() -> Gazetteer | None:
    try:
        return Gazetteer.load()
    except (OSError, ValueError):
        return None


def _acronyms(ent: Entity) -> list[str]:
    return [f for f in ent.forms if is_acronym(f)]


def _readings(
    gaz: Gazetteer, acronyms: Iterable[str]
) -> dict[EntityType, list[tuple[str, GazetteerEntry | None]]]:
    """type -> (spelled-out form or "", entry or None) of every gazetteer reading of the acronyms:
    the entries listing the acronym and the readings of the ambiguous-acronym list."""
    out: dict[EntityType, list[tuple[str, GazetteerEntry | None]]] = {}
    for a in acronyms:
        for e in gaz.lookup(a):
            for f in [f for f in e.forms if not is_acronym(f)] or [""]:
                out.setdefault(e.type, []).append((f, e))
        for r in gaz.acronym_readings(a):
            if r.type is None:
                continue
            entries: list[GazetteerEntry | None] = list(gaz.lookup_type(r.long_form, r.type)) or [None]
            out.setdefault(r.type, []).extend((r.long_form, e) for e in entries)
    return out


def _one_entry(entries: Iterable[GazetteerEntry | None]) -> str | None:
    names = {e.name for e in entries if e is not None}
    return names.pop() if len(names) == 1 else None


def _by_definition(gaz: Gazetteer, ent: Entity) -> Reading | None:
    """The one other type that the paper's spelled-out form of its acronym names."""
    acronyms = _acronyms(ent)
    spelled = [f for f in ent.forms if not is_acronym(f) and (" " in f.strip() or "-" in f)]
    if not acronyms or not spelled:
        return None
    named: dict[EntityType, list[GazetteerEntry | None]] = {}
    for f in spelled:
        for e in gaz.lookup(f):
            named.setdefault(e.type, []).append(e)
    if not named:
        for t, readings in _readings(gaz, acronyms).items():
            for long, entry in readings:
                if long and any(same_expansion(f, long) for f in spelled):
                    named.setdefault(t, []).append(entry)
    if len(named) != 1 or ent.type in named:
        return None
    ((t, entries),) = named.items()
    return t, _one_entry(entries)


def _bare(ent: Entity) -> list[str]:
    """The acronym of an entity that is nothing but its acronym (else [])."""
    acronyms = _acronyms(ent)
    return acronyms if acronyms and len(acronyms) == len(ent.forms) else []


def _by_list(
    gaz: Gazetteer, record: PaperRecord | None, entities: list[Entity], index: int
) -> Reading | None:
    """The type of the known entities a bare acronym is listed with, when it has such a reading."""
    acronyms = _bare(entities[index])
    if record is None or not acronyms:
        return None
    votes = _list_neighbour_types(record, entities, index)
    if votes[entities[index].type] or sum(votes.values()) < MIN_NEIGHBOURS or len(votes) != 1:
        return None
    other = next(iter(votes))
    readings = _readings(gaz, acronyms).get(other)
    return (other, _one_entry(e for _, e in readings)) if readings else None


def _list_neighbour_types(record: PaperRecord, entities: list[Entity], index: int) -> Counter[EntityType]:
    """Types of the known entities listed with entity ``index`` (each listed entity once)."""
    spans = sorted(
        (m.field, m.start, m.end, i) for i, e in enumerate(entities) for m in e.mentions if m.end > m.start
    )
    listed: set[int] = set()
    for pos, (fname, _start, _end, i) in enumerate(spans):
        if i != index:
            continue
        text = getattr(record, fname, None) or ""
        for step in (-1, 1):
            here = pos
            while 0 <= here + step < len(spans):
                nxt = spans[here + step]
                left, right = (nxt, spans[here]) if step < 0 else (spans[here], nxt)
                if nxt[0] != fname or not _separates(text[left[2] : right[1]]):
                    break
                if nxt[3] != index:
                    listed.add(nxt[3])
                here += step
    return Counter(entities[i].type for i in listed if entities[i].canonical)


def _separates(gap: str) -> bool:
    """Whether the text between two names is a list separator (", ", " and ", ", or ", "/")."""
    tokens = _GAP_TOKENS.findall(gap)
    seps = rules().separators
    return 0 < len(tokens) <= _MAX_SEPARATORS and all(t.lower() in seps for t in tokens)


def _by_domain(gaz: Gazetteer, entities: list[Entity], index: int) -> Reading | None:
    """The other type of a bare acronym whose paper is about that reading's family or task."""
    ent = entities[index]
    acronyms = _bare(ent)
    if not acronyms:
        return None
    readings = _readings(gaz, acronyms)
    if ent.type not in readings or len(readings) < 2:
        return None
    groups = {t: {e.group for _, e in rs if e is not None and e.group} for t, rs in readings.items()}
    known: Counter[EntityType] = Counter()
    for j, other in enumerate(entities):
        if j == index or not other.canonical:
            continue
        entry = gaz.by_name(other.type, other.canonical)
        if entry is not None and entry.group in groups.get(entry.type, ()):
            known[entry.type] += 1
    if known[ent.type]:
        return None
    found = [t for t, n in known.items() if n >= MIN_NEIGHBOURS]
    if len(found) != 1:
        return None
    return found[0], _one_entry(e for _, e in readings[found[0]])


__all__ = ["LABEL_OF_TYPE", "MIN_NEIGHBOURS", "paper_entities"]
