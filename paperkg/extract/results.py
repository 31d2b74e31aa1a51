"""Quantitative results: numbers that report how well or how cheaply something works.

There is no parser in the pipeline (spaCy starts blank), so this is deliberately a lexical
component with three stages, each one small enough to reason about:

1. *Candidates* — numbers with a performance unit (%, x/×/times/-fold, points/pp, dB, ms, FPS),
   ranges ("3-5x", one result, number = upper bound), "from A to B" (one result with value B:
   the gold convention of the guide's example "boosts FPS from 533 to 2364", and the old value
   is a baseline level, not a claim), word multipliers ("an order of magnitude", "twice as") and
   "N out of M". Digits inside an entity mention (GPT-4, ResNet-50, Top-1 accuracy) are never
   candidates.
2. *Filters* — a plain number (no unit) is a result only when attached to a METRIC mention
   ("F1 of 0.87", "49.7 box AP"), because bare numbers in abstracts are mostly sizes, counts and
   years; a percentage that is a share of the data or a setting ("10% of the training data",
   "50% sparsity") is not a result.
3. *Linking* — metric and dataset are the nearest mentions in the same sentence (another value
   or a ";" in between makes a mention further away, a dataset after the value's own "on" is
   nearer); "respectively" maps a list of values, or values written apart with companions in
   parentheses, to the entities listed in the same order; a result with no dataset in its
   sentence takes the abstract's only dataset when it was named before (not where the sentence
   speaks of downstream or transferred data); the baseline follows a comparison cue ("outperforms",
   "over", "than", "compared to"); the method is the first other method before the value, or
   the paper's proposed method when the sentence speaks as "we"/"our"/"it" or names none.

Word lists live in ``data/results.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text, sentence_bounds
from paperkg.extract.fields import register_extensions
from paperkg.extract.logistic import LogisticModel
from paperkg.extract.model import Entity, Result, ResultKind

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A unit glued to or right after the number. "points" may carry one qualifier word ("76 accuracy points").
_UNIT = (
    r"(?:\s?%[pP](?![A-Za-z])|\s?\\?%|\s?per\s?cent\b"
    r"|[xX×](?![A-Za-z0-9])|\s×(?![A-Za-z0-9])|\s?-?fold\b|\s?times\b"
    r"|\s(?:[A-Za-z][\w-]*\s)?points?\b|\s?pp\b|\s?p\.p\.|\s?dB\b|\s?ms\b|\s?FPS\b)"
)
_LEFT = r"(?<![\w.,\-/^{}@=])"
_RIGHT = r"(?![A-Za-z0-9]|-[A-Za-z]|\.\d)"

_FROM_TO = re.compile(
    rf"\bfrom\s+{_LEFT}(?P<a>{_NUM})(?P<ua>{_UNIT})?\s+to\s+(?P<b>{_NUM})(?P<ub>{_UNIT})?{_RIGHT}"
)
_RANGE = re.compile(
    rf"{_LEFT}(?P<a>{_NUM})(?P<ua>{_UNIT})?\s?(?:-|–|—|~|to\s)\s?(?P<b>{_NUM})(?P<ub>{_UNIT}){_RIGHT}"
)
_SINGLE = re.compile(rf"{_LEFT}(?P<n>[+]?{_NUM})(?P<u>{_UNIT})?{_RIGHT}")
_MAGNITUDE = re.compile(r"\b(?P<c>an|a|one|two|three|four|five|\d+)\s+orders?\s+of\s+magnitude\b", re.I)
_TWICE = re.compile(r"\btwice\b", re.I)
_OUT_OF = re.compile(rf"{_LEFT}(?P<a>\d+)\s+out\s+of\s+(?P<b>\d+){_RIGHT}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*\.?|\d[\d.,]*%?|[=:<;]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_COMPARISON_VERBS = ("outperform", "surpass", "beat", "exceed")
_LETTERS = re.compile(r"[a-z]+")
_NUMBERISH = re.compile(r"\d|twice|magnitude", re.I)
_DIGIT = re.compile(r"\d")
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/\s*|,?\s*and\s+)\s*$")
# The non-ASCII letters that re.IGNORECASE matches to ASCII ones (dotted and dotless i, long s,
# Kelvin sign): without them, an ASCII word matches case-insensitively only where it is in the
# lower-cased text.
_CASE_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists of data/results.json, in the shapes the matcher needs (built once)."""

    point_qualifiers: frozenset[str]
    times_followers: frozenset[str]
    times_preceders: frozenset[str]
    twice_followers: frozenset[str]
    magnitude_counts: dict[str, int]
    setting_followers: tuple[str, ...]
    setting_preceders: tuple[str, ...]
    operating_points: frozenset[str]
    fraction_keep_words: frozenset[str]
    data_nouns: frozenset[str]
    plain_connectors: frozenset[str]
    plain_followers: frozenset[str]
    plain_units: dict[str, str]
    kind_cues: dict[str, frozenset[str]]
    reduction_metric_words: frozenset[str]
    kind_nouns: dict[str, frozenset[str]]
    change_nouns: frozenset[str]  # both kinds of kind_nouns: "a 5x reduction in X" changes X
    change_verbs: frozenset[str]  # both kinds of kind_cues: "X is reduced by 5x" changes X
    kind_stops: frozenset[str]
    weak_cues: frozenset[str]
    generic_improvement: frozenset[str]
    comparison_cues: tuple[str, ...]
    other_data_cues: frozenset[str]
    self_subjects: tuple[str, ...]
    comparison_re: re.Pattern[str]
    self_subject_re: re.Pattern[str]


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One alternation over lower-case phrases, longest first, bounded by non-letters."""
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alts})(?![a-z])")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads(
        resources.files("paperkg.extract").joinpath("data/results.json").read_text(encoding="utf-8")
    )
    connectors = {w for phrase in raw["plain_connectors"] for w in phrase.split()}
    return Lexicon(
        point_qualifiers=frozenset(raw["point_qualifiers"]),
        times_followers=frozenset(raw["times_followers"]),
        times_preceders=frozenset(raw["times_preceders"]),
        twice_followers=frozenset(raw["twice_followers"]),
        magnitude_counts=dict(raw["magnitude_counts"]),
        setting_followers=tuple(raw["setting_followers"]),
        setting_preceders=tuple(raw["setting_preceders"]),
        operating_points=frozenset(raw["operating_points"]),
        fraction_keep_words=frozenset(raw["fraction_keep_words"]),
        data_nouns=frozenset(raw["data_nouns"]),
        plain_connectors=frozenset(connectors),
        plain_followers=frozenset(raw["plain_followers"]),
        plain_units={k.lower(): v for k, v in raw["plain_units"].items()},
        kind_cues={k: frozenset(v) for k, v in raw["kind_cues"].items()},
        reduction_metric_words=frozenset(raw["reduction_metric_words"]),
        kind_nouns={k: frozenset(v) for k, v in raw["kind_nouns"].items()},
        change_nouns=frozenset(raw["kind_nouns"]["reduction"]) | frozenset(raw["kind_nouns"]["improvement"]),
        change_verbs=frozenset(raw["kind_cues"]["reduction"]) | frozenset(raw["kind_cues"]["improvement"]),
        kind_stops=frozenset(raw["kind_stops"]),
        weak_cues=frozenset(raw["weak_cues"]),
        generic_improvement=frozenset(raw["generic_improvement"]),
        comparison_cues=tuple(raw["comparison_cues"]),
        other_data_cues=frozenset(raw.get("other_data_cues", [])),
        self_subjects=tuple(raw["self_subjects"]),
        comparison_re=_phrase_pattern(raw["comparison_cues"]),
        self_subject_re=_phrase_pattern(raw["self_subjects"]),
    )


@dataclass(slots=True)
class Candidate:
    """A number that may be a result; offsets are doc character offsets of the value as written."""

    start: int
    end: int
    value: str
    number: float
    unit: str
    group: int = -1  # values listed together ("1.3% and 3.6%") share a group
    from_to: bool = False  # the B of "from A to B"


@dataclass(slots=True)
class MentionSpan:
    """An entity mention in doc character offsets (not frozen: a frozen dataclass costs three
    times as much to build, and there are a dozen per abstract)."""

    start: int
    end: int
    text: str
    entity: Entity


def _to_float(text: str) -> float:
    return float(text.replace(",", "").lstrip("+"))


def normalise_unit(raw: str | None) -> str:
    """ "%" for percent, "x" for multipliers, "points" for points/pp; dB/ms/FPS kept; "" when plain."""
    if not raw:
        return ""
    u = raw.strip().lower()
    if u == "%p":
        return "points"
    if u.endswith("%") or u.replace(" ", "") == "percent":
        return "%"
    if u in ("x", "×") or u.endswith("fold") or u == "times":
        return "x"
    if u.endswith("point") or u.endswith("points") or u in ("pp", "p.p.", "%p"):
        return "points"
    return {"db": "dB", "ms": "ms", "fps": "FPS"}.get(u, "")


# Several rules read the words around the same value (the unit test, the setting test, the kind):
# the words at a position are kept for the most any rule reads, and each caller takes its prefix.
_AFTER_MAX, _BEFORE_MAX = 6, 10


def _words_after(text: str, pos: int, n: int) -> list[str]:
    if 0 <= n <= _AFTER_MAX:
        return _following(text, pos)[:n]
    # islice: the callers want a few words, not every word to the end of the text
    return [m.group().lower().rstrip(".") for m in islice(_WORD.finditer(text, pos), n)]


@lru_cache(maxsize=1 << 12)
def _following(text: str, pos: int) -> list[str]:
    return [m.group().lower().rstrip(".") for m in islice(_WORD.finditer(text, pos), _AFTER_MAX)]


def _words_before(text: str, pos: int, n: int) -> list[str]:
    """The n words before pos, nearest first."""
    if 0 < n <= _BEFORE_MAX:
        return _preceding(text, pos)[:n]
    found = _WORD.findall(text, max(0, pos - 120), pos) if n > 0 else []
    return [w.lower().rstrip(".") for w in reversed(found[-n:] if n > 0 else [])]


@lru_cache(maxsize=1 << 12)
def _preceding(text: str, pos: int) -> list[str]:
    found = _WORD.findall(text, max(0, pos - 120), pos)
    return [w.lower().rstrip(".") for w in reversed(found[-_BEFORE_MAX:])]


def _unit_acceptable(text: str, start: int, end: int, unit_raw: str, lex: Lexicon) -> bool:
    """Units that are also ordinary words need context: "3 times" is a count unless it compares."""
    u = unit_raw.strip().lower()
    if u == "times":
        return bool(
            set(_words_after(text, end, 1)) & lex.times_followers
            or set(_words_before(text, start, 1)) & lex.times_preceders
        )
    if u.endswith("points") or u.endswith("point"):
        parts = u.split()
        return len(parts) == 1 or parts[0] in lex.point_qualifiers
    return True


def _is_setting(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A share of the data, a hyper-parameter or hardware ("10% of the data", "50% sparsity", "8x A100")."""
    if text[max(0, start - 4) : start].rstrip().endswith((*_DEVIATION_SIGNS, " pm")):
        return True  # a standard deviation, not a second claim
    if _SHARE_OF_COUNT.search(text, max(0, start - 16), start):
        return True  # "26,734 (17.1%) septic stays": the share of a count, not a claim
    words = _words_after(text, end, 6)
    after = " ".join(words)
    before = " ".join(reversed(_words_before(text, start, 3)))
    if before.endswith("at") and words[:1] and words[0] in lex.operating_points:
        return True  # "at 80% recall our model detects ... with 39% precision": an operating point
    if words[:1] == ["of"]:
        share_of = set(words[1:5])
        if share_of & lex.fraction_keep_words:
            return False  # "95% of the performance" is a claim
        if share_of & lex.data_nouns:
            return True  # "6% of downstream training data" is a setting
    # one C-level prefix test first: each rule below needs ``after`` to start with its phrase
    for phrase in lex.setting_followers if after.startswith(lex.setting_followers) else ():
        if after == phrase or after.startswith(phrase + " "):
            if phrase.startswith("of ") and set(after.split()[1:6]) & lex.fraction_keep_words:
                return False
            return True
    if not before.endswith(lex.setting_preceders):
        return False  # the same necessary condition, as a suffix
    return any(before == p or before.endswith(" " + p) for p in lex.setting_preceders)


