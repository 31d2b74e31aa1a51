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
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import NamedTuple

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


class SentenceWords(NamedTuple):
    """The words of a sentence, read once for all its candidates (:func:`sentence_words`)."""

    text: str
    end: int  # of the sentence
    spans: list[tuple[int, int, str]]  # the mentions: start, end, type
    starts: list[int]
    ends: list[int]
    words: list[str]


def _typed_words(
    text: str, a: int, b: int, spans: list[tuple[int, int, str]]
) -> Iterator[tuple[int, int, str]]:
    """The words between offsets a and b with their offsets, lower case; a mention is one word, its
    type ("<DATASET>"), and a number is "<num>": the classifier learns how results are written, not
    which benchmarks or values they name."""
    inside = None
    for m in VALUE_WORD.finditer(text, a, b):
        pos = m.start()
        span = next((sp for sp in spans if sp[0] <= pos < sp[1]), None)
        if span is not None:
            if span != inside:
                yield pos, m.end(), f"<{span[2]}>"
                inside = span
            continue
        inside = None
        w = m.group()
        yield pos, m.end(), "<num>" if w[0].isdigit() else w.lower().rstrip(".")


def sentence_words(
    text: str, sentence: tuple[int, int], by_type: dict[str, list[MentionSpan]]
) -> SentenceWords:
    spans = [(m.start, m.end, t) for t, ms in by_type.items() for m in ms]
    found = list(_typed_words(text, *sentence, spans))
    return SentenceWords(
        text, sentence[1], spans, [w[0] for w in found], [w[1] for w in found], [w[2] for w in found]
    )


def _after(sw: SentenceWords, end: int) -> list[str]:
    """The words after offset ``end``: those of the sentence that start there or later, unless a
    word runs across it ("2" of "2,048-token"), when the rest of the sentence is read afresh."""
    j = bisect_left(sw.starts, end)
    if j and sw.ends[j - 1] > end:
        return [w for _, _, w in _typed_words(sw.text, end, sw.end, sw.spans)]
    return sw.words[j:]


def claim_features(
    c: Candidate,
    words: SentenceWords,
    by_type: dict[str, list[MentionSpan]],
    numbers_in_sentence: int,
    verdicts: Sequence[str],
    field: str,
) -> list[str]:
    """The features of candidate ``c`` (doc offsets) among the ``words`` of its sentence
    (:func:`sentence_words`); ``verdicts`` are the rules' ("plain_attached", "setting", ...)."""
    out = [f"rule={v}" for v in verdicts]
    out += number_shape(c)
    # no word runs across a value's start: a value follows no letter, digit, dot, comma or hyphen
    before = words.words[: bisect_left(words.starts, c.start)][-_BAG_BEFORE:][::-1]  # nearest first
    after = _after(words, c.end)[:_BAG_AFTER]
    out += [f"b{i}={w}" for i, w in enumerate(before[:_NEAR], 1)]
    out += [f"a{i}={w}" for i, w in enumerate(after[:_NEAR], 1)]
    out += [f"before={w}" for w in dict.fromkeys(before)]
    out += [f"after={w}" for w in dict.fromkeys(after)]
    for t, ms in by_type.items():
        out.append(f"{t.lower()}_gap={_distance(c, ms)}")
    n = numbers_in_sentence
    out.append("numbers=" + ("1" if n == 1 else "2-3" if n <= 3 else "4+"))
    if field == "title":
        out.append("in_title")
    return out
