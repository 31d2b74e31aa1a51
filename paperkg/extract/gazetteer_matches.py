"""Known names found in the text: the gazetteer's forms, matched with spaCy's PhraseMatcher.

Long forms match case-insensitively, short or ambiguous ones as written ("SAM", "ReAct"); every
form is also matched as abstracts spell it otherwise (hyphen or space between words, British
"-ise" endings, "pre-training" or "pretraining"). A match that cuts a word, or a lower-case word
against a name with inner capitals ("zero" is not ZeRO), is no mention. The canonical name of each
match and whether it needs supporting context (an ambiguous word such as "Adam") is kept per
surface form.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from paperkg.extract.candidates import Candidate
from paperkg.extract.entity_rules import Rules
from paperkg.extract.gazetteer import ENTITY_TYPES, Gazetteer
from paperkg.extract.model import EntityType
from paperkg.extract.tokenizer import pattern_tokenizer
from paperkg.util.names import lookup_key
from paperkg.util.spelling import british

_CAPITALS_AND_DIGITS = re.compile(r"^(?=[A-Z]*\d)[A-Z\d]+$")
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})-(?=[^\W\d_]{2})")
_PROPER_PHRASE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}$")  # "Stable Diffusion", "Continual World"
_NAME_PARTS = re.compile(r"[\s\-/]+")


class _Missing(Enum):
    MISSING = 0  # a sentinel the type checker can narrow away


_MISSING = _Missing.MISSING


class GazetteerMatcher:
    """The gazetteer's forms as two PhraseMatchers (by lower case and as written), compiled once."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, rules: Rules):
        self.gaz = gazetteer
        self.rules = rules
        self.matcher_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._reading_cache: dict[tuple[str, EntityType], tuple[str | None, bool] | None] = {}
        # the matchers' labels (the hash of each entity type's name) -> the entity type
        self._type_of: dict[int, EntityType] = {nlp.vocab.strings.add(t): t for t in ENTITY_TYPES}
        self._build_matchers(nlp)

    def _build_matchers(self, nlp: Language) -> None:
        tokenize = pattern_tokenizer(nlp)
        for case_sensitive, matcher in ((False, self.matcher_lower), (True, self.matcher_orth)):
            by_type: dict[EntityType, list[str]] = {}
            for type_, form in self.gaz.patterns(case_sensitive=case_sensitive):
                by_type.setdefault(type_, []).extend(self._spellings(form))
            for type_, forms in by_type.items():
                matcher.add(type_, [tokenize(f) for f in forms])

    def _spellings(self, form: str) -> list[str]:
        """A gazetteer form and the other ways abstracts write it."""
        out = [form]
        if _PROPER_PHRASE.match(form):
            # "Stable-Diffusion", "Continual-World": a proper name is also written hyphenated
            # (only proper names: "inference-time", "early-exit" are modifiers)
            out.append(form.replace(" ", "-"))
        # "Sharpness Aware Minimization": a hyphen between words is often left out (not between
        # a letter and a number or an initial: "R-CNN"); "normalised discounted cumulative gain";
        # "parameter-efficient finetuning"
        out.append(_WORD_HYPHEN.sub(" ", form))
        out.append(british(form))
        if self.rules.joined_hyphen is not None:
            out.append(self.rules.joined_hyphen.sub(r"\1", form))
        return list(dict.fromkeys(out))

    def candidates(self, doc: Doc, text: str, idx: list[int], ends: list[int]) -> list[Candidate]:
        """Gazetteer matches; ``idx`` and ``ends`` are the tokens' start and end offsets."""
        out = []
        type_of = self._type_of
        readings = self._reading_cache
        n_chars = len(text)
        for matcher in (self.matcher_lower, self.matcher_orth):
            for match_id, s, e in matcher(doc):
                start, end = idx[s], ends[e - 1]
                if (start > 0 and text[start - 1].isalnum()) or (end < n_chars and text[end].isalnum()):
                    continue  # the match cuts a word: "LoRA" inside "xLoRA"
                if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
                    continue  # the end of a hyphenated word: "attention" in "self-attention"
                surface = text[start:end]
                type_ = type_of[match_id]
                known = readings.get((surface, type_), _MISSING)
                if known is _MISSING:
                    known = self.reading(surface, type_)
                if known is None:
                    continue
                if start == 0 and e - s == 1 and surface.endswith("ing") and surface[:1].isupper():
                    continue  # "Boosting X ...", "Ensembling Y ...": a title opening with a verb
                if e - s > 1 and surface[:4].lower() == "the ":
                    start = idx[s + 1]  # "the Pile": the article is not part of the name
                if e - s > 1 and type_ == "DATASET" and text[idx[e - 1] : end] in self.rules.dataset_heads:
                    # "the Alpaca dataset": the entry needs the head word to be sure, the name
                    # is the word before it (a capitalised head, "... Benchmark", is kept)
                    end = ends[e - 2]
                out.append(Candidate(start, end, "gaz", type_, known[0], True, known[1]))
        return out

    def reading(self, surface: str, type_: EntityType) -> tuple[str | None, bool] | None:
        """(canonical name, needs supporting context) of a gazetteer match, None to drop it;
        a function of the surface alone, so kept per surface."""
        key = (surface, type_)
        if key in self._reading_cache:
            return self._reading_cache[key]
        entries = self.gaz.lookup_type(surface, type_)
        if entries and _case_mismatch(surface, entries):
            got = None
        else:
            canonical = entries[0].name if entries else None
            # "ROCKET", "BLOOM": a known name written in capitals, as the entry writes it, is that
            # name, not the common word; short acronyms ("SAM", "EMA") keep their other readings
            spelled = (
                len(surface) >= 4
                and surface.isupper()
                and any(surface in en.forms for en in entries)
                and not self.gaz.acronym_readings(surface)  # "CMOS": a score, or a chip technology
            )
            got = canonical, not spelled and any(en.is_ambiguous_form(surface) for en in entries)
        if len(self._reading_cache) > 100_000:
            self._reading_cache.clear()
        self._reading_cache[key] = got
        return got


def _case_mismatch(surface: str, entries) -> bool:
    """A lower-case word against a name with inner capitals ("zero" is not ZeRO, "react" not ReAct).

    A capital that opens a part of a hyphenated or spaced name ("Best-of-N", "Expert Iteration")
    is a word's first letter, not an inner capital: "best-of-n" is that name written in lower case.
    A name that starts with "The" is a common phrase in lower case ("the stack").
    """
    if not surface.islower():
        return False
    key = lookup_key(surface)
    forms = [f for e in entries for f in e.forms if lookup_key(f) == key]
    return bool(forms) and all(_has_inner_capital(f) for f in forms)


@lru_cache(maxsize=1 << 14)
def _has_inner_capital(form: str) -> bool:
    if form.startswith("The "):
        return True  # "The Stack", "The Pile": in lower case, "the stack" is the common phrase
    # capitals with digits ("INT8", "FP16") spell no common word in lower case: "int8 quantization"
    parts = [p for p in _NAME_PARTS.split(form) if not _CAPITALS_AND_DIGITS.match(p)]
    return any(ch.isupper() for part in parts for ch in part[1:])
