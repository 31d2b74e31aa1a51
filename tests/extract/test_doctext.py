"""The per-Doc caches agree with spaCy's own (slower) answers."""

import spacy

from paperkg.extract.doctext import doc_text, sentence_bounds
from paperkg.extract.fields import compose
from paperkg.extract.pipeline import load_pipeline


def test_sentence_bounds_match_doc_sents():
    nlp = load_pipeline()
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
