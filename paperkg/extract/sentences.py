"""Sentence boundaries that survive scientific prose.

spaCy's rule-based ``sentencizer`` breaks after every full stop, which splits "e.g. LoRA",
"Fig. 2", "et al. (2020)" and "approx. 3x". This component breaks only after a terminal
punctuation token that is followed by something that can start a sentence (an upper-case
letter, a digit or an opening quote/bracket) and not preceded by a known abbreviation; it
always breaks at the title/abstract boundary (``doc._.fields``) and at blank lines. Decimals
("51.3"), URLs and dotted acronyms ("U.S.") are single tokens in spaCy's English tokenizer,
so they never reach the rule.
"""

from __future__ import annotations

import bisect

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract import fields  # noqa: F401  (registers the Doc extensions)
from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text, remember_offsets
from paperkg.extract.resources import load_json

RULES_FILE = "sentence_rules.json"


class SentenceSplitter(BatchComponent):
    def __init__(self, no_break_after: frozenset[str], terminals: frozenset[str], closers: frozenset[str]):
        self.no_break_after = no_break_after
        self.terminals = terminals
        self.closers = closers
        # A token can end a sentence only if its last character is one of these: the rules below
        # run on those tokens (and on whitespace tokens) alone, found with one array operation.
        last_chars = {ord(t[-1]) for t in terminals if t} | {ord(".")}
        self._last_chars = sorted(last_chars)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # Per-token Python (Token objects, doc[i]) was this component's whole cost; the token
        # offsets come out as one array and only the few tokens that can end a sentence are
        # looked at as strings, cut from the text.
        text = doc_text(doc)
        arr = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).astype("int64")
        # one code point per character (surrogatepass: never fail here on a lone surrogate)
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="uint32")
        ends_a = arr[:, 0] + arr[:, 1]
        last = codes[ends_a - 1]
        maybe_end = arr[:, 3] != 0
        for c in self._last_chars:
            maybe_end |= last == c
        idx, ends = arr[:, 0].tolist(), ends_a.tolist()
        remember_offsets(doc, idx, ends)  # the entity rules need them too
        spaced, is_space = arr[:, 2].tolist(), arr[:, 3].tolist()

        def tok(i: int) -> str:
            return text[idx[i] : ends[i]]

        starts = {0}
        for f in doc._.fields[1:]:
            j = bisect.bisect_left(idx, f.start)
            while j < n and is_space[j]:
                j += 1
            if j < n:
                starts.add(j)
        for i in numpy.flatnonzero(maybe_end).tolist():
            t = tok(i)
            if is_space[i] and t.count("\n") >= 2 and i + 1 < n:
                starts.add(i + 1)
            elif self._ends_sentence(t, i, spaced, tok):
                j = i + 1
                while j < n and (is_space[j] or tok(j) in self.closers):
                    j += 1
                if j < n and _can_start(tok(j)):
                    starts.add(j)
        # a whitespace token never opens a sentence; give its start to the next token
        flags = numpy.full(n, -1, dtype="int64")
        for i in sorted(starts):
            while 0 < i < n - 1 and is_space[i]:
                i += 1
            flags[i] = 1
        # one array write instead of a per-token setter (each setter re-checks the whole Doc)
        # spaCy types the array as thinc's Ints2d; a 2-d numpy array of integers is what it reads
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc

    def _ends_sentence(self, text: str, i: int, spaced, tok) -> bool:
        if text in self.terminals:
            if text == "." and i > 0 and not spaced[i - 1]:
                prev = tok(i - 1)
                if prev.lower().rstrip(".") in self.no_break_after:
                    return False
                if len(prev) == 1 and prev.isupper():
                    return False  # an initial: "J. Smith"
            return True
        # tokens that keep their final dot ("etc.", "LLaMA-2-13B.") unless they are abbreviations
        return (
            text.endswith(".")
            and len(text) > 2
            and text.count(".") == 1
            and text[:-1].lower() not in self.no_break_after
        )


def _can_start(text: str) -> bool:
    c = text[0]
    return c.isupper() or c.isdigit() or c in "\"'([\u201c\u2018"


@Language.factory("paperkg_sentences", requires=[], assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str, rules_file: str = RULES_FILE) -> SentenceSplitter:
    rules = load_json(rules_file)
    return SentenceSplitter(
        frozenset(w.lower() for w in rules["no_break_after"]),
        frozenset(rules["terminals"]),
        frozenset(rules["closers"]),
    ).named(name)
