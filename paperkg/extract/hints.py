"""The rules' reading of a paper, handed to a trained recogniser as token features.

The hand-written rules (``entities.py``: the gazetteer, acronym definitions, name shapes, head
nouns, introductions) know things that a model trained on a few thousand abstracts cannot learn,
above all the names of thousands of known methods, datasets and metrics; but they are also wrong
in ways that annotated data shows. So they are evidence, not the judge: this component runs them
and writes what they found into each token's ``tag_`` ("B-METHOD", "I-DATASET-K" for a name the
gazetteer knows, ...), and the ``tok2vec`` that follows embeds ``TAG`` beside the word's own
features. The ``ner`` trained on that learns when the rules are right. ``doc._.entities`` is
left for the entity component after the recogniser.

The pipeline has no tagger, so ``tag_`` is free; a pretrained pipeline that brings one
(``--spacy-model``) cannot be combined with the trained components anyway.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract import fields  # noqa: F401  (registers the Doc extensions)
from paperkg.extract.component import BatchComponent
from paperkg.extract.doctext import doc_text
from paperkg.extract.entities import EntityRecognizer
from paperkg.extract.entity_rules import RULES_FILE, Rules
from paperkg.extract.gazetteer import Gazetteer
from paperkg.extract.resources import load_json


class EntityHints(BatchComponent):
    __slots__ = ("recognizer", "_tags")

    def __init__(self, recognizer: EntityRecognizer):
        self.recognizer = recognizer
        self._tags: dict[tuple[str, str], tuple[str, str]] = {}

    def _tag_names(self, type_: str, known: str) -> tuple[str, str]:
        key = (type_, known)
        got = self._tags.get(key)
        if got is None:
            suffix = f"-{known}" if known else ""
            got = self._tags[key] = (f"B-{type_}{suffix}", f"I-{type_}{suffix}")
        return got

    def __call__(self, doc: Doc) -> Doc:
        entities = self.recognizer.find(doc)
        offsets = {f.name: f.start for f in reversed(doc._.fields)}
        text = doc_text(doc)
        for ent in entities:
            first, inside = self._tag_names(ent.type, "K" if ent.canonical else "")
            for m in ent.mentions:
                off = offsets.get(m.field, 0)
                span = doc.char_span(off + m.start, off + m.end, alignment_mode="expand")
                if span is None or not text[off + m.start : off + m.end].strip():
                    continue
                span[0].tag_ = first
                for token in span[1:]:
                    token.tag_ = inside
        return doc


@Language.factory(
    "paperkg_entity_hints",
    requires=["token.is_sent_start", "doc._.abbreviations"],
    assigns=["token.tag"],
)
def make_entity_hints(nlp: Language, name: str, rules_file: str = RULES_FILE) -> EntityHints:
    return EntityHints(EntityRecognizer(nlp, Gazetteer.load(), Rules(load_json(rules_file)))).named(name)
