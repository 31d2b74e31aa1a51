"""Name normalisation: every key paperkg folds a name to, each defined once.

Different jobs need different folds, so there are several keys; they differ on purpose:

- :func:`alnum_key` — lower case, ASCII letters and digits only. What the reference scorer
  compares ("Top-1 Acc." is "top1acc") and what a user's query is matched by ("Low-Rank
  Adaptation" finds "low rank adaptation"). The store lookups and the ``cites-like`` named query
  spell the same fold in Cypher: ``regexp_replace(lower(x), '[^a-z0-9]', '', 'g')``.
- :func:`successor_key` — :func:`alnum_key` keeping a trailing "+", which names a successor
  ("RSCP+" is not RSCP): the extractor groups one paper's surface forms by it.
- :func:`variant_key` — the resolver's key across papers: also folds a final plural ("low-rank
  adaptations"), a plural acronym ("LLMs") and British spellings (``paperkg/util/spelling.py``),
  so that the ways different papers write one name meet. Too loose for the scorer (the guide
  counts forms as written) and for grouping within one paper (the extractor keeps "model" and
  "models" apart when the text does).
- :func:`lookup_key` — the gazetteer's key: only separators go (spaces, hyphens and dashes,
  underscores, dots that are not decimal points), so "OPT-1.3B" stays apart from "OPT-13B" and
  characters outside ASCII stay; case folds unless a form is one that must match with its case.
- :func:`unicode_alnum_key` — letters and digits of any script, case folded: how the site tells
  two written forms of one alias apart from two aliases (it shows names, so "é" must not vanish).
- :func:`slug` — lower case, runs of other characters one "-": node ids, the gold files' paper
  ids, the readable part of page file names.

This module imports nothing from paperkg but the spelling table beside it, so every stage may use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from paperkg.util.spelling import american

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def alnum_key(text: str) -> str:
    """Lower case, ASCII letters and digits only: "Top-1 Acc." and "top1acc" are one form.

    Exactly the reference scorer's ``norm`` (``score.py``) for a string."""
    return _NOT_ALNUM.sub("", text.lower())


@lru_cache(maxsize=1 << 16)
def successor_key(text: str) -> str:
    """:func:`alnum_key`, with a trailing "+" kept: it names a successor ("RSCP+" is not RSCP).

    The extractor's grouping key (kept per surface form)."""
    key = alnum_key(text)
    return key + "+" if text.endswith("+") and key else key


# ---------------------------------------------------------------- the resolver's key

TOKEN_SEPARATORS = re.compile(r"[\s\-_/]+")
_PLURAL_ACRONYM = re.compile(r"^([A-Z][A-Za-z0-9]*[A-Z0-9])s$")


def singular(word: str) -> str:
    """The singular of a lower-case English plural ("adaptations", "queries", "patches"); words of
    three letters or fewer, words with other characters than letters, and "-ss", "-us", "-is" as
    they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 18)
def variant_key(form: str) -> str:
    """The key the ways papers write one name share ("Low-rank adaptations" == "low rank
    adaptation", "LLMs" == "LLM"): tokens split at spaces, hyphens, underscores and slashes, a
    plural acronym at the end made singular, British spellings folded to American
    (:func:`~paperkg.util.spelling.american`: "optimisers" == "optimizers"), the last word
    made singular, then :func:`alnum_key`; a trailing "+" is kept as in :func:`successor_key`."""
    tokens = [t for t in TOKEN_SEPARATORS.split(form.strip()) if t]
    if tokens:
        m = _PLURAL_ACRONYM.match(tokens[-1])
        tokens[-1] = m.group(1) if m else tokens[-1]
    words = american(" ".join(tokens).lower()).split(" ")
    if words:
        words[-1] = singular(words[-1])
    key = alnum_key(" ".join(words))
    return key + "+" if key and form.strip().endswith("+") else key


@lru_cache(maxsize=1 << 16)
def variant_keys(form: str) -> tuple[str, ...]:
    """:func:`variant_key` of each word of ``form`` (split as :func:`variant_key` splits), empty
    ones left out: compares names word by word ("attack success rate" ends with "success rate")."""
    return tuple(k for t in TOKEN_SEPARATORS.split(form.strip()) if (k := variant_key(t)))


# ---------------------------------------------------------------- the gazetteer's key

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_]+|(?<!\d)\.|\.(?!\d)")


def lookup_key(surface: str, *, case_sensitive: bool = False) -> str:
    """The gazetteer's lookup key of a surface form: separators dropped (spaces, hyphens and
    dashes, underscores, a dot unless between digits), case folded unless asked not to.

    Unlike :func:`alnum_key` it keeps decimal points ("OPT-1.3B" is not "OPT-13B"), other
    punctuation and letters outside ASCII, and can keep case ("SAM" is not "sam")."""
    key = _SEPARATORS.sub("", surface.strip())
    return key if case_sensitive else key.casefold()


# ---------------------------------------------------------------- shown names and ids


def unicode_alnum_key(text: str) -> str:
    """Letters and digits of any script, case folded ("Supervised Fine-Tuning" and "supervised
    finetuning" meet, "Müller" keeps its "ü" where :func:`alnum_key` would drop it)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def slug(text: str) -> str:
    """Lower case, every run of characters other than ASCII letters and digits one "-", none at
    either end ("Low-Rank Adaptation (LoRA)" -> "low-rank-adaptation-lora"); may be empty."""
    return _NOT_ALNUM.sub("-", text.lower()).strip("-")
