"""The per-Doc caches agree with spaCy's own (slower) answers."""

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from paperkg.extract.doctext import doc_text, sentence_bounds
from paperkg.extract.fields import compose
from paperkg.extract.pipeline import load_pipeline


def test_sentence_bounds_match_doc_sents():
    nlp = load_pipeline(profile="fast")
    text, fields = compose(
        "FooNet: A Title Without a Full Stop",
        "We train FooNet, e.g. on CIFAR-10, i.e. a small set. It reaches 91.2% accuracy (Fig. 2)."
        "  Trailing spaces follow.   ",
    )
    doc = nlp.make_doc(text)
    doc._.fields = fields
    doc = nlp.get_pipe("sentences")(doc)
    expected = [(s.start_char, s.end_char) for s in doc.sents]
    assert len(expected) == 4
    assert sentence_bounds(doc) == expected
    assert doc_text(doc) == doc.text


def test_without_sentence_annotation_the_whole_text_is_one_span():
    doc = spacy.blank("en")("One. Two. Three.")
    assert not doc.has_annotation("SENT_START")
    assert sentence_bounds(doc) == [(0, len(doc.text))]
    assert sentence_bounds(spacy.blank("en")("")) == []


def test_cache_is_rebuilt_when_the_doc_changes_length():
    nlp = spacy.blank("en")
    doc = nlp("a b c")
    assert sentence_bounds(doc) == [(0, 5)]
    doc.user_data["paperkg_sentence_bounds"] = (99, [(0, 1)])  # stale: other length
    assert sentence_bounds(doc) == [(0, 5)]


def test_token_offsets_are_the_tokens_and_follow_a_length_change():
    from paperkg.extract.doctext import token_offsets

    doc = spacy.blank("en")("LoRA (low-rank adaptation) cuts memory by 3x.")
    assert token_offsets(doc) == ([t.idx for t in doc], [t.idx + len(t) for t in doc])
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[1:5])
    assert token_offsets(doc) == ([t.idx for t in doc], [t.idx + len(t) for t in doc])


BLANK = spacy.blank("en")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([True, False, None]), min_size=10, max_size=10))
def test_sentence_bounds_follow_any_sentence_starts(flags):
    doc = BLANK("We train FooNet . It works well . Done !")
    for token, flag in zip(doc, flags, strict=True):
        token.is_sent_start = flag
    if doc.has_annotation("SENT_START"):
        expected = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        expected = [(0, len(doc.text))]
    assert sentence_bounds(doc) == expected


def test_the_splitters_kept_offsets_and_bounds_are_spacys_on_the_corpus():
    from pathlib import Path

    from paperkg.extract.doctext import token_offsets
    from paperkg.extract.pipeline import default_pipeline, make_doc
    from paperkg.sources import ProblemLog, iter_records

    root = Path(__file__).resolve().parents[2]
    nlp = default_pipeline("fast")
    dev = root / "tests" / "data" / "dev_input.jsonl"
    for r in iter_records([dev], problems=ProblemLog(on_problem=None)):
        doc = nlp.get_pipe("sentences")(make_doc(nlp, r))
        assert token_offsets(doc) == ([t.idx for t in doc], [t.idx + len(t) for t in doc])
        assert sentence_bounds(doc) == [(s.start_char, s.end_char) for s in doc.sents]
