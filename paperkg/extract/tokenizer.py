"""spaCy's English tokenizer, also splitting inside words at brackets and tildes.

Abstracts scraped from LaTeX keep constructs such as ``learning~(RL)`` or ``(SIR)-based``; the
default rules leave them as one token, so a span for "RL" or "SIR" cannot be made. Splitting at
``( ) [ ] ~`` inside a word fixes that and changes nothing else.

On a text it has not seen, spaCy's tokenizer runs its prefix, suffix, infix and URL regexes on
every new chunk between spaces and on what is left of it after each split; most of those pieces
are plain words ("learning", the "model" of "model,"), on which no English rule can match (each
needs a digit or a character other than a letter). ``LetterShortcut`` answers "no match" for
a piece of ASCII letters without running the regex, looks for a suffix of a word followed by
one character ("model,") at that character only, and for a URL only where there is a dot: the
same tokens, in about half the time on unseen abstracts (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_INFIXES = (r"[()\[\]~]",)
# A full stop after a capital ends a sentence ("... than MoE.", "... on GSM8K.", "Llama-2-13B."):
# spaCy's rules split it only after a digit, a lower-case letter or two capitals. Not after a
# capital that follows a dot or starts the word ("U.S.", "J.").
EXTRA_SUFFIXES = (r"(?<=[^\s.][A-Z])\.",)


# spaCy caches the split of each whitespace-separated chunk, up to 10,000 chunks by default. A large
# corpus has far more distinct chunks (about 95,000 in 100,000 generated abstracts), and every chunk
# past the cache goes through the affix regexes again: with room for 100,000, tokenising those
# abstracts took 5.3 s instead of 9.0 s. The cache costs about 300 bytes a chunk (~30 MB when full).
DEFAULT_CACHE_SIZE = 100_000


class LetterShortcut:
    """A compiled regex whose ``search`` and ``finditer`` find nothing in a string of ASCII
    letters without running, and otherwise run it (``search_end``, ``match_dotted``: below).

    Only for the tokenizer's rules, none of which can match such a string (tests/extract/
    test_fast_paths.py checks every string of up to three letters, the words of the corpus and
    generated ones). spaCy serialises a rule as ``rule.__self__.pattern``, so it keeps the
    pattern and flags: a saved pipeline reloads with the plain regex and tokenises the same.
    """

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex
        self.pattern = regex.pattern
        self.flags = regex.flags

    def search(self, string: str) -> re.Match[str] | None:
        return None if string.isalpha() and string.isascii() else self.regex.search(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return iter(()) if string.isalpha() and string.isascii() else self.regex.finditer(string)

    def search_end(self, string: str) -> re.Match[str] | None:
        """``search`` for a regex whose every branch ends with ``$`` (the suffix rules), which
        tries every position of the string: after ASCII letters and hyphens ("model,",
        "state-of-the-art") only the last character can start a match, as a branch that begins
        with a letter needs a digit before it (units, currency codes) and none begins with a
        hyphen."""
        if string.isascii() and string.isalpha():
            return None
        body = string[:-1]
        if body.isascii() and body.replace("-", "a").isalpha():
            return self.regex.search(string, len(body))
        return self.regex.search(string)

    def match_dotted(self, string: str) -> re.Match[str] | None:
        """``match`` for the URL rule, whose host part (a domain or an IP address) always holds
        a dot: no dot, no URL ("state-of-the-art")."""
        return self.regex.match(string) if "." in string else None


@registry.tokenizers("paperkg.Tokenizer.v1")
def create_tokenizer(max_cache_size: int = DEFAULT_CACHE_SIZE):
    def make(nlp: Language) -> Tokenizer:
        infixes = list(English.Defaults.infixes or ()) + list(EXTRA_INFIXES)
        suffixes = list(English.Defaults.suffixes or ()) + list(EXTRA_SUFFIXES)
        url = English.Defaults.url_match  # a bound re.Pattern.match (or None)
        url_regex = getattr(url, "__self__", None)
        return Tokenizer(
            nlp.vocab,
            rules=English.Defaults.tokenizer_exceptions,
            prefix_search=LetterShortcut(compile_prefix_regex(English.Defaults.prefixes or ())).search,
            suffix_search=LetterShortcut(compile_suffix_regex(suffixes)).search_end,
            infix_finditer=LetterShortcut(compile_infix_regex(infixes)).finditer,
            token_match=English.Defaults.token_match,
            url_match=LetterShortcut(url_regex).match_dotted if isinstance(url_regex, re.Pattern) else None,
            max_cache_size=max_cache_size,
        )

    return make


def pattern_tokenizer(nlp: Language) -> Callable[[str], Doc]:
    """A tokenizer for matcher patterns: tokenises exactly as the pipeline does, through a twin.

    spaCy's tokenizer caches the split of each whitespace-separated chunk, but stops adding to
    the cache once it holds ``max_cache_size`` (10,000) chunks. Tokenising the gazetteer's ~9,000
    patterns with the pipeline's own tokenizer filled that cache with names at start-up, so
    every word of every abstract then went through the prefix/suffix/infix regexes again:
    ``make_doc`` was about 4x slower than a fresh tokenizer. The twin shares the vocabulary and
    every rule, so the pattern tokens are the same. A tokenizer that is not spaCy's own class
    (from ``--spacy-model``) is used as it is, since it cannot be copied faithfully from outside.
    """
    tok = nlp.tokenizer
    return twin(tok) if type(tok) is Tokenizer else tok


def twin(tok: Tokenizer, **overrides) -> Tokenizer:
    """A new spaCy tokenizer with ``tok``'s vocabulary and rules (and its own, empty cache)."""
    settings = dict(rules=tok.rules, prefix_search=tok.prefix_search, suffix_search=tok.suffix_search,
                    infix_finditer=tok.infix_finditer, token_match=tok.token_match, url_match=tok.url_match,
                    faster_heuristics=tok.faster_heuristics)
    return Tokenizer(tok.vocab, **{**settings, **overrides})
