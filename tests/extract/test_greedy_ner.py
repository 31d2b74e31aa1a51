"""paperkg's greedy decoder for the trained ``ner`` against spaCy's own transition loop: the same
mentions from the same model, on real abstracts with the shipped model and on random models that
open, continue and close mentions everywhere (across white space and sentence starts, where the
moves' validity rules decide)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc, Span

from paperkg.extract.greedy_ner import FACTORY, GreedyEntityRecognizer, Moves, decode, number_sentences
from paperkg.extract.pipeline import load_pipeline, make_doc
from paperkg.sources.record import PaperRecord

DATA = Path(__file__).resolve().parents[1] / "data"


def spacy_mentions(ner, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    """What spaCy's EntityRecognizer finds, through its own predict and set_annotations."""
    states = super(GreedyEntityRecognizer, ner).predict(docs)
    super(GreedyEntityRecognizer, ner).set_annotations(docs, states)
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]


def moves_of(ner) -> Moves:
    moves = Moves.of([ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)])
    assert moves is not None
    return moves


@pytest.fixture(scope="module")
def accurate():
    return load_pipeline(profile="accurate")


def docs_before_ner(nlp, path: Path, n: int) -> list[Doc]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:n]]
    docs = [make_doc(nlp, PaperRecord(id=r["id"], title=r["title"], abstract=r.get("abstract") or ""))
            for r in records]
    for name, proc in nlp.pipeline:
        if name == "ner":
            return docs
        docs = [proc(d) for d in docs]
    raise AssertionError("no ner")


def test_the_shipped_pipeline_decodes_with_it(accurate):
    ner = accurate.get_pipe("ner")
    assert isinstance(ner, GreedyEntityRecognizer)
    assert accurate.config["components"]["ner"]["factory"] == FACTORY


def test_the_same_mentions_as_spacy_on_real_abstracts(accurate):
    ner = accurate.get_pipe("ner")
    docs = docs_before_ner(accurate, DATA / "heldout_input.jsonl", 160)
    found = [m for i in range(0, len(docs), 16) for m in decode(ner.model, moves_of(ner), docs[i : i + 16])]
    expected = [m for i in range(0, len(docs), 16) for m in spacy_mentions(ner, docs[i : i + 16])]
    assert sum(map(len, expected)) > 1000
    assert found == expected


def test_through_the_pipeline_the_entities_are_spacys(accurate):
    ner = accurate.get_pipe("ner")
    docs = docs_before_ner(accurate, DATA / "dev_input.jsonl", 50)
    ours = [[(e.start, e.end, e.label_) for e in d.ents] for d in ner.pipe(docs, batch_size=16)]
    iob = [[t.ent_iob_ for t in d] for d in docs]
    assert ours == spacy_mentions(ner, docs)
    assert iob == [[t.ent_iob_ for t in d] for d in docs]  # O outside every mention, as spaCy sets it
    assert all(set(tags) <= {"B", "I", "O"} and "O" in tags for tags in iob)


def random_recogniser(seed: int):
    """A ner with random weights over three labels: it opens and extends mentions at random, so
    every validity rule is met many times."""
    nlp = spacy.blank("en")
    config = {"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                        "extra_state_tokens": False, "hidden_width": 16, "maxout_pieces": 2,
                        "use_upper": True,
                        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None,
                                    "width": 24, "depth": 1, "embed_size": 500, "window_size": 1,
                                    "maxout_pieces": 2, "subword_features": True}}}
    ner = nlp.add_pipe(FACTORY, config=config)
    for label in ("A", "B", "C"):
        ner.add_label(label)
    spacy.util.fix_random_seed(seed)  # the initial weights, whatever ran before in the process
    nlp.initialize()
    rng = np.random.default_rng(seed)
    upper = ner.model.get_ref("upper")
    upper.set_param("W", rng.normal(0, 1.0, upper.get_param("W").shape).astype("float32"))
    bias = rng.normal(0, 0.5, upper.get_param("b").shape).astype("float32")
    moves = moves_of(ner)
    bias[list(moves.begin)] += 1.0  # open mentions often
    bias[list(moves.inside)] += 1.0  # and keep them open, up to a sentence start or the end
    upper.set_param("b", bias)
    return nlp, ner


