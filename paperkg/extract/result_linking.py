"""What a claim is about: its metric and dataset, its method and its baseline.

Metric and dataset are the nearest mentions in the same sentence by :func:`link_cost` (another
value or a ";" in between makes a mention further away, a dataset after the value's own "on" is
nearer), or, in the accurate profile, the mention a trained linker scores highest on
:func:`link_features`; "respectively" maps a list of values, or values written apart with
companions in parentheses, to the entities listed in the same order. The baseline follows a
comparison cue ("outperforms", "over", "than", "compared to"); the method is the first other
method before the value, or the paper's proposed method when the sentence speaks as "we"/"our"/"it"
or names none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paperkg.extract.model import Entity
from paperkg.extract.result_lexicon import Lexicon
from paperkg.extract.words import gap_words

if TYPE_CHECKING:
    from paperkg.extract.result_numbers import Candidate

_COORDINATION = re.compile(r"^\s*(?:,\s*and|,\s*or|,|and|or|/)\s*$")


@dataclass(slots=True)
class MentionSpan:
    """An entity mention in doc character offsets (not frozen: a frozen dataclass costs three
    times as much to build, and there are a dozen per abstract)."""

    start: int
    end: int
    text: str
    entity: Entity


def link_cost(
    text: str,
    span: tuple[int, int],
    m: MentionSpan,
    values: list[Candidate],
    lex: Lexicon | None = None,
) -> float:
    """Distance in words from a value (or value list) to a mention; crossing values or clauses costs
    more. With ``lex``, a measure the value changes is next to it whatever the words between:
    "a 65 times decrement in FLOPs", "model size can be reduced by over 50%"."""
    if m.end <= span[0]:
        a, b = m.end, span[0]
    elif m.start >= span[1]:
        a, b = span[1], m.start
    else:
        return 0.0
    gap = gap_words(text, a, b)
    if lex is not None and m.entity.type == "METRIC" and len(gap) >= 2:
        if m.start >= span[1] and len(gap) <= 3 and gap[-1] in ("in", "of") and gap[-2] in lex.change_nouns:
            return 0.5
        if m.end <= span[0] and len(gap) <= 6 and "by" in gap[-3:]:
            k = len(gap) - 1 - gap[::-1].index("by")
            if k > 0 and gap[k - 1] in lex.change_verbs:
                return 0.5
    cost = float(len(gap))
    if values:
        cost += 8 * sum(1 for v in values if a <= v.start and v.end <= b)
    cost += 8 * text.count(";", a, b)
    if m.start >= span[1]:
        cost += 0.5  # prefer the mention before on ties ("accuracy of 76.0% ... runtime")
        if gap and gap[0] in ("on", "across", "over"):
            if m.entity.type == "METRIC":
                cost += 3  # "8.7 on the Accuracy subset": after "on" comes data, not the measure
            elif m.entity.type == "DATASET":
                cost -= 1  # "+6.87% on iNat and +7.66% on CIFAR-100": the value's own "on"
    return cost


def nearest(
    text: str,
    span: tuple[int, int],
    mentions: list[MentionSpan],
    values: list[Candidate],
    lex: Lexicon | None = None,
) -> MentionSpan | None:
    best = min(mentions, key=lambda m: (link_cost(text, span, m, values, lex), m.start), default=None)
    return best


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-5" if n < 6 else "6-8" if n < 9 else "9+"


def link_features(
    text: str, span: tuple[int, int], m: MentionSpan, values: list[Candidate], lex: Lexicon, rank: int
) -> list[str]:
    """What a trained linker weighs about the mention ``m`` as the measure (or dataset) of the
    value(s) at ``span``: the rules' rank of it (by ``_cost``), on which side and how far it is, what
    lies between (other values, clause breaks, the first and last words), and the entity itself."""
    t = m.entity.type
    out = [f"{t}:rank={min(rank, 3)}"]
    if m.entity.proposed:
        out.append(f"{t}:proposed")
    if m.entity.canonical is not None:
        out.append(f"{t}:known")
    if m.end <= span[0]:
        a, b, side = m.end, span[0], "before"
    elif m.start >= span[1]:
        a, b, side = span[1], m.start, "after"
    else:
        return [*out, f"{t}:inside"]
    gap = gap_words(text, a, b)
    out += [f"{t}:{side}", f"{t}:{side}:gap={_bucket(len(gap))}"]
    crossed = sum(1 for v in values if a <= v.start and v.end <= b)
    if crossed:
        out.append(f"{t}:values_between={min(crossed, 2)}")
    between = text[a:b]
    for mark, name in ((";", "semicolon"), (",", "comma"), ("(", "parenthesis"), (":", "colon")):
        if mark in between:
            out.append(f"{t}:{name}_between")
    if gap:
        out += [f"{t}:{side}:first={gap[0]}", f"{t}:{side}:last={gap[-1]}"]
    if link_cost(text, span, m, values, lex) == 0.5:
        out.append(f"{t}:changed")  # "a 65 times decrement in FLOPs": the measure a value changes
    return out


def _distinct(mentions: list[MentionSpan]) -> list[MentionSpan]:
    seen: set[int] = set()
    out = []
    for m in mentions:
        if id(m.entity) not in seen:
            seen.add(id(m.entity))
            out.append(m)
    return out


def map_respectively(
    text: str, group: list[Candidate], mentions: list[MentionSpan]
) -> list[MentionSpan] | None:
    """Values listed with "respectively" map in order to an equally long list of entities."""
    if len(group) < 2:
        return None
    for pool in (_distinct([m for m in mentions if m.start >= group[-1].end]), _distinct(mentions)):
        if len(pool) == len(group):
            return pool
    return None


def comparison_positions(text: str, s: int, e: int, lex: Lexicon) -> list[tuple[int, int]]:
    low = text[s:e].lower()
    return [(s + m.start(), s + m.end()) for m in lex.comparison_re.finditer(low)]


def method_and_baseline(
    text: str,
    sent: tuple[int, int],
    c: Candidate,
    methods: list[MentionSpan],
    proposed: Entity | None,
    lex: Lexicon,
    cues: list[tuple[int, int]],
) -> tuple[str | None, str | None]:
    baseline: MentionSpan | None = None
    # The comparison cue right after the value ("29% compared to X", "2x faster than X"), else the
    # closest one before it ("X outperforms Y by 3%"); a verb after the value starts a new clause.
    before = [q for q in cues if q[1] <= c.start]
    after = [
        q
        for q in cues
        if q[0] >= c.end
        and len(gap_words(text, c.end, q[0])) <= 3
        and not text[q[0] : q[1]].lower().startswith(lex.comparison_verbs)
    ]
    cue = after[0] if after else (before[-1] if before else None)
    if cue is not None:
        # a paper does not report its own method as the baseline
        following = [
            m
            for m in methods
            if m.start >= cue[1] and len(gap_words(text, cue[1], m.start)) <= 6 and not m.entity.proposed
        ]
        if following:
            baseline = following[0]
    subject_text = text[sent[0] : c.start].lower()
    speaks_as_self = lex.self_subject_re.search(subject_text[:60]) is not None
    method: str | None = None
    before_value = [
        m
        for m in methods
        if m.end <= c.start
        and (baseline is None or m.entity is not baseline.entity)
        and (cue is None or m.end <= cue[0] or m.start >= c.start)
    ]
    proposed_here = [m for m in before_value if m.entity.proposed]
    if proposed_here:
        method = proposed_here[0].text
    elif before_value and not speaks_as_self:
        method = before_value[0].text
    elif proposed is not None and (baseline is None or baseline.entity is not proposed):
        method = usual_form(proposed)
    return method, (baseline.text if baseline else None)


def usual_form(entity: Entity) -> str:
    """The form the abstract uses most (an acronym, once defined), for a method the sentence leaves unsaid."""
    counts: dict[str, int] = {}
    for m in entity.mentions:
        if m.text:
            counts[m.text] = counts.get(m.text, 0) + 1
    if not counts:
        return entity.name
    return max(counts, key=lambda t: (counts[t], -len(t)))


def respective_slots(
    text: str, sent_start: int, cands: list[Candidate], by_type: dict[str, list[MentionSpan]]
) -> dict[str, dict[int, MentionSpan]]:
    """ "On A and B, it achieves a 2.26x speedup (9.4% improvement) and 2.23x speedup (11.1%
    improvement), respectively": values written apart, each maybe with a companion value in
    parentheses. The values outside parentheses are the slots, in order; a value in parentheses
    belongs to the slot before it. When there are as many slots as distinct metrics (or datasets)
    in the sentence, slot i takes the i-th. Keyed by type, then by ``id`` of the candidate."""
    slot_of: dict[int, int] = {}
    n_slots = 0
    for c in cands:
        depth = text.count("(", sent_start, c.start) - text.count(")", sent_start, c.start)
        if depth <= 0 or n_slots == 0:
            n_slots += 1
        slot_of[id(c)] = n_slots - 1
    out: dict[str, dict[int, MentionSpan]] = {}
    if n_slots < 2:
        return out
    last_end = cands[-1].end
    for t in ("METRIC", "DATASET"):
        pool = by_type[t]
        for candidates in (_distinct([m for m in pool if m.start >= last_end]), _distinct(pool)):
            if len(candidates) == n_slots:
                out[t] = {key: candidates[slot] for key, slot in slot_of.items()}
                break
    return out


def coordinated_metrics(
    text: str, m: MentionSpan | None, metrics: list[MentionSpan]
) -> Sequence[MentionSpan | None]:
    """The metric and the other metrics coordinated with it ("memory and runtime"), in text order."""
    if m is None:
        return [None]
    chain = [m]
    ordered = sorted(metrics, key=lambda x: x.start)
    for direction in (-1, 1):
        cur: MentionSpan = m
        while True:
            if direction < 0:
                prev = [x for x in ordered if x.end <= cur.start]
                nxt = prev[-1] if prev else None
                ok = nxt is not None and _COORDINATION.match(text[nxt.end : cur.start])
            else:
                after = [x for x in ordered if x.start >= cur.end]
                nxt = after[0] if after else None
                ok = nxt is not None and _COORDINATION.match(text[cur.end : nxt.start])
            if not ok or nxt is None or nxt.entity is cur.entity:
                break
            chain.append(nxt)
            cur = nxt
    return sorted(chain, key=lambda x: x.start)
