"""One paper's text as the entity rules read it: its words, sentences and the context of a span.

Every rule asks the same questions about the words around a span (are two words adjacent, does a
word open its sentence, is a number's unit next, which head noun or cue stands before or after a
name); :class:`DocContext` answers them once per Doc over the words of :mod:`paperkg.extract.words`,
keeping answers that several rules ask for. ``context_type`` is the typing of an unknown name by
its context: a head noun after a coordination ("on A and B datasets"), an apposition, "on/across X"
in an evaluation sentence.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from paperkg.extract.entity_rules import Rules
from paperkg.extract.model import EntityType
from paperkg.extract.words import CUE_WORD, Words

if TYPE_CHECKING:
    from paperkg.extract.candidates import Candidate

# a hyphenated suffix that makes a variant name ("TiKMiX-D", "RPS-v2", "X-Large"), not a
# description ("RPS-based", "LoRA-style": the shape rules drop those compounds)
_GLUED_SUFFIX = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?![a-z])|v\d")
_NUMBER_WORD = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")
_PARENTHESIS_MAX = 60  # characters: a citation or a gloss, not a clause


class DocContext:
    """Per-doc views of the text that every rule asks about (words, sentences, neighbours).

    Words are parallel lists indexed by word number (``starts``, ``ends``, ``texts``,
    ``lowers``), not one object per word: there are a few hundred per abstract and most rules
    look at a handful of them."""

    def __init__(self, text: str, words: Words, sents, title_end: int, rules: Rules):
        self.text = text
        self.starts, self.ends, self.texts, self.lowers = words
        self.n_words = len(self.starts)
        self.sents = sents
        self.sent_starts = [s for s, _ in sents]
        self.title_end = title_end
        self.rules = rules
        title = text[:title_end]
        self.title_is_upper = sum(map(str.isupper, title)) > 0.6 * max(1, sum(map(str.isalpha, title)))
        self._lower = text.lower()
        self._positions: dict[str, list[int]] | None = None  # lower-case word -> its word numbers
        self._sentence_texts: dict[int, str] = {}
        self._sentence_words: dict[int, frozenset[str]] = {}
        self._context_types: dict[tuple[int, int], EntityType | None] = {}
        self._measured: dict[int, bool] = {}

    def indices_in(self, words: frozenset[str]) -> list[int]:
        """The numbers of the words whose lower-case text is in ``words``, in order. Several rules
        ask with their trigger words: the positions of every word are indexed once per Doc, and
        each question is one set intersection with the Doc's words instead of a scan."""
        positions = self._positions
        if positions is None:
            positions = self._positions = {}
            for i, w in enumerate(self.lowers):
                got = positions.get(w)
                if got is None:
                    positions[w] = [i]
                else:
                    got.append(i)
        hits = positions.keys() & words if len(positions) < len(words) else words & positions.keys()
        if not hits:
            return []
        if len(hits) == 1:
            return list(positions[next(iter(hits))])
        return sorted(i for w in hits for i in positions[w])

    def adjacent(self, i: int, j: int) -> bool:
        """Whether words ``i`` and ``j`` (``i`` before ``j``) are separated by spaces only, on one line."""
        gap = self.text[self.ends[i] : self.starts[j]]
        return gap.isspace() and "\n" not in gap

    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def sentence_text(self, char: int) -> str:
        i = self.sentence_index(char)
        got = self._sentence_texts.get(i)
        if got is None:
            s, e = self.sents[i]
            got = self._sentence_texts[i] = self.text[s:e].strip()
        return got

    def sentence_initial(self, i: int) -> bool:
        """Whether word ``i`` opens its sentence (after quotes and brackets)."""
        start = self.starts[i]
        s, _ = self.sents[self.sentence_index(start)]
        return not self.text[s:start].strip(" \n\"'(\u201c")

    def is_unit(self, i: int) -> bool:
        """Word ``i`` is a unit of measurement after a number ("45.4 mW", "16 GB")."""
        return (
            i > 0
            and self.texts[i] in self.rules.unit_words
            and _NUMBER_WORD.match(self.texts[i - 1]) is not None
            and self.adjacent(i - 1, i)
        )

    def word_after_in(self, end: int, words: frozenset[str]) -> bool:
        """Whether the word right after offset ``end`` (spaces only between) is one of ``words``."""
        i = bisect.bisect_left(self.starts, end)
        return 0 < i < self.n_words and self.lowers[i] in words and self.adjacent(i - 1, i)

    def names_a_field(self, end: int) -> bool:
        """The word right after ``end`` is a field noun ("the ASR field", "the MSR community")."""
        return self.word_after_in(end, self.rules.field_nouns)

    def names_a_measure(self, start: int, end: int) -> bool:
        """The words around a name use it as a measure: a value right after it ("an RMSPE of 0.85"),
        "in terms of X", "metrics such as X", "the X metric"."""
        r = self.rules
        if r.metric_value_after.match(self.text, end):
            return True
        if self.word_after_in(end, r.metric_context_after):
            return True
        before = self._lower[max(0, start - 40) : start].rstrip()
        return before.endswith(r.metric_context_before)

    def unit_follows(self, i: int) -> bool:
        end = self.ends[i]
        nxt = self.text[end : end + 2]
        return nxt[:1] in ("%", "x") or nxt.strip()[:1] in ("%",)

    def introduced_near(self, char: int) -> bool:
        """A definition inside an introduction ("we propose ... (X)") or in the title."""
        if char < self.title_end:
            return True
        s, _ = self.sents[self.sentence_index(char)]
        before = self._lower[s:char]
        words = before.split()
        return any(v in words for v in self.rules.introducing_words)

    def measured(self, char: int) -> bool:
        """Whether the sentence at ``char`` reports or compares a measurement (kept per sentence)."""
        sent = self.sentence_index(char)
        got = self._measured.get(sent)
        if got is None:
            s, e = self.sents[sent]
            sentence = self.text[s:e]
            got = self._measured[sent] = bool(
                self.rules.measurement_number.search(sentence)
                or set(CUE_WORD.findall(sentence.lower())) & self.rules.measurement_cues
            )
        return got

    def recurs_after_title(self, phrase: str) -> bool:
        """Whether ``phrase`` occurs again, as whole words and in any case, in the abstract."""
        return any(i >= self.title_end for i in self.occurrences(phrase, False))

    def occurrences(self, form: str, case_sensitive: bool, whole_names: bool = False):
        """Where ``form`` occurs as whole words. With ``whole_names``, not as part of a longer
        name glued on with a hyphen or a plus ("RPS" in "STABLE-RPS", "TiKMiX" in "TiKMiX-D",
        "RSCP" in "RSCP+"), which is a name of its own."""
        text = self.text
        hay = text if case_sensitive else self._lower
        needle = form if case_sensitive else form.lower()
        n = len(hay)
        i = hay.find(needle)
        while i >= 0:
            j = i + len(needle)
            if (i == 0 or not hay[i - 1].isalnum()) and (j >= n or not hay[j].isalnum()):
                if not (whole_names and _glued(text, i, j)):
                    yield i
            i = hay.find(needle, i + 1)

    def sentence_range(self, sent: int) -> tuple[float, float]:
        """The offsets ``lo <= char < hi`` for which :meth:`sentence_index` is ``sent``."""
        lo = self.sent_starts[sent] if sent > 0 else -math.inf
        hi = self.sent_starts[sent + 1] if sent + 1 < len(self.sent_starts) else math.inf
        return lo, hi

    def sentence_words(self, sent: int) -> frozenset[str]:
        """The lower-case words (``CUE_WORD``) of sentence ``sent``, kept per sentence."""
        got = self._sentence_words.get(sent)
        if got is None:
            s, e = self.sents[sent]
            got = self._sentence_words[sent] = frozenset(CUE_WORD.findall(self._lower[s:e]))
        return got

    def context_type(self, c: Candidate) -> EntityType | None:
        """DATASET or METHOD from the words around an untyped name, or None.

        Looks through a coordination of names to a head noun on either side ("on A and B
        datasets", "benchmarks, A, B and C", "models such as A"), an apposition ("A, a corpus
        of ..."), and "on/across A" in a sentence about evaluation. A function of the span
        alone, so kept per span (several rules ask about the same candidate).
        """
        key = (c.start, c.end)
        if key in self._context_types:
            return self._context_types[key]
        got = self._context_types[key] = self._context_type(c.start, c.end)
        return got

    def _after_parenthesis(self, k: int) -> int | None:
        """If word ``k`` opens a short parenthesis (a citation, a gloss), the number of the first
        word after it; else None."""
        gap = self.text[self.ends[k - 1] if k else 0 : self.starts[k]]
        if "(" not in gap or ")" in gap:
            return None
        close = self.text.find(")", self.starts[k], self.starts[k] + _PARENTHESIS_MAX)
        if close < 0 or "(" in self.text[self.starts[k] : close]:
            return None
        return bisect.bisect_left(self.starts, close + 1)

    def _before_parenthesis(self, k: int) -> int | None:
        """If word ``k`` closes a short parenthesis, the number of the word before it; else None."""
        end = self.starts[k + 1] if k + 1 < self.n_words else len(self.text)
        gap = self.text[self.ends[k] : end]
        if ")" not in gap or "(" in gap:
            return None
        lo = max(0, self.ends[k] - _PARENTHESIS_MAX)
        opening = self.text.rfind("(", lo, self.ends[k])
        if opening < 0 or ")" in self.text[opening : self.ends[k]]:
            return None
        return bisect.bisect_left(self.starts, opening) - 1

    def _context_type(self, start: int, end: int) -> EntityType | None:
        r = self.rules
        n = self.n_words
        starts, lowers, texts = self.starts, self.lowers, self.texts
        i = bisect.bisect_left(starts, start)
        j = bisect.bisect_right(self.ends, end) - 1
        if i >= n or j < 0:
            return None
        sent = self.sentence_index(start)
        m = r.apposition.match(self.text, end)
        if m:
            return "DATASET" if m.group(1).lower() in r.dataset_heads else "METHOD"
        lo, hi = self.sentence_range(sent)
        k, steps, skipped = j + 1, 0, 0
        while k < n and steps < 8 and lo <= starts[k] < hi:  # words after it, in its sentence
            after = self._after_parenthesis(k)
            if after is not None:  # "MATH (Hendrycks et al., 2021) benchmark": look past it
                k, steps = after, steps + 1
                continue
            w = lowers[k]
            if w in r.dataset_heads:
                return "DATASET"
            if w in r.method_heads:
                return "METHOD"
            if w in r.coordination or _looks_named(texts[k]):
                k, steps = k + 1, steps + 1
                continue
            if w in r.determiners and skipped == 0:
                k, skipped = k + 1, 1
                continue
            break
        k, steps, comma = i - 1, 0, False
        if (
            i > 0
            and "," in self.text[self.ends[i - 1] : start]
            and lowers[i - 1] not in r.example_markers  # "(e.g., o1) through": no new clause
            and j + 1 < n
            and lo <= starts[j + 1] < hi
        ):
            next_word = lowers[j + 1]
            if next_word.isalpha() and texts[j + 1].islower() and not (
                next_word in r.coordination or next_word in r.dataset_heads or next_word in r.method_heads
            ):
                return None  # "On four datasets, WideNet outperforms ...": the subject of a new clause
        while k >= 0 and steps < 10 and lo <= starts[k] < hi:  # words before it, in its sentence
            comma = comma or "," in self.text[self.ends[k] : starts[k + 1] if k + 1 < n else end]
            before = self._before_parenthesis(k)
            if before is not None:  # "on ARC (logic) and DART": look past "(logic)"
                k, steps = before, steps + 1
                continue
            w = lowers[k]
            if w in r.example_markers and "(" in self.text[self.ends[k - 1] if k else 0 : starts[k]]:
                # "models fine-tuned for inference-time scaling (e.g., o1)": the examples are of
                # the nearest head noun before the parenthesis
                for h in range(k - 1, max(-1, k - 9), -1):
                    if starts[h] < lo:
                        break
                    if lowers[h] in r.dataset_heads:
                        return "DATASET"
                    if lowers[h] in r.method_heads:
                        return "METHOD"
                break
            # a sentence-initial "On" before the name is the preposition ("On ARC (logic), ..."),
            # but not across a comma ("On ARC, Dr.LLM improves": Dr.LLM is the subject)
            opening = not comma and w in r.dataset_before
            if w in r.coordination or w in r.determiners or (_looks_named(texts[k]) and not opening):
                k, steps = k - 1, steps + 1
                continue
            if w in r.dataset_heads:
                return "DATASET"
            # "outperforms ALBERT and X", "leveraging Mamba"
            if w in r.method_heads or w in r.compare_words or w in r.method_use_verbs:
                return "METHOD"
            if w in r.dataset_before:
                prev = lowers[k - 1] if k > 0 else ""
                if prev in r.not_dataset_verbs:
                    return "METHOD"
                if self.sentence_words(sent) & r.evaluation_cues:
                    return "DATASET"
                if any(lowers[m] in r.training_words for m in range(max(0, k - 3), k) if starts[m] >= lo):
                    return "DATASET"  # "fine-tuning MonoCoder on HPCorpusMPI", "trained on X"
            break
        return None


def _glued(text: str, i: int, j: int) -> bool:
    """Whether ``text[i:j]`` is part of a longer name: "STABLE-" before it, "+" or "-D" after it."""
    n = len(text)
    return (
        (i >= 2 and text[i - 1] == "-" and text[i - 2].isalnum())
        or (j < n and text[j] == "+")
        or (j + 1 < n and text[j] == "-" and _GLUED_SUFFIX.match(text, j + 1) is not None)
    )


# a number that stands for a word between letters ("seq2seq", "doc2vec") is part of the spelling
@lru_cache(maxsize=1 << 16)
def _looks_named(w: str) -> bool:
    return any(ch.isupper() or ch.isdigit() for ch in w)
