"""spaCy's English tokenizer, also splitting inside words at brackets and tildes.

Abstracts scraped from LaTeX keep constructs such as ``learning~(RL)`` or ``(SIR)-based``; the
default rules leave them as one token, so a span for "RL" or "SIR" cannot be made. Splitting at
``( ) [ ] ~`` inside a word fixes that and changes nothing else.
"""

from __future__ import annotations

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_INFIXES = (r"[()\[\]~]",)


@registry.tokenizers("paperkg.Tokenizer.v1")
def create_tokenizer():
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
        )

    return make