def find_candidates(text: str, lex: Lexicon, blocked: list[tuple[int, int]]) -> list[Candidate]:
    """Every number in ``text`` that looks like a result, before the metric test for plain numbers."""
    taken: list[tuple[int, int]] = list(blocked)
    out: list[Candidate] = []

    def free(s: int, e: int) -> bool:
        for a, b in taken:
            if e > a and s < b:
                return False
        return True

    def add(c: Candidate, span: tuple[int, int]) -> None:
        taken.append(span)
        out.append(c)

    # Cheap necessary conditions first: most sentences hold no "from", "out" or "twice", and a
    # pattern costs a scan of the sentence even when it finds nothing.
    lower = case_safe_lower(text)  # None: the patterns decide
    for m in _FROM_TO.finditer(text) if "from" in text else ():
        if not free(m.start(), m.end()):
            continue
        unit_raw = m.group("ub") or m.group("ua") or ""
        add(
            Candidate(
                m.start("b"),
                m.end(),
                text[m.start("b") : m.end()],
                _to_float(m.group("b")),
                normalise_unit(unit_raw),
                from_to=True,
            ),
            (m.start(), m.end()),
        )
    for m in _RANGE.finditer(text):
        if not free(m.start(), m.end()) or not _unit_acceptable(text, m.start(), m.end(), m.group("ub"), lex):
            continue
        low, high = _to_float(m.group("a")), _to_float(m.group("b"))
        if high < low:  # "2019-2020%"-like noise or a subtraction, not a range
            continue
        add(
            Candidate(m.start(), m.end(), m.group(), high, normalise_unit(m.group("ub"))),
            (m.start(), m.end()),
        )
    for m in _MAGNITUDE.finditer(text) if lower is None or "magnitude" in lower else ():
        c = m.group("c").lower()
        count = int(c) if c.isdigit() else lex.magnitude_counts.get(c, 0)
        if count and free(m.start(), m.end()):
            add(Candidate(m.start(), m.end(), m.group(), float(10**count), "x"), (m.start(), m.end()))
    for m in _TWICE.finditer(text) if lower is None or "twice" in lower else ():
        if free(m.start(), m.end()) and set(_words_after(text, m.end(), 1)) & lex.twice_followers:
            add(Candidate(m.start(), m.end(), m.group(), 2.0, "x"), (m.start(), m.end()))
    for m in _OUT_OF.finditer(text) if "out" in text else ():
        if free(m.start(), m.end()):
            add(Candidate(m.start(), m.end(), m.group(), float(m.group("a")), ""), (m.start(), m.end()))
    listed: Candidate | None = None  # the value before, when it kept a word unit ("4.36times, 5.46times")
    for m in _SINGLE.finditer(text):
        start, end = m.span()
        # only the digits must be clear of entity mentions ("76 accuracy points": the metric is the qualifier)
        if not free(start, m.end("n")) or any(end > c.start and start < c.end for c in out):
            continue
        unit_raw = m.group("u") or ""
        if (
            unit_raw
            and not _unit_acceptable(text, start, end, unit_raw, lex)
            and not (
                listed is not None
                and listed.unit == normalise_unit(unit_raw)
                and _LIST_GAP.match(text[listed.end : start])
            )
        ):
            unit_raw = ""
            end = m.end("n")
        listed = None
        single = Candidate(start, end, text[start:end], _to_float(m.group("n")), normalise_unit(unit_raw))
        add(single, (start, end))
        if unit_raw:
            listed = single
    out.sort(key=lambda c: c.start)
    return out


