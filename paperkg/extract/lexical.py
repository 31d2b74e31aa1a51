"""The lexical attributes the pipeline's vocabulary computes for a word it has not seen.

spaCy computes about two dozen attributes (``shape``, ``like_num``, ``like_url``, ``norm``,
``is_stop``, ...) the first time its vocabulary meets a word, each through a Python function:
about 10 µs a new word, where the word itself costs 1.5 µs. A corpus of abstracts keeps bringing
new words, and the project's components read only two of these attributes: LOWER (the
case-insensitive gazetteer matcher) and IS_SPACE (the sentence splitter). The default
``pipeline.cfg`` keeps those two through this callback, as spaCy's ``[nlp.after_creation]``;
a component that reads other token attributes (``token.like_num``, a ``Matcher`` pattern on
``SHAPE``) needs them added to the list, or the block removed. A pretrained pipeline
(``--spacy-model``) keeps its own vocabulary, all attributes included.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.attrs import IDS
from spacy.language import Language
from spacy.util import registry

# What the project's components read: they break if one of these is missing.
REQUIRED = ("LOWER", "IS_SPACE")


@registry.callbacks("paperkg.lexical_attributes.v1")
def lexical_attributes(keep: Sequence[str] = REQUIRED) -> Callable[[Language], Language]:
    unknown = [a for a in keep if a not in IDS]
    if unknown:
        raise ValueError(f"unknown lexical attribute(s) {', '.join(unknown)}")
    missing = [a for a in REQUIRED if a not in keep]
    if missing:
        raise ValueError(f"the paperkg components need lexical attribute(s) {', '.join(missing)}")
    ids = {IDS[a] for a in keep}

    def restrict(nlp: Language) -> Language:
        # spaCy's vocab.pyi leaves out the public attribute lex_attr_getters (vocab.pyx has it)
        getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
        nlp.vocab.lex_attr_getters = {attr: f for attr, f in getters.items() if attr in ids}  # type: ignore[attr-defined]
        return nlp

    return restrict
