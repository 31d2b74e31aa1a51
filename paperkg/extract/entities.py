"""Methods, datasets and metrics named in one paper: the component that runs the entity rules.

Mentions come from one of two places (``candidates``). In the accurate profile a trained ``ner``
earlier in the pipeline finds them (``doc.ents``) and this component only groups them into
entities. In the fast profile, and as the ``hints`` the trained model reads (hints.py), the rules
find them: evidence that holds for ML prose in general, one rule family per module, each small and
separately testable:

* known names: the gazetteer (gazetteer_matches.py);
* acronym definitions, typed by the long form's head noun (acronym_candidates.py);
* name shapes: acronyms and mixed case, letters with digits, extended by versions and capitalised
  words before them (name_shapes.py);
* measures: head nouns, what a number changes, lists after "in terms of" (measure_candidates.py);
* head nouns, introductions and the title ("X dataset", "called X", "X: ...") (named_phrases.py);

then decide among them (entity_filters.py) and group every surface form of one thing into one
Entity (entity_grouping.py). A rule reads the words and context of the text through
:class:`~paperkg.extract.doc_context.DocContext`, and asks the gazetteer through
:class:`~paperkg.extract.knowledge.EntityKnowledge`; its word lists are in ``data/entity_rules.json``.

The steps run in a fixed order, each reading what the ones before wrote into an
:class:`EntityFinding` (:data:`STEPS`). The order matters: the shape rule leaves the gazetteer's
spans alone, a definition's ruled-out keys and short forms are read by the rejection and extension
steps, the measure-list rule keeps the spans the rules before it found sure, and the settling steps
run on the non-overlapping choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract import fields  # (importing it registers the Doc extensions)
from paperkg.extract.acronym_candidates import acronym_candidates
from paperkg.extract.candidates import Candidate, resolve_overlaps
from paperkg.extract.component import BatchComponent
from paperkg.extract.doc_context import DocContext
from paperkg.extract.doctext import doc_text, sentence_bounds, token_offsets
from paperkg.extract.entity_filters import inherit_types, not_rejected, one_reading, propagate, settle
from paperkg.extract.entity_grouping import group
from paperkg.extract.entity_rules import RULES_FILE, Rules
from paperkg.extract.gazetteer import Gazetteer
from paperkg.extract.gazetteer_matches import GazetteerMatcher
from paperkg.extract.knowledge import EntityKnowledge
from paperkg.extract.measure_candidates import (
    changed_measure_candidates,
    measure_list_candidates,
    metric_candidates,
)
from paperkg.extract.model import Entity, is_entity_type
from paperkg.extract.name_shapes import extend, shape_candidates
from paperkg.extract.named_phrases import (
    capitalised_phrase_candidates,
    dataset_head_candidates,
    method_head_candidates,
    naming_candidates,
    title_candidates,
)
from paperkg.extract.resources import load_json
from paperkg.extract.words import split_words

SPAN_KEY = "paperkg_entities"
CANDIDATE_SOURCES = ("rules", "model", "both")


@dataclass(slots=True)
class EntityFinding:
    """What the steps of one Doc hand on to each other, in the order the steps fill it."""

    doc: Doc
    ctx: DocContext
    # every rule's candidates, in the order the rules ran (the order breaks ties between equals)
    candidates: list[Candidate] = field(default_factory=list)
    # the gazetteer's matches: the shape rule leaves their spans alone, and a longer name that
    # starts with one inherits its type
    gazetteer: list[Candidate] = field(default_factory=list)
    # the keys of names an acronym definition ruled out ("click-through rate (CTR) prediction")
    blocked: set[str] = field(default_factory=set)
    # (short form, long form) of each definition: grouped as one entity
    pairs: list[tuple[str, str]] = field(default_factory=list)
    # the rules' own definitions' short forms, which capitalised words before them do not extend
    short_forms: set[str] = field(default_factory=set)
    # the non-overlapping candidates that stand
    chosen: list[Candidate] = field(default_factory=list)


Step = Callable[["EntityRecognizer", EntityFinding], None]


# ---- the steps, in the order of STEPS -------------------------------------------------------
def find_known_names(rec: EntityRecognizer, s: EntityFinding) -> None:
    """The gazetteer's matches (token offsets kept per Doc: a Span per match cost more)."""
    assert rec.matcher is not None, "a step of the rule profiles only (model candidates match no gazetteer)"
    s.gazetteer = rec.matcher.candidates(s.doc, s.ctx.text, *token_offsets(s.doc))
    s.candidates += s.gazetteer


