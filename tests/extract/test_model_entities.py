"""The entity component over a trained recogniser's mentions, and the rules' hints it learns from.

These run the real components on Docs whose ``doc.ents`` are set by hand, so they test the
grouping, alias and gazetteer logic apart from what a trained model happens to predict."""

import pytest
import spacy

from paperkg.extract.pipeline import load_pipeline, make_doc
from paperkg.sources.record import PaperRecord


def _pipeline(candidates: str):
    nlp = load_pipeline(profile="fast")
    for name in ("entities", "proposed", "results", "links"):
        nlp.remove_pipe(name)
    nlp.add_pipe("paperkg_entities", name="entities", config={"candidates": candidates})
    return nlp


def _run(nlp, abstract: str, ents: list[tuple[str, str]], title: str = "T"):
    """Run ``nlp`` with ``ents`` (surface, label) set as the recogniser's mentions (first occurrence)."""
    doc = make_doc(nlp, PaperRecord(id="t", title=title, abstract=abstract))
    for name, proc in nlp.pipeline:
        if name == "entities":
            spans = []
            for surface, label in ents:
                start = doc.text.index(surface)
                spans.append(doc.char_span(start, start + len(surface), label=label))
            doc.ents = spans
        doc = proc(doc)
    return {e.name: e for e in doc._.entities}


@pytest.fixture(scope="module")
def model_mode():
    return _pipeline("model")


def test_the_model_mentions_become_entities_with_every_occurrence(model_mode):
    ents = [("FooNet", "METHOD"), ("ZooQA", "DATASET")]
    got = _run(model_mode, "We tune FooNet on ZooQA. FooNet is fast.", ents)
    assert {(e.type, n) for n, e in got.items()} == {("METHOD", "FooNet"), ("DATASET", "ZooQA")}
    assert [m.start for m in got["FooNet"].mentions] == [8, 25]


def test_an_acronym_definition_adds_its_other_half(model_mode):
    got = _run(model_mode, "We use Low-Rank Adaptation (LoRA) and then LoRA again.", [("LoRA", "METHOD")])
    (ent,) = got.values()
    assert ent.type == "METHOD" and ent.name == "Low-Rank Adaptation" and ent.aliases == ["LoRA"]
    assert ent.canonical == "LoRA"  # the gazetteer names a known entity, for merging across papers


def test_nothing_but_the_model_mentions_in_model_mode(model_mode):
    # BERT is in the gazetteer: the rules would find it, the model did not
    assert set(_run(model_mode, "We compare FooNet with BERT.", [("FooNet", "METHOD")])) == {"FooNet"}


def test_both_mode_adds_the_rules_where_the_model_found_nothing():
    got = _run(_pipeline("both"), "We compare FooNet with BERT.", [("FooNet", "METHOD")])
    assert {(e.type, n) for n, e in got.items()} == {("METHOD", "FooNet"), ("METHOD", "BERT")}


def test_an_unknown_candidate_source_is_refused():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="candidates must be one of"):
        nlp.add_pipe("paperkg_entities", config={"candidates": "guess"})


def test_hints_write_the_rules_reading_into_the_tags():
    nlp = load_pipeline(profile="fast")
    for name in ("entities", "proposed", "results", "links"):
        nlp.remove_pipe(name)
    nlp.add_pipe("paperkg_entity_hints", name="hints")
    record = PaperRecord(id="t", title="T", abstract="We fine-tune BERT on GLUE with Zorblax loss.")
    doc = nlp(make_doc(nlp, record))
    tags = {t.text: t.tag_ for t in doc}
    assert tags["BERT"] == "B-METHOD-K" and tags["GLUE"] == "B-DATASET-K"  # K: the gazetteer knows it
    assert tags["We"] == tags["on"] == ""
    assert doc._.entities == []  # hints only: the entity component comes later


def test_a_model_span_loses_the_white_space_at_its_ends_and_stays_in_its_field(model_mode):
    from spacy.tokens import Span

    record = PaperRecord(id="t", title="We propose FooNet\u2028", abstract="FooNet  works.")
    doc = make_doc(model_mode, record)
    for name, proc in model_mode.pipeline:
        if name == "entities":
            # "FooNet" with the line separator and the title/abstract break; "FooNet" with a space
            spaces = [t.i for t in doc if t.is_space]
            doc.ents = [Span(doc, 2, spaces[0] + 1, label="METHOD"), Span(doc, spaces[1] - 1, spaces[1] + 1,
                                                                            label="METHOD")]
        doc = proc(doc)
    (ent,) = doc._.entities
    assert ent.name == "FooNet"
    fields = {"title": record.title, "abstract": record.abstract}
    assert [(m.field, fields[m.field][m.start : m.end]) for m in ent.mentions] == [
        ("title", "FooNet"), ("abstract", "FooNet")]


def test_a_recognised_span_loses_the_hyphens_and_white_space_at_its_ends():
    from paperkg.extract.entities import within_field

    text = "We fine-tune LLaMA- and Gemma-based models; BrowseComp-ZH-the benchmark; task load - x"
    cases = (("LLaMA-", "LLaMA"), ("BrowseComp-ZH-", "BrowseComp-ZH"), ("task load -", "task load"),
             (" Gemma-based", "Gemma-based"), ("fine-tune", "fine-tune"))
    for surface, kept in cases:
        start = text.index(surface)
        got = within_field(text, start, start + len(surface))
        assert got is not None and text[got[0] : got[1]] == kept
    assert within_field(text, text.index(" - "), text.index(" - ") + 3) is None


def test_the_entity_of_a_mention_ending_on_a_hyphen_is_named_without_it():
    nlp = _pipeline("model")
    doc = make_doc(nlp, PaperRecord(id="t", title="T", abstract="We release LLaMA- and Gemma-based models."))
    for name, proc in nlp.pipeline:
        if name == "entities":
            token = next(t for t in doc if t.text.startswith("LLaMA"))
            doc.ents = [spacy.tokens.Span(doc, token.i, token.i + 1, label="METHOD")]
        doc = proc(doc)
    names = [e.name for e in doc._.entities]
    assert "LLaMA" in names and not any(n.endswith("-") for n in names)
