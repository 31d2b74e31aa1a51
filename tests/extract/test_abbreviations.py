"""Acronym definitions (Schwartz & Hearst) in paperkg_abbreviations."""

import pytest

from paperkg.extract.abbreviations import best_long_form, find_definitions, is_short_form
from paperkg.extract.pipeline import default_pipeline, make_doc
from paperkg.sources.record import PaperRecord


def pairs(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], text[c:d]) for (a, b), (c, d) in find_definitions(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("we fine-tune with Quantized Sparse Adaptation (QSA) on", ("QSA", "Quantized Sparse Adaptation")),
        ("based on Proximal Gradient Descent (PGD) as the", ("PGD", "Proximal Gradient Descent")),
        ("a Mixture of Adapter Experts (MoAE) layer", ("MoAE", "Mixture of Adapter Experts")),
        ("with stochastic weight averaging (SWA) we", ("SWA", "stochastic weight averaging")),
        ("a Cross-Modal-Retrieval-Benchmark (CMRB) of", ("CMRB", "Cross-Modal-Retrieval-Benchmark")),
        ("large multimodal models (LMMs) are", ("LMMs", "large multimodal models")),
        ("we propose SpecTr (Speculative Transport) for", ("SpecTr", "Speculative Transport")),
        ("trained with sparse upcycling~(SU) and", ("SU", "sparse upcycling")),
    ],
)
def test_definitions(text, expected):
    assert pairs(text) == [expected]


def test_short_form_must_look_like_one():
    assert not is_short_form("2021")
    assert not is_short_form("see")
    assert not is_short_form("a b c")
    assert is_short_form("ViT-B")


def test_no_definition_for_citations_or_numbers():
    assert pairs("as reported earlier (Smith et al., 2020) and (see Table 3) and (3.5%)") == []


def test_schwartz_hearst_first_letter_starts_a_word():
    assert best_long_form("BT", "robust training") is None
    assert best_long_form("RT", "robust training") == 0


def test_component_produces_span_pairs_in_the_doc():
    nlp = default_pipeline("fast")
    rec = PaperRecord(
        id="t",
        title="Gated Sparse Routing (GSR)",
        abstract="We use GSR. Sharpness Aware Training (SAT) helps.",
    )
    doc = nlp(make_doc(nlp, rec))
    got = [(s.text, long.text) for s, long in doc._.abbreviations]
    assert got == [("GSR", "Gated Sparse Routing"), ("SAT", "Sharpness Aware Training")]


def test_hyphenated_short_form_uses_its_acronym_part():
    assert pairs("we call it Gradient Budget Allocation (GBA-Tuning) here") == [
        ("GBA-Tuning", "Gradient Budget Allocation")
    ]