def find_acronyms(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.pairs = acronym_candidates(rec.kb, s.doc, s.ctx, s.candidates, s.blocked)
    s.short_forms = {sf for sf, _ in s.pairs}


def find_name_shapes(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.candidates += shape_candidates(rec.kb, s.ctx, {(c.start, c.end) for c in s.gazetteer})


def find_measures(rec: EntityRecognizer, s: EntityFinding) -> None:
    """Metric head nouns, what a number changes, then lists of measures (which yield to the sure
    spans found so far)."""
    s.candidates += metric_candidates(rec.kb, s.ctx)
    s.candidates += changed_measure_candidates(rec.kb, s.ctx)
    s.candidates += measure_list_candidates(rec.kb, s.ctx, s.candidates)


def find_named_phrases(rec: EntityRecognizer, s: EntityFinding) -> None:
    for rule in (
        dataset_head_candidates,
        method_head_candidates,
        capitalised_phrase_candidates,
        naming_candidates,
        title_candidates,
    ):
        s.candidates += rule(rec.kb, s.ctx)


def add_model_mentions(rec: EntityRecognizer, s: EntityFinding) -> None:
    """The trained recogniser's mentions (``doc.ents``), with the other half of an acronym
    definition whose one half it found."""
    cands, pairs = rec.model_candidates(s.doc)
    s.candidates += cands
    s.pairs += [p for p in pairs if p not in s.pairs]


def extend_names(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.candidates = extend(rec.kb, s.ctx, s.candidates, s.short_forms)


def propagate_forms(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.candidates = propagate(rec.kb, s.ctx, s.candidates)


def reject(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.candidates = not_rejected(rec.kb, s.ctx, s.candidates, s.blocked)


def one_reading_per_span(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.candidates = one_reading(s.ctx, s.candidates)


def resolve(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.chosen = resolve_overlaps(s.candidates)


def inherit(rec: EntityRecognizer, s: EntityFinding) -> None:
    inherit_types(s.chosen, s.gazetteer)


def settle_by_knowledge(rec: EntityRecognizer, s: EntityFinding) -> None:
    s.chosen = settle(rec.kb, s.ctx, s.chosen)


def canonicalise(rec: EntityRecognizer, s: EntityFinding) -> None:
    """The gazetteer's name for a mention it knows as the same type ("GPT4" is GPT-4)."""
    for c in s.chosen:
        if c.canonical is None:
            known = rec.kb.known(s.ctx.text[c.start : c.end], c.type)
            if known is not None and known.type == c.type:
                c.canonical = known.name


_FIND = (find_known_names, find_acronyms, find_name_shapes, find_measures, find_named_phrases)
_DECIDE = (extend_names, propagate_forms, reject, one_reading_per_span, resolve, inherit, settle_by_knowledge)
# The steps of each source of mentions. The model's mentions need no word-level rules: its
# mentions, each form's other occurrences, and the gazetteer only to name known entities.
STEPS: dict[str, tuple[Step, ...]] = {
    "rules": (*_FIND, *_DECIDE),
    "both": (*_FIND, add_model_mentions, *_DECIDE, canonicalise),
    "model": (add_model_mentions, propagate_forms, resolve, canonicalise),
}


class EntityRecognizer(BatchComponent):
    def __init__(self, nlp: Language, gazetteer: Gazetteer, rules: Rules, candidates: str = "rules"):
        if candidates not in CANDIDATE_SOURCES:
            raise ValueError(f"candidates must be one of {', '.join(CANDIDATE_SOURCES)}, not {candidates!r}")
        self.candidates = candidates
        self.gaz = gazetteer
        self.rules = rules
        self.kb = EntityKnowledge(gazetteer, rules)
        self.steps = STEPS[candidates]
        # the model's mentions need no gazetteer matching
        self.matcher = GazetteerMatcher(nlp, gazetteer, rules) if candidates != "model" else None

    def __call__(self, doc: Doc) -> Doc:
        entities = self.find(doc)
        doc._.entities.extend(entities)
        group = []
        offsets = {}
        for f in reversed(doc._.fields):
            offsets[f.name] = f.start  # the first field of a name wins
        for ent in entities:
            for m in ent.mentions:
                off = offsets.get(m.field, 0)
                span = doc.char_span(off + m.start, off + m.end, label=ent.type, alignment_mode="expand")
                if span is not None:
                    group.append(span)
        doc.spans[SPAN_KEY] = group
        return doc

    def find(self, doc: Doc) -> list[Entity]:
        """The paper's entities, without writing them to the Doc."""
        text = doc_text(doc)
        doc_fields = doc._.fields  # each doc._ access builds an object: read once
        sents = sentence_bounds(doc) or [(0, len(text))]
        title_end = doc_fields[0].end if doc_fields else 0
        # the model's mentions need no word-level rules: only the text and its sentences
        words = ([], [], [], []) if self.candidates == "model" else split_words(text)
        state = EntityFinding(doc, DocContext(text, words, sents, title_end, self.rules))
        for step in self.steps:
            step(self, state)
        return group(doc_fields, state.ctx, state.chosen, state.pairs)

    def model_candidates(self, doc: Doc) -> tuple[list[Candidate], list[tuple[str, str]]]:
        text = doc_text(doc)
        cands = []
        for e in doc.ents:
            if is_entity_type(e.label_):
                span = within_field(text, e.start_char, e.end_char)
                if span is not None:
                    cands.append(Candidate(span[0], span[1], "model", e.label_, None, True))
        by_span = {(c.start, c.end): c for c in cands}
        pairs = []
        for short, long in doc._.abbreviations:
            halves = ((short.start_char, short.end_char), (long.start_char, long.end_char))
            found = [by_span[h] for h in halves if h in by_span]
            if not found:
                continue
            for h in halves:
                if h not in by_span:
                    by_span[h] = Candidate(h[0], h[1], "model", found[0].type, None, True)
                    cands.append(by_span[h])
            pairs.append((short.text, long.text))
        return cands, pairs


def within_field(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A recognised span without the white space or hyphens at its ends, cut where a field ends: a
    model may take in a space token ("½\u2028" before the title/abstract break) or end a name on the
    hyphen of a word the tokenizer kept whole ("Qwen-" of "Qwen-series", "LLaMA-" of "LLaMA- and
    Gemma-based"), and a mention lies in one field."""
    while start < end and _edge(text[start]):
        start += 1
    while end > start and _edge(text[end - 1]):
        end -= 1
    cut = text.find(fields.SEPARATOR, start, end)
    if cut != -1:
        end = cut
        while end > start and _edge(text[end - 1]):
            end -= 1
    return (start, end) if start < end else None


def _edge(ch: str) -> bool:
    return ch.isspace() or ch in _EDGE_DASHES


_EDGE_DASHES = "-\u2010\u2011\u2012\u2013\u2014"


@Language.factory(
    "paperkg_entities",
    requires=["token.is_sent_start", "doc._.abbreviations"],
    assigns=["doc._.entities", "doc.spans"],
)
def make_entities(
    nlp: Language, name: str, rules_file: str = RULES_FILE, candidates: str = "rules"
) -> EntityRecognizer:
    """``candidates``: where mentions come from. "rules": the gazetteer and the rules above;
    "model": a trained recogniser earlier in the pipeline (``doc.ents``, e.g. spaCy's ``ner``);
    "both": the model's mentions first, the rules' where they overlap none of them."""
    return EntityRecognizer(nlp, Gazetteer.load(), Rules(load_json(rules_file)), candidates).named(name)