def _gap_words(text: str, a: int, b: int) -> list[str]:
    """Words between two offsets; numbers are not words here (crossing a value is priced separately).
    (``findall`` between offsets, not on a slice: the same for a pattern without anchors or
    lookaround, and no copy.)"""
    return [w.lower().rstrip(".") for w in _WORD.findall(text, a, b) if not w[0].isdigit()]


def _attached_metric(text: str, c: Candidate, metrics: list[MentionSpan], lex: Lexicon) -> bool:
    """A plain number counts only when it is the value of a metric ("F1 of 0.87", "49.7 box AP").

    Numbers written with thousands separators outside "from A to B" are amounts spent or
    counted ("over 12,000 GPU hours"), not scores."""
    if "," in c.value and not c.from_to:
        return False
    for m in metrics:
        if m.start >= c.end:
            gap = text[c.end : m.start]
            if (
                len(gap) <= 12
                and not any(ch.isdigit() or ch in ",;()" for ch in gap)
                and len(_gap_words(text, c.end, m.start)) <= 1
            ):
                return True
        elif m.end <= c.start:
            # "accuracy with 3 examples": a plain number followed by a noun counts that noun
            # (a standard deviation after the value, "0.85+/-1.1", is passed over)
            std = _STD.match(text, c.end)
            after = std.end() if std else c.end
            nxt = _words_after(text, after, 1)
            if (
                nxt
                and not c.from_to
                and nxt[0] not in lex.plain_followers
                and not text[after : after + 2].lstrip().startswith(tuple(",.;:()"))
            ):
                continue
            gap = _FROM_TO_PREFIX.sub(" ", text[m.end : c.start])
            if c.from_to:
                # "improves the accuracy on GSM8K from 61.79 to 66.94": a change from one value to
                # another names where it was measured between the measure and the values
                gap = _WHERE_NAMED.sub(" ", gap)
            words = _gap_words(gap, 0, len(gap))
            if any(ch.isdigit() or ch in ";()" for ch in gap) or len(words) > 6:
                continue
            if all(w in lex.plain_connectors for w in words):
                return True
    return False


