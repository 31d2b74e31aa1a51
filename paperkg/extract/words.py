"""What a word is for the rule components: one definition, as parallel lists of offsets and text.

The entity rules (name shapes, head nouns, introductions, measures) read an abstract word by word,
by word number; they need the same words everywhere, so the split lives here and every rule asks
the same :class:`~paperkg.extract.doc_context.DocContext` for them. spaCy's tokens cannot serve:
for the trained model the tokenizer splits "Auto-Correlation" and "pre-trained" at the hyphen,
"WizardLM/Evol-Instruct" at the slash and "3.5%" before the sign, whereas the rules must see
"Auto-Correlation" as one capitalised word, a slash-joined pair as one word to take apart, and
"3.5%" as a measurement.
A word is a run of characters between spaces and list punctuation, with trailing dots, quotes,
hyphens and a possessive "'s", and leading quotes and hyphens, trimmed off.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate, islice
from operator import itemgetter

# A "word" for shape rules: a run of characters between spaces and list punctuation.
_SEPARATORS = r"\s,;:()\[\]\"\u201c\u201d!?"
WORD = re.compile(rf"[^{_SEPARATORS}]+")
_WORD_SPLIT = re.compile(rf"([^{_SEPARATORS}]+)")
TRAIL = ".'\u2019-"
LEAD = "'\u2018-"
_POSSESSIVE = ("'s", "\u2019s")
_TRAIL_CHAR = re.compile(rf"[{TRAIL}]")
_LEAD_CHAR = re.compile(rf"[{LEAD}]")
_POSSESSIVE_S = re.compile(r"['\u2019]s")
_last_char, _first_char = itemgetter(-1), itemgetter(0)

Words = tuple[list[int], list[int], list[str], list[str]]


def split_words(text: str) -> Words:
    """The words of ``text`` for the shape rules, as parallel lists: start and end offsets, text and
    lower-case text. A word is a run of ``WORD`` with trailing dots, quotes, hyphens and a
    possessive "'s" and leading quotes and hyphens trimmed off.

    This runs over every word of every abstract. The runs and their offsets come from C-level
    calls (``re.split`` with the run captured, running sums of the pieces' lengths) instead of a
    Python step per match (about 20% faster); the few words that may need trimming are found by
    their last and first characters, joined into one string each, and by a search for "'s", and
    only those are handled one by one. Parallel lists instead of an object per word: the rules
    look at a few words each, by number. (Lower-casing the whole text and splitting it again was
    tried: slower than lower-casing each word.)"""
    parts = _WORD_SPLIT.split(text)  # separator, word, separator, ..., word, separator
    texts = parts[1::2]
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = offsets[1:-1:2]
    ends = offsets[2:-1:2]
    lowers = [t.lower() for t in texts]
    maybe = {m.start() for m in _TRAIL_CHAR.finditer("".join(map(_last_char, texts)))}
    maybe.update(m.start() for m in _LEAD_CHAR.finditer("".join(map(_first_char, texts))))
    maybe.update(bisect.bisect_right(starts, m.start()) - 1 for m in _POSSESSIVE_S.finditer(text))
    for i in sorted(maybe, reverse=True):
        word = _trim(texts[i], starts[i], ends[i])
        if word is None:
            del starts[i], ends[i], texts[i], lowers[i]
        elif word[2] != texts[i]:
            starts[i], ends[i], texts[i] = word
            lowers[i] = word[2].lower()
    return starts, ends, texts, lowers


def _trim(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """A run of ``WORD`` without its trailing dots, quotes and hyphens, possessive "'s" and leading
    quotes and hyphens; None when nothing is left."""
    while text and text[-1] in TRAIL:
        text = text[:-1]
        end -= 1
    if text.endswith(_POSSESSIVE):
        text = text[:-2]
        end -= 2
    while text and text[0] in LEAD:
        text = text[1:]
        start += 1
    if not text:
        return None
    return start, end, text


# ---- words around a number ---------------------------------------------------------------------
# The result rules read the few words before and after a value and between a value and a mention,
# and there numbers and the marks "= : < ;" are words too: a value between two others, or a clause
# break, weighs on which mention a value is about. A word here is a run of letters (with digits and
# hyphens after the first, and one final dot, which is dropped), a number, or one of those marks.
VALUE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*\.?|\d[\d.,]*%?|[=:<;]")


# Several rules read the words around the same value (the unit test, the setting test, the kind):
# the words at a position are kept for the most any rule reads, and each caller takes its prefix.
_AFTER_MAX, _BEFORE_MAX = 6, 10


def words_after(text: str, pos: int, n: int) -> list[str]:
    if 0 <= n <= _AFTER_MAX:
        return _following(text, pos)[:n]
    # islice: the callers want a few words, not every word to the end of the text
    return [m.group().lower().rstrip(".") for m in islice(VALUE_WORD.finditer(text, pos), n)]


@lru_cache(maxsize=1 << 12)
def _following(text: str, pos: int) -> list[str]:
    return [m.group().lower().rstrip(".") for m in islice(VALUE_WORD.finditer(text, pos), _AFTER_MAX)]


def words_before(text: str, pos: int, n: int) -> list[str]:
    """The n words before pos, nearest first."""
    if 0 < n <= _BEFORE_MAX:
        return _preceding(text, pos)[:n]
    found = VALUE_WORD.findall(text, max(0, pos - 120), pos) if n > 0 else []
    return [w.lower().rstrip(".") for w in reversed(found[-n:] if n > 0 else [])]


@lru_cache(maxsize=1 << 12)
def _preceding(text: str, pos: int) -> list[str]:
    found = VALUE_WORD.findall(text, max(0, pos - 120), pos)
    return [w.lower().rstrip(".") for w in reversed(found[-_BEFORE_MAX:])]


def gap_words(text: str, a: int, b: int) -> list[str]:
    """Words between two offsets; numbers are not words here (crossing a value is priced separately).
    (``findall`` between offsets, not on a slice: the same for a pattern without anchors or
    lookaround, and no copy.)"""
    return [w.lower().rstrip(".") for w in VALUE_WORD.findall(text, a, b) if not w[0].isdigit()]


# ---- other views of the same text ----------------------------------------------------------------
# These count or look up words where a different cut was tuned on the annotated corpus; each gives
# other words than split_words on some texts, so each is kept as it was tuned, here beside the others.

# The proposed-name rules count the words between an introducing verb and a name ("we propose ...
# X" within a window of words): a run of letters and hyphens, so numbers and digits in names count
# for nothing.
LETTER_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
# A sentence's cue words (evaluation and measurement cues): lower-case runs of letters and hyphens.
CUE_WORD = re.compile(r"[a-z][a-z\-]+")
# The letters of a lower-cased phrase, hyphens splitting: "lower-is-better" cues in a metric name.
LETTERS = re.compile(r"[a-z]+")
# Acronym definitions: the long form is searched in the words before a parenthesis, split at white
# space only ("Low-Rank" is one word there), and spelled by the letter-and-digit parts of its words.
SPACED_WORD = re.compile(r"\S+")
WORD_PART = re.compile(r"[A-Za-z0-9]+")


def nth_letter_word_offset(text: str, n: int) -> int:
    """The offset in ``text`` of its ``n``-th :data:`LETTER_WORD` (0 when it has fewer)."""
    for i, m in enumerate(LETTER_WORD.finditer(text)):
        if i == n:
            return m.start()
    return 0

