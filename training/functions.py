"""Registers the project's spaCy functions for ``python -m spacy train --code training/functions.py``:
the tokenizer and the lexical-attribute callback that the training configs name, so that the
model learns on exactly the tokens the extractor gives it, and the corpus reader below."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.training import Corpus, Example
from spacy.util import registry

from paperkg.extract.fields import SEPARATOR, compose
from paperkg.extract.pipeline import register_components

HINTS_KEY = "paperkg_hints"  # as training/convert.py writes it
register_components()


@registry.readers("paperkg.Corpus.v1")
def create_corpus(path: Path, max_length: int = 0, limit: int = 0) -> Callable[[Language], Iterator[Example]]:
    """spaCy's corpus reader, with each Doc's title/abstract layout set as the extractor sets it
    (``doc._.fields``) and the rules' hints that training/convert.py computed put on its tokens,
    as the ``hints`` component puts them at extraction time."""
    corpus = Corpus(path, max_length=max_length, limit=limit)

    def read(nlp: Language) -> Iterator[Example]:
        for eg in corpus(nlp):
            doc = eg.predicted
            title, sep, abstract = doc.text.partition(SEPARATOR)
            if sep:
                doc._.fields = compose(title, abstract)[1]
            hints = eg.reference.user_data.get(HINTS_KEY)
            if hints is not None and len(hints) == len(doc):
                for token, tag in zip(doc, hints, strict=True):
                    if tag:
                        token.tag_ = tag
            yield eg

    return read
