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

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract import fields  # noqa: F401  (registers the Doc extensions)
from paperkg.extract.resources import load_json

RULES_FILE = "sentence_rules.json"


class SentenceSplitter:
    def __init__(self, no_break_after: frozenset[str], terminals: frozenset[str], closers: frozenset[str]):
        self.no_break_after = no_break_after
        self.terminals = terminals
        self.closers = closers

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # One pass to plain lists: every doc[i] builds a Token object, and the rules below look at
        # each token and its neighbours several times.
        texts: list[str] = []
        spaced: list[bool] = []
        idx: list[int] = []
        for tok in doc:
            texts.append(tok.text)
            spaced.append(bool(tok.whitespace_))
            idx.append(tok.idx)
        is_space = [t.isspace() for t in texts]
        starts = [False] * n
        starts[0] = True
        for f in doc._.fields[1:]:
            i = next((j for j in range(n) if idx[j] >= f.start and not is_space[j]), None)
            if i is not None:
                starts[i] = True
        for i in range(n):
            if is_space[i] and texts[i].count("\n") >= 2 and i + 1 < n:
                starts[i + 1] = True
            elif self._ends_sentence(texts, spaced, i):
                j = i + 1
                while j < n and (texts[j] in self.closers or is_space[j]):
                    j += 1
                if j < n and _can_start(texts[j]):
                    starts[j] = True
        for i in range(1, n - 1):
            # a whitespace token never opens a sentence; give its start to the next token
            if starts[i] and is_space[i]:
                starts[i] = False
                starts[i + 1] = True
        # one array write instead of a per-token setter (each setter re-checks the whole Doc)
        doc.from_array(
            [SENT_START],
            numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64").reshape(-1, 1),
        )
        return doc

    def _ends_sentence(self, texts: list[str], spaced: list[bool], i: int) -> bool:
        text = texts[i]
        if text in self.terminals:
            if text == "." and i > 0 and not spaced[i - 1]:
                prev = texts[i - 1]
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
    )
