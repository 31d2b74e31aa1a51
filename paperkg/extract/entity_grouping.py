"""Mentions into entities: every surface form that names the same thing becomes one Entity.

Forms are grouped by their key (:func:`~paperkg.util.names.successor_key`) and joined when an
acronym definition pairs them, when the gazetteer names both the same entry (but numbered variants,
"AISHELL-1" and "AISHELL-2", stay apart), by plural ("accuracies" and "accuracy") and when an
undefined acronym spells another name's initials. Each group's type is the strong type most of its
mentions have, else its context's; its name is the long form of a definition, else the first form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperkg.extract.abbreviations import acronym_capitals, phrase_initials
from paperkg.extract.candidates import Candidate, by_start
from paperkg.extract.doc_context import DocContext
from paperkg.extract.fields import FieldSpan
from paperkg.extract.gazetteer import version_suffix
from paperkg.extract.model import Entity, EntityType, Field, Mention
from paperkg.util.names import successor_key

# A name typed strongly both ways (as often one way as the other) needs a fixed winner: set order
# depends on PYTHONHASHSEED, and extraction must not.
_TIE_ORDER = {"DATASET": 2, "METRIC": 1, "METHOD": 0}
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")


def group(
    doc_fields, ctx: DocContext, chosen: list[Candidate], abbrev_pairs: list[tuple[str, str]]
) -> list[Entity]:
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Groups are the connected components of "same key" links; each is keyed by its smallest
    # key and listed in order of its first mention, so the order of the unions is free.
    text = ctx.text
    chosen = sorted(chosen, key=by_start)
    surfaces = [text[c.start : c.end] for c in chosen]
    keys = list(map(successor_key, surfaces))
    for c, k, surface in zip(chosen, keys, surfaces, strict=True):
        if c.canonical:
            # numbered variants of one gazetteer entry ("AISHELL-1", "AISHELL-2") stay apart
            union(k, "canon:" + successor_key(c.canonical) + "#" + version_suffix(surface, c.canonical))
    for sf, lf in abbrev_pairs:
        union(successor_key(sf), successor_key(lf))
    all_keys = set(keys)
    for k in all_keys:
        if k.endswith("s"):
            if k[:-1] in all_keys:
                union(k, k[:-1])
            if k.endswith("es") and k[:-2] in all_keys:
                union(k, k[:-2])
            if k.endswith("ies") and k[:-3] + "y" in all_keys:
                union(k, k[:-3] + "y")  # "accuracies" and "accuracy"
    # an undefined acronym that spells another name's initials is that name ("GPHT")
    first_surface: dict[str, str] = {}
    for k, surface in zip(keys, surfaces, strict=True):
        first_surface.setdefault(k, surface)
    acronyms = [t for t in first_surface.values() if _ACRONYM.match(t)]
    if acronyms:
        phrases = [t for t in first_surface.values() if " " in t or "-" in t]
        initials = {p: phrase_initials(p) for p in phrases}
        for acr in acronyms:
            caps = acronym_capitals(acr)
            spelled = [p for p in phrases if len(caps) >= 2 and initials[p] == caps]
            if len(spelled) == 1:
                union(successor_key(acr), successor_key(spelled[0]))
                abbrev_pairs = [*abbrev_pairs, (acr, spelled[0])]
    long_forms = {successor_key(lf) for _, lf in abbrev_pairs}

    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(find(k), []).append(i)

    entities = []
    for group in groups.values():
        members = [chosen[i] for i in group]
        type_ = _decide_type(ctx, members)
        forms: list[str] = []
        for i in group:
            if surfaces[i] not in forms:
                forms.append(surfaces[i])
        name = next((f for f in forms if successor_key(f) in long_forms), forms[0])
        canonical = next((c.canonical for c in members if c.canonical), None)
        mentions = []
        seen = set()
        for i in group:
            c = chosen[i]
            if (c.start, c.end) in seen:
                continue
            seen.add((c.start, c.end))
            fname, fs, fe = locate(doc_fields, c.start, c.end)
            mentions.append(Mention(fname, fs, fe, ctx.sentence_text(c.start), surfaces[i]))
        entities.append(Entity(type_, name, [f for f in forms if f != name], False, mentions, canonical))
    entities = _merge_bare_metric_heads(entities)
    entities.sort(key=lambda e: (0 if e.mentions[0].field == "title" else 1, e.mentions[0].start))
    return entities


def _decide_type(ctx: DocContext, members: list[Candidate]) -> EntityType:
    strong = [c.type for c in members if c.strong_type and c.type]
    if strong:
        if strong.count(strong[0]) == len(strong):
            return strong[0]  # one type (the common case): nothing to count
        return max(set(strong), key=lambda t: (strong.count(t), _TIE_ORDER[t]))
    typed = [c.type for c in members if c.type]
    if "DATASET" in typed:
        return "DATASET"
    for c in members:
        t = ctx.context_type(c)
        if t:
            return t
    return typed[0] if typed else "METHOD"


def _merge_bare_metric_heads(entities: list[Entity]) -> list[Entity]:
    """ "memory usage" and "GPU memory usage" in one abstract are one measure when no other
    "... memory usage" appears: the short form is the same measure mentioned again."""
    metrics = [e for e in entities if e.type == "METRIC"]
    drop = set()

    def words(text: str) -> list[str]:
        return [successor_key(w).removesuffix("s") for w in text.split()]

    name_words = {id(e): words(e.name) for e in metrics}  # names do not change in the loop
    for short in metrics:
        if short.aliases:
            continue
        tail = name_words[id(short)]
        fuller = [
            e
            for e in metrics
            if e is not short
            and id(e) not in drop
            and len(name_words[id(e)]) > len(tail)
            and name_words[id(e)][-len(tail) :] == tail
        ]
        if len(fuller) == 1:
            target = fuller[0]
            for f in short.forms:
                if f not in target.forms:
                    target.aliases.append(f)
            target.mentions = sorted(
                [*target.mentions, *short.mentions], key=lambda m: (m.field != "title", m.start)
            )
            drop.add(id(short))
    return [e for e in entities if id(e) not in drop]


def locate(doc_fields: Sequence[FieldSpan], start_char: int, end_char: int) -> tuple[Field, int, int]:
    """:func:`paperkg.extract.fields.locate` over fields already read from the Doc."""
    for f in doc_fields:
        if f.start <= start_char <= f.end:
            return f.name, start_char - f.start, min(end_char, f.end) - f.start
    last = doc_fields[-1]
    return last.name, start_char - last.start, end_char - last.start