def random_docs(nlp, seed: int, n: int) -> list[Doc]:
    rng = random.Random(seed)
    words = ["net", "the", "BERT", "on", "ImageNet", "accuracy", "  ", "\n", "of", "x", "GLUE", "F1", ","]
    docs = []
    for _ in range(n):
        tokens = [rng.choice(words) for _ in range(rng.randint(0, 40))]
        doc = nlp.make_doc(" ".join(tokens))
        for i in range(1, len(doc)):
            doc[i].is_sent_start = rng.random() < 0.15
        docs.append(doc)
    return docs


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_same_mentions_as_spacy_from_random_models(seed):
    nlp, ner = random_recogniser(seed)
    docs = random_docs(nlp, seed, 120)
    assert any(d[i].is_space for d in docs for i in range(len(d)))
    found = decode(ner.model, moves_of(ner), docs)
    expected = spacy_mentions(ner, docs)
    assert found == expected
    lengths = [e - s for m in expected for s, e, _ in m]
    assert len(lengths) > 200 and max(lengths) >= 3 and lengths.count(1) > 20


def test_a_batch_with_preset_entities_is_left_to_spacy():
    nlp, ner = random_recogniser(5)
    docs = random_docs(nlp, 5, 12)
    preset = nlp.make_doc("we train BERT on GLUE")
    preset.set_ents([Span(preset, 2, 3, label="A")], default="unmodified")
    batch = [*docs, preset]
    assert ner.predict(docs)[0] == "paperkg"
    assert ner.predict(batch)[0] == "spacy"
    ours = list(ner.pipe([d.copy() for d in batch], batch_size=len(batch)))
    assert (2, 3, "A") in [(e.start, e.end, e.label_) for e in ours[-1].ents]
    assert [[(e.start, e.end, e.label_) for e in d.ents] for d in ours] == spacy_mentions(ner, batch)


def test_empty_documents_get_no_mentions():
    nlp, ner = random_recogniser(6)
    docs = [nlp.make_doc(""), nlp.make_doc("BERT"), nlp.make_doc("")]
    assert decode(ner.model, moves_of(ner), docs)[0] == [] == decode(ner.model, moves_of(ner), docs)[2]
    assert decode(ner.model, moves_of(ner), [nlp.make_doc("")]) == [[]]
    assert [list(d.ents) for d in ner.pipe(docs)][0] == []


def test_moves_other_than_biluo_are_not_decoded_here():
    assert Moves.of(["B-X", "I-X", "L-X", "U-X", "O", "U-"]) == Moves(("X",), (0,), (1,), (2,), (3,), 4, 6)
    assert Moves.of(["B-X", "I-X", "L-X", "O"]) is None  # no U-X
    assert Moves.of(["B-X", "I-X", "L-X", "U-X"]) is None  # no O
    assert Moves.of(["S", "D", "L-nsubj", "R-dobj", "B"]) is None  # a dependency parser's moves


def test_sentences_that_write_a_number():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("We train it. It gains 3.5% on GLUE. Ten runs agree. GPT-4 is used. None here.")
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0 or doc[i - 1].text == "."
    flags = number_sentences(doc, doc.to_array("SENT_START"))
    by_sentence = [bool(flags[s.start]) for s in doc.sents]
    assert by_sentence == [False, True, True, True, False]
    assert all(flags[s.start : s.end].all() or not flags[s.start : s.end].any() for s in doc.sents)


def test_the_number_sentence_bias_opens_mentions_only_in_sentences_with_a_number():
    nlp, ner = random_recogniser(7)
    docs = []
    for text in ("the net on ImageNet gains 12 points . the net on GLUE is fine .",
                 "GLUE of the x net . accuracy is 3 on net ."):
        doc = nlp.make_doc(text)
        for i, token in enumerate(doc):
            token.is_sent_start = i == 0 or doc[i - 1].text == "."
        docs.append(doc)
    moves = moves_of(ner)
    plain = decode(ner.model, moves, docs)
    ner.number_sentence_bias = {"C": 50.0}
    biased = decode(ner.model, moves, docs, ner._bias_vector(moves))
    for doc, before, after in zip(docs, plain, biased, strict=True):
        flags = number_sentences(doc, doc.to_array("SENT_START"))
        # outside sentences with a number, the mentions are spaCy's, untouched
        assert [m for m in before if not flags[m[0]]] == [m for m in after if not flags[m[0]]]
        # inside them, a C mention opens on every token that is not already inside one
        inside = [m for m in after if flags[m[0]]]
        assert inside and all(label == "C" for _, _, label in inside)
        covered = {t for s, e, _ in inside for t in range(s, e)}
        assert covered == {i for i in range(len(doc)) if flags[i]}
    ner.number_sentence_bias = {"NOPE": 1.0}
    with pytest.raises(ValueError, match="NOPE"):
        ner._bias_vector(moves)
