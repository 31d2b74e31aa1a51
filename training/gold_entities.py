"""Docs of a split run through the pipeline with the annotators' entities in place of the
recogniser's: what the classifiers on top of the entities (proposed, result links) learn from."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "corpus"))

from convert import gold_mentions  # noqa: E402
from splits import split_records  # noqa: E402

from paperkg.extract.pipeline import load_pipeline, make_doc  # noqa: E402
from paperkg.sources.record import PaperRecord  # noqa: E402


def gold_entity_pipeline() -> Language:
    """The fast pipeline with the entity component reading ``doc.ents`` (set to the gold)."""
    nlp = load_pipeline(profile="fast")
    nlp.remove_pipe("entities")
    nlp.add_pipe("paperkg_entities", name="entities", config={"candidates": "model"}, after="abbreviations")
    return nlp


def gold_entity_docs(nlp: Language, split: str, until: str) -> Iterator[tuple[Doc, dict]]:
    """(doc, gold) for each abstract of ``split``, run up to (not including) component ``until``."""
    inputs, golds = split_records(split)
    for r, g in zip(inputs, golds, strict=True):
        doc = make_doc(nlp, PaperRecord(id=r["id"], title=r["title"], abstract=r["abstract"]))
        mentions, _ = gold_mentions(doc.text, g)
        spans = [doc.char_span(s, e, label=label, alignment_mode="contract") for s, e, label, _ in mentions]
        doc.ents = [s for s in spans if s is not None and len(s)]
        for name, proc in nlp.pipeline:
            if name == until:
                break
            doc = proc(doc)
        yield doc, g
