"""Acronym definitions ("Low-Rank Adaptation (LoRA)", "MoLE (Mixture of LoRA Experts)").

Decision: the Schwartz & Hearst (2003) algorithm is implemented here rather than installed.
The ``abbreviations`` package on PyPI is unmaintained since 2019, and scispaCy's
``AbbreviationDetector`` pulls scipy, scikit-learn, nmslib and a ``numpy<2`` pin that conflicts
with the rest of the environment, for about sixty lines of logic. The algorithm: for every
parenthesised short form, search the preceding words (at most ``min(|SF| + 5, 2 |SF|)``) for the
shortest long form whose characters contain the short form's letters in order, the first letter
starting a word. The reverse order, a short form followed by its long form in parentheses, is
tried when the parenthesis holds several words. Digits in the short form may be left unmatched
("CoT2"), because ML acronyms often number their variants, and so may a hyphenated suffix
("PCB-Merging").

Writes ``doc._.abbreviations``: a list of ``(short, long)`` Span pairs, one per definition.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from paperkg.extract import fields  # noqa: F401  (registers the Doc extensions)
from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text, sentence_bounds
from paperkg.extract.resources import word_set
from paperkg.extract.words import SPACED_WORD, WORD_PART

_PAREN = re.compile(r"\(([^()]{1,160})\)")
_STRIP = "\"'\u201c\u201d,;:~"


_SHORT_FORM_CHARS = re.compile(r"^[\w.\-+&'/ ]+$")


def is_short_form(sf: str) -> bool:
    if not 2 <= len(sf) <= 12 or len(sf.split()) > 2:
        return False
    if not _SHORT_FORM_CHARS.match(sf):
        return False  # "T^{2/3}", "x=1": formulas, not acronyms
    if not sf[0].isalnum() or not any(c.isupper() for c in sf):
        return False
    return not sf.replace(".", "").isdigit()


def best_long_form(sf: str, lf: str) -> int | None:
    """Start offset in ``lf`` of the shortest suffix that spells ``sf`` (Schwartz & Hearst), or None."""
    s = len(sf) - 1
    li = len(lf) - 1
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while li >= 0 and (lf[li].lower() != c or (s == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        s -= 1
    return lf.rfind(" ", 0, li + 1) + 1


# words a long form spells no letter of ("Mixture of Experts (MoE)")
_LINK_WORDS = word_set("entity_rules.json", "acronym_link_words")


def initials_long_form(sf: str, lf: str) -> int | None:
    """Start of the shortest suffix of ``lf`` whose word initials spell the capitals of ``sf``.

    Tried before Schwartz & Hearst because their character search happily takes letters from
    inside words ("Proximal Policy Optimization (PPO)" would lose "Proximal").
    """
    caps = [c for c in sf if c.isupper()]
    if len(caps) < 2:
        return None
    parts = [m for m in WORD_PART.finditer(lf) if m.group().lower() not in _LINK_WORDS]
    if len(parts) < len(caps):
        return None
    tail = parts[-len(caps) :]
    if all(p.group()[0].upper() == c for p, c in zip(tail, caps, strict=False)):
        return lf.rfind(" ", 0, tail[0].start()) + 1
    return None


def spells_initials(sf: str, phrase: str) -> bool:
    """Whether the capitals of ``sf`` are exactly the word initials of ``phrase`` ("GPHT")."""
    caps = acronym_capitals(sf)
    return len(caps) >= 2 and phrase_initials(phrase) == caps


@lru_cache(maxsize=1 << 14)
def acronym_capitals(sf: str) -> tuple[str, ...]:
    return tuple(c for c in sf if c.isupper())


@lru_cache(maxsize=1 << 14)
def phrase_initials(phrase: str) -> tuple[str, ...]:
    """The upper-cased first letters of ``phrase``'s words, link words ("of", "and") left out;
    split out of :func:`spells_initials` so a caller testing many acronyms computes it once."""
    parts = WORD_PART.finditer(phrase)
    return tuple(m.group()[0].upper() for m in parts if m.group().lower() not in _LINK_WORDS)


def match_long_form(sf: str, lf: str) -> int | None:
    start = initials_long_form(sf, lf)
    if start is not None:
        return start
    start = best_long_form(sf, lf)
    if start is None and any(c.isdigit() for c in sf) and any(c.isalpha() for c in sf):
        start = best_long_form("".join(c for c in sf if not c.isdigit()), lf)
    if start is None and "-" in sf.strip("-"):
        # "Parameter Competition Balancing (PCB-Merging)": the acronym part carries the letters
        head = sf.split("-")[0]
        if len(head) >= 2:
            start = initials_long_form(head, lf)
            if start is None:
                start = best_long_form(head, lf)
    return start


def find_definitions(
    text: str, sentence_start_of=lambda i: 0
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Character offsets ``((sf_start, sf_end), (lf_start, lf_end))`` of every definition in ``text``."""
    out = []
    for m in _PAREN.finditer(text):
        inner = m.group(1)
        first = re.split(r"[;,]\s", inner, maxsplit=1)[0].strip()
        sf_start = m.start(1) + inner.find(first)
        sent_start = sentence_start_of(m.start())
        if is_short_form(first):
            sf = first
            window_words = min(len(sf) + 5, 2 * len(sf))
            words = list(SPACED_WORD.finditer(text, sent_start, m.start()))[-window_words:]
            if not words:
                continue
            lf_start_abs = words[0].start()
            lf_text = text[lf_start_abs : m.start()].rstrip()
            start = match_long_form(sf, lf_text)
            if start is None:
                continue
            lf = lf_text[start:].strip(_STRIP)
            lf_abs = lf_start_abs + lf_text.find(lf, start)
            if len(lf) <= len(sf) or not lf[0].isalnum() or sf in (m.group() for m in WORD_PART.finditer(lf)):
                continue
            if ", " in lf or "; " in lf:
                continue  # one phrase: not "Qwen2.5-32B and GPT-4o to ..., and then a model (Qwen3-8B)"
            out.append(((sf_start, sf_start + len(sf)), (lf_abs, lf_abs + len(lf))))
        elif len(first.split()) >= 2:
            before = list(SPACED_WORD.finditer(text, sent_start, m.start()))
            if not before:
                continue
            w = before[-1]
            sf = w.group().strip(_STRIP)
            if not is_short_form(sf) or " " in sf:
                continue
            sf_abs = w.start() + w.group().find(sf)
            if match_long_form(sf, first) != 0:
                continue
            if len(first.split()) > min(len(sf) + 5, 2 * len(sf)):
                continue
            out.append(((sf_abs, sf_abs + len(sf)), (sf_start, sf_start + len(first))))
    return out


class AbbreviationDetector(BatchComponent):
    def __call__(self, doc: Doc) -> Doc:
        sent_starts = [s for s, _e in sentence_bounds(doc)] or [0]

        def sentence_start_of(char: int) -> int:
            i = bisect.bisect_right(sent_starts, char) - 1  # the last start at or before char
            return sent_starts[i] if i >= 0 else 0

        pairs: list[tuple[Span, Span]] = []
        for (ss, se), (ls, le) in find_definitions(doc_text(doc), sentence_start_of):
            short = doc.char_span(ss, se, alignment_mode="expand")
            long = doc.char_span(ls, le, alignment_mode="expand")
            if short is not None and long is not None:
                pairs.append((short, long))
        doc._.abbreviations.extend(pairs)
        return doc


@Language.factory("paperkg_abbreviations", requires=["token.is_sent_start"], assigns=["doc._.abbreviations"])
def make_abbreviations(nlp: Language, name: str) -> AbbreviationDetector:
    return AbbreviationDetector().named(name)
