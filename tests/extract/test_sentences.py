"""Sentence boundaries in scientific prose (paperkg_sentences)."""

import pytest

from paperkg.extract.pipeline import default_pipeline, make_doc
from paperkg.sources.record import PaperRecord


def sentences(abstract: str, title: str = "A Title") -> list[str]:
    nlp = default_pipeline("fast")
    doc = nlp(make_doc(nlp, PaperRecord(id="t", title=title, abstract=abstract)))
    return [s.text.strip() for s in doc.sents]


@pytest.mark.parametrize(
    "text",
    [
        "Adapters, e.g. bottleneck layers, help. They are cheap.",
        "Several encoders (i.e. frozen ones) work well. We test them.",
        "As shown by Smith et al. (2021), pruning helps. We extend it.",
        "As shown in Fig. 2 and Eq. (3), the loss drops. It keeps dropping.",
        "The error falls to 51.3 on average. It rises later.",
        "It trains approx. 3x faster than SGD vs. Adam. Both converge.",
        "Results hold for CNNs and ViTs resp. in the U.S. and abroad. Code follows.",
        "Code is at https://example.org/a.b/c. We thank the reviewers.",
        "See cf. the appendix for details. Nothing else.",
    ],
)
def test_two_sentences_despite_abbreviations(text):
    assert len(sentences(text)) == 3  # the title and the two sentences


def test_title_is_its_own_sentence_even_without_final_stop():
    sents = sentences("We study pruning. It works.", title="Pruning Matters")
    assert sents == ["Pruning Matters", "We study pruning.", "It works."]


def test_question_and_exclamation_marks_end_sentences():
    assert len(sentences("Does scale help? Yes! It does.")) == 4


def test_lower_case_after_stop_continues_the_sentence():
    assert len(sentences("We use approx. the same budget. Done.")) == 3


def test_blank_line_in_abstract_breaks():
    assert len(sentences("First paragraph without stop\n\nSecond paragraph.")) == 3


def test_title_only_record():
    nlp = default_pipeline("fast")
    doc = nlp(make_doc(nlp, PaperRecord(id="t", title="Only a Title", abstract=None)))
    assert [s.text.strip() for s in doc.sents] == ["Only a Title"]


def test_name_with_final_stop_ends_a_sentence():
    assert len(sentences("We evaluate FooLM-2-13B. Results improve.")) == 3
