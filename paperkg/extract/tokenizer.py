"""spaCy's English tokenizer, also splitting inside words at brackets and tildes.

Abstracts scraped from LaTeX keep constructs such as ``learning~(RL)`` or ``(SIR)-based``; the
default rules leave them as one token, so a span for "RL" or "SIR" cannot be made. Splitting at
``( ) [ ] ~`` inside a word fixes that and changes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_INFIXES = (r"[()\[\]~]",)


# spaCy caches the split of each whitespace-separated chunk, up to 10,000 chunks by default. A large
# corpus has far more distinct chunks (about 95,000 in 100,000 generated abstracts), and every chunk
# past the cache goes through the affix regexes again: with room for 100,000, tokenising those
# abstracts took 5.3 s instead of 9.0 s. The cache costs about 300 bytes a chunk (~30 MB when full).
DEFAULT_CACHE_SIZE = 100_000


@registry.tokenizers("paperkg.Tokenizer.v1")
def create_tokenizer(max_cache_size: int = DEFAULT_CACHE_SIZE):
    def make(nlp: Language) -> Tokenizer:
        infixes = list(English.Defaults.infixes) + list(EXTRA_INFIXES)
        return Tokenizer(
            nlp.vocab,
            rules=English.Defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(English.Defaults.prefixes).search,
            suffix_search=compile_suffix_regex(English.Defaults.suffixes).search,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=English.Defaults.token_match,
            url_match=English.Defaults.url_match,
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
