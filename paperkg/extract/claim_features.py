"""What the claim classifier reads about a number that may be a result.

The rules decide which candidate numbers are claims with two fixed tests (result_claims.py): a
plain number counts only beside a recognised measure, and a share of the data is a setting. On
the annotated corpus both are often wrong: "reaches 85.3 on MMLU" names no measure, and "at 10%
of the cost" reads as a share. The accurate profile lets a logistic regression (logistic.py,
fitted by training/train_claims.py) take the decision instead, with the rules' two verdicts among
its features; each feature is a short string, as in the other classifiers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperkg.extract.result_linking import MentionSpan
from paperkg.extract.result_numbers import Candidate
from paperkg.extract.words import VALUE_WORD

# words read around the value: the nearest few by position, a wider window as a bag
_NEAR, _BAG_BEFORE, _BAG_AFTER = 2, 8, 5
_RANGE = re.compile(r"\d\s?(?:-|–|—|~|to\s)\s?\d")
_DECIMALS = re.compile(r"\.(\d+)")
_MAGNITUDES = (1, 10, 100, 1000)


def number_shape(c: Candidate) -> list[str]:
    """How the value is written: unit, decimals, magnitude, a year, a range, a sign."""
    out = [f"unit={c.unit or 'plain'}"]
    m = _DECIMALS.search(c.value)
    out.append(f"decimals={min(len(m.group(1)), 3) if m else 0}")
    n = abs(c.number)
    out.append("magnitude=" + next((f"<{b}" for b in _MAGNITUDES if n < b), "big"))
    if not c.unit and not m and 1900 <= n <= 2099:
        out.append("year")
    if c.from_to:
        out.append("from_to")
    elif _RANGE.search(c.value):
        out.append("range")
    if "," in c.value:
        out.append("thousands")
    if c.value.lstrip().startswith("+"):
        out.append("signed")
    return out


def _distance(c: Candidate, mentions: Sequence[MentionSpan]) -> str:
    """The gap in characters to the nearest mention, bucketed."""
    gaps = [c.start - m.end if m.end <= c.start else m.start - c.end for m in mentions]
    gaps = [g for g in gaps if g >= 0]  # a mention around the value is none of these
    if not gaps:
        return "none"
    g = min(gaps)
    return "<5" if g < 5 else "<15" if g < 15 else "<40" if g < 40 else "far"


def _words(text: str, a: int, b: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """The words between offsets a and b, lower case; a mention is one word, its type ("<DATASET>"),
    and a number is "<num>": the classifier learns how results are written, not which benchmarks
    or values they name."""
    out: list[str] = []
    inside = None
    for m in VALUE_WORD.finditer(text, a, b):
        typed = next((t for s, e, t in spans if s <= m.start() < e), None)
        if typed is not None:
            span = next((s, e) for s, e, t in spans if s <= m.start() < e)
            if span != inside:
                out.append(f"<{typed}>")
                inside = span
            continue
        inside = None
        w = m.group()
        out.append("<num>" if w[0].isdigit() else w.lower().rstrip("."))
    return out


def claim_features(
    text: str,
    c: Candidate,
    by_type: dict[str, list[MentionSpan]],
    sentence: tuple[int, int],
    numbers_in_sentence: int,
    verdicts: Sequence[str],
    field: str,
) -> list[str]:
    """The features of candidate ``c`` (doc offsets) in its ``sentence``; ``verdicts`` are the
    rules' ("plain_attached", "setting", ...)."""
    out = [f"rule={v}" for v in verdicts]
    out += number_shape(c)
    spans = [(m.start, m.end, t) for t, ms in by_type.items() for m in ms]
    before = _words(text, sentence[0], c.start, spans)[-_BAG_BEFORE:][::-1]  # nearest first
    after = _words(text, c.end, sentence[1], spans)[:_BAG_AFTER]
    out += [f"b{i}={w}" for i, w in enumerate(before[:_NEAR], 1)]
    out += [f"a{i}={w}" for i, w in enumerate(after[:_NEAR], 1)]
    out += [f"before={w}" for w in set(before)]
    out += [f"after={w}" for w in set(after)]
    for t, ms in by_type.items():
        out.append(f"{t.lower()}_gap={_distance(c, ms)}")
    n = numbers_in_sentence
    out.append("numbers=" + ("1" if n == 1 else "2-3" if n <= 3 else "4+"))
    if field == "title":
        out.append("in_title")
    return out
