"""Which numbers are claims: a plain number only beside a measure, a share of the data is a setting,
and the kind of change a claim reports.

Bare numbers in abstracts are mostly sizes, counts and years, so a number without a unit counts
only when it is the value of a metric mention ("F1 of 0.87", "49.7 box AP"); a percentage that is
a share of the data or a setting ("10% of the training data", "50% sparsity", "at 80% recall") is
no claim. The kind of a claim (improvement, reduction, absolute) is read from the cue noun after
the value or the nearest cue word before it.
"""

from __future__ import annotations

import re

from paperkg.extract.model import ResultKind
from paperkg.extract.result_lexicon import Lexicon
from paperkg.extract.result_linking import MentionSpan
from paperkg.extract.result_numbers import NUM, Candidate
from paperkg.extract.words import LETTERS, gap_words, words_after, words_before

# A standard deviation's sign, and "pm": LaTeX's \pm with its backslash lost ("0.847 pm 0.050")
_DEVIATION_SIGNS = ("±", "+/-", "+-", "\\pm")
_STD = re.compile(r"\s*(?:" + "|".join(map(re.escape, _DEVIATION_SIGNS)) + r"|pm(?=\s))\s*\d+(?:\.\d+)?%?")
ASIDES = re.compile(_STD.pattern + r"|\s*\([^()]{0,60}\)")  # deviations and short parentheses
COMPANION_GAP = re.compile(r"^\s*(?:,\s*(?:and|or)?|and|or)\s*$")
_SHARE_OF_COUNT = re.compile(r"\d\s*\(\s*$")
_FROM_TO_PREFIX = re.compile(rf"\bfrom\s+{NUM}\S*\s+to\s*$")
_WHERE_NAMED = re.compile(r"\s(?:on|in|for)\s+(?:the\s+)?[A-Z][\w.+-]*(?:\s+[A-Z][\w.+-]*)?(?=\s*$)")


def is_setting(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A share of the data, a hyper-parameter or hardware ("10% of the data", "50% sparsity", "8x A100")."""
    if text[max(0, start - 4) : start].rstrip().endswith((*_DEVIATION_SIGNS, " pm")):
        return True  # a standard deviation, not a second claim
    if _SHARE_OF_COUNT.search(text, max(0, start - 16), start):
        return True  # "26,734 (17.1%) septic stays": the share of a count, not a claim
    words = words_after(text, end, 6)
    after = " ".join(words)
    before = " ".join(reversed(words_before(text, start, 3)))
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


def attached_metric(text: str, c: Candidate, metrics: list[MentionSpan], lex: Lexicon) -> bool:
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
                and len(gap_words(text, c.end, m.start)) <= 1
            ):
                return True
        elif m.end <= c.start:
            # "accuracy with 3 examples": a plain number followed by a noun counts that noun
            # (a standard deviation after the value, "0.85+/-1.1", is passed over)
            std = _STD.match(text, c.end)
            after = std.end() if std else c.end
            nxt = words_after(text, after, 1)
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
            words = gap_words(gap, 0, len(gap))
            if any(ch.isdigit() or ch in ";()" for ch in gap) or len(words) > 6:
                continue
            if all(w in lex.plain_connectors for w in words):
                return True
    return False


def classify_kind(text: str, c: Candidate, metric: str | None, lex: Lexicon) -> ResultKind:
    """The cue noun right after the value ("a 10x reduction", "5.4% gain", "3x faster") decides;
    else the nearest cue word before it in the clause ("reduces latency by 40%")."""
    cues = lex.kind_cues
    found: ResultKind | None = None
    reduction_nouns, improvement_nouns = lex.kind_nouns["reduction"], lex.kind_nouns["improvement"]
    for w in words_after(text, c.end, 3):
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
        kind: ResultKind
        for dist, w in enumerate(words_before(text, c.start, 10), 1):
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
        if set(LETTERS.findall(metric.lower())) & lex.reduction_metric_words:
            return "reduction"
    return found or "other"