# A standard deviation's sign, and "pm": LaTeX's \pm with its backslash lost ("0.847 pm 0.050")
_DEVIATION_SIGNS = ("±", "+/-", "+-", "\\pm")
_STD = re.compile(r"\s*(?:" + "|".join(map(re.escape, _DEVIATION_SIGNS)) + r"|pm(?=\s))\s*\d+(?:\.\d+)?%?")
_ASIDES = re.compile(_STD.pattern + r"|\s*\([^()]{0,60}\)")  # deviations and short parentheses
_COMPANION_GAP = re.compile(r"^\s*(?:,\s*(?:and|or)?|and|or)\s*$")
_SHARE_OF_COUNT = re.compile(r"\d\s*\(\s*$")
_FROM_TO_PREFIX = re.compile(rf"\bfrom\s+{_NUM}\S*\s+to\s*$")
_WHERE_NAMED = re.compile(r"\s(?:on|in|for)\s+(?:the\s+)?[A-Z][\w.+-]*(?:\s+[A-Z][\w.+-]*)?(?=\s*$)")


def classify_kind(text: str, c: Candidate, metric: str | None, lex: Lexicon) -> ResultKind:
    """The cue noun right after the value ("a 10x reduction", "5.4% gain", "3x faster") decides;
    else the nearest cue word before it in the clause ("reduces latency by 40%")."""
    cues = lex.kind_cues
    found: str | None = None
    reduction_nouns, improvement_nouns = lex.kind_nouns["reduction"], lex.kind_nouns["improvement"]
    for w in _words_after(text, c.end, 3):
        if w in reduction_nouns:
            found = "reduction"
            break
        if w in improvement_nouns:
            found = "improvement"
            break
        if w in lex.kind_stops:
            break
    generic = False
    if found is None:
        reduction, improvement, absolute = cues["reduction"], cues["improvement"], cues["absolute"]
        for dist, w in enumerate(_words_before(text, c.start, 10), 1):
            if w == ";":
                break
            if w in reduction:
                kind = "reduction"
            elif w in improvement:
                kind = "improvement"
            elif w in absolute:
                kind = "absolute"
            else:
                continue
            if w in lex.weak_cues and dist > 2:
                continue
            found, generic = kind, w in lex.generic_improvement
            break
    if found == "improvement" and generic and metric:
        # "improves latency by 2x" is a decrease of a lower-is-better measure
        if set(_LETTERS.findall(metric.lower())) & lex.reduction_metric_words:
            return "reduction"
    return found or "other"  # type: ignore[return-value]


