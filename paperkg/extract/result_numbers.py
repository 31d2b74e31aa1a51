"""Numbers that may be results: values with a performance unit, ranges, "from A to B", word multipliers.

The first stage of the result rules (results.py): every number in a sentence written as a result
is written ("32.1%", "3-5x", "from 533 to 2364", "an order of magnitude", "twice as", "3 out of
5"), as a :class:`Candidate` with its value and normalised unit. Which of them are claims, and what
they are about, the later stages decide (result_claims.py, result_linking.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperkg.extract.result_lexicon import Lexicon, load_lexicon
from paperkg.extract.words import words_after, words_before

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A unit glued to or right after the number. "points" may carry one qualifier word ("76 accuracy points").
_UNIT = (
    r"(?:\s?%[pP](?![A-Za-z])|\s?\\?%|\s?per\s?cent\b"
    r"|[xX×](?![A-Za-z0-9])|\s×(?![A-Za-z0-9])|\s?-?fold\b|\s?times\b"
    r"|\s(?:[A-Za-z][\w-]*\s)?points?\b|\s?pp\b|\s?p\.p\.|\s?dB\b|\s?ms\b|\s?FPS\b)"
)
_LEFT = r"(?<![\w.,\-/^{}@=])"
_RIGHT = r"(?![A-Za-z0-9]|-[A-Za-z]|\.\d)"

_FROM_TO = re.compile(
    rf"\bfrom\s+{_LEFT}(?P<a>{NUM})(?P<ua>{_UNIT})?\s+to\s+(?P<b>{NUM})(?P<ub>{_UNIT})?{_RIGHT}"
)
_RANGE = re.compile(
    rf"{_LEFT}(?P<a>{NUM})(?P<ua>{_UNIT})?\s?(?:-|–|—|~|to\s)\s?(?P<b>{NUM})(?P<ub>{_UNIT}){_RIGHT}"
)
_SINGLE = re.compile(rf"{_LEFT}(?P<n>[+]?{NUM})(?P<u>{_UNIT})?{_RIGHT}")
# "an order of magnitude", "two orders of magnitude": the counts written as words (results.json)
_COUNT_WORDS = sorted((w for w, n in load_lexicon().magnitude_counts.items() if n), key=len, reverse=True)
_MAGNITUDE = re.compile(
    r"\b(?P<c>" + "".join(re.escape(w) + "|" for w in _COUNT_WORDS) + r"\d+)\s+orders?\s+of\s+magnitude\b",
    re.I,
)
_TWICE = re.compile(r"\btwice\b", re.I)
_OUT_OF = re.compile(rf"{_LEFT}(?P<a>\d+)\s+out\s+of\s+(?P<b>\d+){_RIGHT}")
_NUMBERISH = re.compile(r"\d|twice|magnitude", re.I)
_DIGIT = re.compile(r"\d")
LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/\s*|,?\s*and\s+)\s*$")
# The non-ASCII letters that re.IGNORECASE matches to ASCII ones (dotted and dotless i, long s,
# Kelvin sign): without them, an ASCII word matches case-insensitively only where it is in the
# lower-cased text.
_CASE_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


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


def _to_float(text: str) -> float:
    return float(text.replace(",", "").lstrip("+"))


def normalise_unit(raw: str | None) -> str:
    """ "%" for percent, "x" for multipliers, "points" for points/pp; the units of ``plain_units``
    (results.json: dB, ms, FPS) as spelled there; "" when plain."""
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
    return load_lexicon().plain_units.get(u, "")


def unit_acceptable(text: str, start: int, end: int, unit_raw: str, lex: Lexicon) -> bool:
    """Units that are also ordinary words need context: "3 times" is a count unless it compares."""
    u = unit_raw.strip().lower()
    if u == "times":
        return bool(
            set(words_after(text, end, 1)) & lex.times_followers
            or set(words_before(text, start, 1)) & lex.times_preceders
        )
    if u.endswith("points") or u.endswith("point"):
        parts = u.split()
        return len(parts) == 1 or parts[0] in lex.point_qualifiers
    return True


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
        if not free(m.start(), m.end()) or not unit_acceptable(text, m.start(), m.end(), m.group("ub"), lex):
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
        if free(m.start(), m.end()) and set(words_after(text, m.end(), 1)) & lex.twice_followers:
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
            and not unit_acceptable(text, start, end, unit_raw, lex)
            and not (
                listed is not None
                and listed.unit == normalise_unit(unit_raw)
                and LIST_GAP.match(text[listed.end : start])
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


def case_safe_lower(text: str) -> str | None:
    """``text.lower()`` when its offsets are ``text``'s and an ASCII word is in it exactly where
    ``re.I`` would find it; None when ``text`` holds a character that ``lower()`` widens (U+0130)
    or that ``re.I`` folds onto an ASCII letter."""
    return None if any(ch in text for ch in _CASE_FOLDS) else text.lower()


def numberish(text: str, lower: str | None, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` matches ``_NUMBERISH``. A digit search and two substring tests
    on the lower-cased text cost a third of the alternation regex; with ``lower`` None (see
    :func:`case_safe_lower`) the regex decides."""
    if lower is None:
        return _NUMBERISH.search(text, start, end) is not None
    return bool(_DIGIT.search(text, start, end)) or lower.find("twice", start, end) >= 0 or (
        lower.find("magnitude", start, end) >= 0
    )