def _cost(
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
    gap = _gap_words(text, a, b)
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


def _nearest(
    text: str,
    span: tuple[int, int],
    mentions: list[MentionSpan],
    values: list[Candidate],
    lex: Lexicon | None = None,
) -> MentionSpan | None:
    best = min(mentions, key=lambda m: (_cost(text, span, m, values, lex), m.start), default=None)
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
    gap = _gap_words(text, a, b)
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
    if _cost(text, span, m, values, lex) == 0.5:
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


def _respectively(text: str, group: list[Candidate], mentions: list[MentionSpan]) -> list[MentionSpan] | None:
    """Values listed with "respectively" map in order to an equally long list of entities."""
    if len(group) < 2:
        return None
    for pool in (_distinct([m for m in mentions if m.start >= group[-1].end]), _distinct(mentions)):
        if len(pool) == len(group):
            return pool
    return None


def _comparison_positions(text: str, s: int, e: int, lex: Lexicon) -> list[tuple[int, int]]:
    low = text[s:e].lower()
    return [(s + m.start(), s + m.end()) for m in lex.comparison_re.finditer(low)]


def _method_and_baseline(
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
        and len(_gap_words(text, c.end, q[0])) <= 3
        and not text[q[0] : q[1]].lower().startswith(_COMPARISON_VERBS)
    ]
    cue = after[0] if after else (before[-1] if before else None)
    if cue is not None:
        # a paper does not report its own method as the baseline
        following = [
            m
            for m in methods
            if m.start >= cue[1] and len(_gap_words(text, cue[1], m.start)) <= 6 and not m.entity.proposed
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
        method = _usual_form(proposed)
    return method, (baseline.text if baseline else None)


def _usual_form(entity: Entity) -> str:
    """The form the abstract uses most (an acronym, once defined), for a method the sentence leaves unsaid."""
    counts: dict[str, int] = {}
    for m in entity.mentions:
        if m.text:
            counts[m.text] = counts.get(m.text, 0) + 1
    if not counts:
        return entity.name
    return max(counts, key=lambda t: (counts[t], -len(t)))


def case_safe_lower(text: str) -> str | None:
    """``text.lower()`` when its offsets are ``text``'s and an ASCII word is in it exactly where
    ``re.I`` would find it; None when ``text`` holds a character that ``lower()`` widens (U+0130)
    or that ``re.I`` folds onto an ASCII letter."""
    return None if any(ch in text for ch in _CASE_FOLDS) else text.lower()


def _numberish(text: str, lower: str | None, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` matches ``_NUMBERISH``. A digit search and two substring tests
    on the lower-cased text cost a third of the alternation regex; with ``lower`` None (see
    :func:`case_safe_lower`) the regex decides."""
    if lower is None:
        return _NUMBERISH.search(text, start, end) is not None
    return bool(_DIGIT.search(text, start, end)) or lower.find("twice", start, end) >= 0 or (
        lower.find("magnitude", start, end) >= 0
    )


@dataclass(slots=True)
class ResultExtractor(BatchComponent):
    """Finds and links the results of one Doc (stateless apart from the compiled lexicon).

    With a ``linker`` (the accurate profile's), the measure and the dataset of a value are the
    mentions a trained model scores highest on ``link_features``, the rules' ranking among them;
    without, the rules' nearest mention. ``trace``, when a list, receives every linking decision
    ((value span, type, [(mention, features)])) for training/train_links.py."""

    lex: Lexicon = field(default_factory=load_lexicon)
    linker: LogisticModel | None = None
    trace: list | None = None

    def __call__(self, doc: Doc) -> Doc:
        # The extension is a getter over doc.user_data (fields.py): fill the list in place.
        doc._.results[:] = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Result]:
        text = doc_text(doc)
        doc_fields = doc._.fields  # each doc._ access builds an object: read once per Doc
        entities = doc._.entities
        starts = {f.name: f.start for f in doc_fields}
        mentions: list[MentionSpan] = []
        for ent in entities:
            for m in ent.mentions:
                off = starts.get(m.field, 0)
                mentions.append(
                    MentionSpan(off + m.start, off + m.end, text[off + m.start : off + m.end], ent)
                )
        mentions.sort(key=lambda m: m.start)
        blocked = [(m.start, m.end) for m in mentions]
        proposed_methods = [e for e in entities if e.type == "METHOD" and e.proposed]
        proposed = proposed_methods[0] if len(proposed_methods) == 1 else None
        proposed_datasets = [e for e in entities if e.type == "DATASET" and e.proposed]
        # a benchmark paper's numbers without a named dataset are about its own benchmark
        own_benchmark = proposed_datasets[0] if len(proposed_datasets) == 1 and not proposed_methods else None
        datasets = [e for e in entities if e.type == "DATASET"]
        if own_benchmark is None and len(datasets) == 1:
            # the only dataset the abstract names, for the results after its first mention: "In
            # the X benchmark, A improves ... . It also transfers, improving by 4 points"; also a
            # paper's own new benchmark beside its own method ("we introduce NatureBench and
            # NatureGym ... the best agent reaches 17.8%"), which the annotations of the corpus
            # give as the dataset of such numbers
            own_benchmark = datasets[0]
        # it stands in for the results after its first mention only
        benchmark_from = min((m.start for m in mentions if m.entity is own_benchmark), default=len(text))
        results: list[Result] = []
        lower = case_safe_lower(text)
        for sent in sentence_bounds(doc):
            # most sentences state no number: skip them before any per-sentence work
            if _numberish(text, lower, *sent):
                results.extend(
                    self._sentence(
                        doc_fields, text, sent, mentions, blocked, proposed, own_benchmark, benchmark_from
                    )
                )
        return results

    def _link(
        self, text: str, span: tuple[int, int], pool: list[MentionSpan], others: list[Candidate], t: str
    ) -> MentionSpan | None:
        if not pool or (self.linker is None and self.trace is None):
            return _nearest(text, span, pool, others, self.lex)
        ranked = sorted(pool, key=lambda m: (_cost(text, span, m, others, self.lex), m.start))
        scored = [(m, link_features(text, span, m, others, self.lex, i)) for i, m in enumerate(ranked)]
        if self.trace is not None:
            self.trace.append((span, t, scored))
        if self.linker is None:
            return ranked[0]
        return max(scored, key=lambda x: self.linker.score(x[1]))[0]

    def _sentence(
        self,
        doc_fields,
        text: str,
        sent: tuple[int, int],
        mentions: list[MentionSpan],
        blocked: list[tuple[int, int]],
        proposed: Entity | None,
        own_benchmark: Entity | None = None,
        benchmark_from: int = 0,
    ) -> list[Result]:
        lex = self.lex  # text is doc.text, passed in: Doc.text rebuilds the string on every access
        s, e = sent
        sub = text[s:e]
        found = find_candidates(sub, lex, [(a - s, b - s) for a, b in blocked if a < e and b > s])
        if not found:
            return []
        local = [m for m in mentions if m.start >= s and m.end <= e]
        by_type = {t: [m for m in local if m.entity.type == t] for t in ("METHOD", "DATASET", "METRIC")}
        cands = []
        for c in found:
            c.start += s
            c.end += s
            if (
                c.unit == ""
                and not c.value.strip().lower().startswith(("twice",))
                and "out of" not in c.value
            ):
                if not _attached_metric(text, c, by_type["METRIC"], lex) and not (
                    # "an AUROC of 0.847 (internal) and 0.761 (external)": the plain value listed
                    # right after an attached one is of the same measure
                    cands
                    and cands[-1].unit == ""
                    and _COMPANION_GAP.match(_ASIDES.sub("", text[cands[-1].end : c.start]))
                ):
                    continue
            if _is_setting(text, c.start, c.end, lex):
                continue
            cands.append(c)
        if not cands:
            return []
        # Group values written as a list ("1.3% and 3.6%", "38.38%, 36.14%, and 31.96%").
        group_id = 0
        cands[0].group = 0
        for prev, cur in zip(cands, cands[1:], strict=False):
            if not _LIST_GAP.match(text[prev.end : cur.start]):
                group_id += 1
            cur.group = group_id
        groups: dict[int, list[Candidate]] = {}
        for c in cands:
            groups.setdefault(c.group, []).append(c)
        respectively = "respectively" in sub.lower()
        slots = _respective_slots(text, s, cands, by_type) if respectively else {}
        cues = _comparison_positions(text, s, e, lex)
        # the fallback dataset, unless the sentence speaks of other data ("downstream", "transfer")
        fallback = own_benchmark
        if fallback is not None and lex.other_data_cues & set(_LETTERS.findall(sub.lower())):
            fallback = None
        sentence_text = sub.strip()
        out: list[Result] = []
        for members in groups.values():
            span = (members[0].start, members[-1].end)
            others = [c for c in cands if c.group != members[0].group]
            linked: dict[str, list[MentionSpan | None]] = {}
            for t in ("METRIC", "DATASET"):
                pool = by_type[t]
                mapped = _respectively(text, members, pool) if respectively else None
                if mapped:
                    linked[t] = list(mapped)
                elif t in slots and all(id(c) in slots[t] for c in members):
                    linked[t] = [slots[t][id(c)] for c in members]
                else:
                    linked[t] = [self._link(text, span, pool, others, t)] * len(members)
            for i, c in enumerate(members):
                metric_m, dataset_m = linked["METRIC"][i], linked["DATASET"][i]
                dataset = dataset_m.text if dataset_m else None
                if dataset is None and fallback is not None and benchmark_from < c.start:
                    dataset = _usual_form(fallback)
                method, baseline = _method_and_baseline(
                    text, (s, e), c, by_type["METHOD"], proposed, lex, cues
                )
                field_name, fs, fe = _locate(doc_fields, c.start, c.end)
                # "reduces memory and runtime by 2x": one claim per measure
                metric_ms = [metric_m]
                if len(members) == 1 and metric_m is not None and _cost(text, span, metric_m, others) <= 2:
                    metric_ms = _coordinated(text, metric_m, by_type["METRIC"])
                for mm in metric_ms:
                    metric = mm.text if mm else None
                    out.append(
                        Result(
                            value=c.value,
                            number=c.number,
                            unit=c.unit,
                            kind=classify_kind(text, c, metric, lex),
                            metric=metric,
                            dataset=dataset,
                            method=method,
                            baseline=baseline,
                            sentence=sentence_text,
                            field=field_name,  # type: ignore[arg-type]
                            start=fs,
                            end=fe,
                        )
                    )
        return out


def _respective_slots(
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


_COORDINATION = re.compile(r"^\s*(?:,\s*and|,\s*or|,|and|or|/)\s*$")


def _coordinated(text: str, m: MentionSpan | None, metrics: list[MentionSpan]) -> list[MentionSpan | None]:
    """The metric and the other metrics coordinated with it ("memory and runtime"), in text order."""
    if m is None:
        return [None]
    chain = [m]
    ordered = sorted(metrics, key=lambda x: x.start)
    for direction in (-1, 1):
        cur = m
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


def _locate(doc_fields, start: int, end: int) -> tuple[str, int, int]:
    for f in doc_fields:
        if f.start <= start <= f.end:
            return f.name, start - f.start, min(end, f.end) - f.start
    return "abstract", start, end


@Language.factory("paperkg_results")
def make_results(nlp: Language, name: str, linker: str = "") -> ResultExtractor:
    """Writes ``doc._.results``; needs sentences and ``doc._.entities`` from earlier components.
    ``linker``: a trained linker's file (package data folder, or a path); empty: the rules link."""
    register_extensions()
    return ResultExtractor(linker=LogisticModel.load(linker) if linker else None).named(name)


__all__ = [
    "Candidate",
    "Lexicon",
    "ResultExtractor",
    "classify_kind",
    "find_candidates",
    "load_lexicon",
    "normalise_unit",
]
