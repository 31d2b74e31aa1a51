"""training/assemble.py's entity bias on a real, initialised spaCy ``ner``: it moves exactly the
two opening moves of the label it names, and it makes the recogniser see more of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.training import Example
from training_scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


assemble = load_script("paperkg_training_assemble", ROOT / "training" / "assemble.py")

TEXTS = [
    ("We report accuracy and latency of BERT on GLUE.", [(10, 18, "METRIC"), (23, 30, "METRIC"),
                                                         (34, 38, "METHOD"), (42, 46, "DATASET")]),
    ("BERT improves accuracy on SQuAD.", [(0, 4, "METHOD"), (14, 22, "METRIC"), (26, 31, "DATASET")]),
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in ("METHOD", "DATASET", "METRIC"):
        ner.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": ents}) for t, ents in TEXTS]
    nlp.initialize(lambda: examples)
    return nlp


def _moves(nlp) -> list[str]:
    ner = nlp.get_pipe("ner")
    return [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]


def test_the_bias_moves_only_the_opening_moves_of_its_label(nlp):
    upper = nlp.get_pipe("ner").model.get_ref("upper")
    before = upper.get_param("b").copy()
    assemble.add_entity_bias(nlp, {"METRIC": 1.5})
    after = upper.get_param("b").copy()
    upper.set_param("b", before)
    moved = {name: float(d) for name, d in zip(_moves(nlp), after - before, strict=True) if d}
    assert moved == {"B-METRIC": 1.5, "U-METRIC": 1.5}


def test_the_bias_decides_what_the_recogniser_opens(nlp):
    upper = nlp.get_pipe("ner").model.get_ref("upper")
    before = upper.get_param("b").copy()
    text = "Throughput, memory and recall of GPT-2 on WikiText improve."
    n = len(nlp.make_doc(text))

    def in_metrics(bias: float) -> int:  # tokens inside a METRIC mention
        upper.set_param("b", before)
        assemble.add_entity_bias(nlp, {"METRIC": bias})
        return sum(len(e) for e in nlp(text).ents if e.label_ == "METRIC")

    try:
        assert in_metrics(-50.0) == 0
        assert in_metrics(50.0) == n
    finally:
        upper.set_param("b", before)


def test_an_unknown_label_or_a_malformed_bias_is_one_clear_error(nlp):
    with pytest.raises(SystemExit, match="no move B-TASK"):
        assemble.add_entity_bias(nlp, {"TASK": 1.0})
    with pytest.raises(SystemExit, match="LABEL=NUMBER"):
        assemble.parse_bias(["METRIC"])
    with pytest.raises(SystemExit, match="LABEL=NUMBER"):
        assemble.parse_bias(["METRIC=high"])
    assert assemble.parse_bias(["metric=1", "DATASET=-0.5"]) == {"METRIC": 1.0, "DATASET": -0.5}


def test_the_shipped_pipeline_says_which_bias_it_carries():
    import json

    meta = json.loads((ROOT / "paperkg" / "extract" / "models" / "accurate" / "meta.json").read_text())
    makefile = (ROOT / "Makefile").read_text()
    bias = meta["paperkg"]["entity_bias"]
    assert bias and all(f"--entity-bias {label}={value}" in makefile for label, value in bias.items())
    number_bias = meta["paperkg"]["number_sentence_bias"]
    assert number_bias and all(f"--number-sentence-bias {label}={value}" in makefile
                               for label, value in number_bias.items())
    config = spacy.util.load_config(ROOT / "paperkg" / "extract" / "models" / "accurate" / "config.cfg")
    assert dict(config["components"]["ner"]["number_sentence_bias"]) == number_bias


def test_the_saved_ner_decodes_with_paperkgs_greedy_decoder(nlp, tmp_path):
    from paperkg.extract.greedy_ner import FACTORY, GreedyEntityRecognizer
    from paperkg.extract.pipeline import register_components

    register_components()
    nlp.to_disk(tmp_path / "p")
    before = spacy.util.load_config(tmp_path / "p" / "config.cfg")
    assemble.use_greedy_decoder(tmp_path / "p")
    after = spacy.util.load_config(tmp_path / "p" / "config.cfg")
    assert before["components"]["ner"]["factory"] == "ner"
    assert after["components"]["ner"]["factory"] == FACTORY
    after["components"]["ner"]["factory"] = "ner"
    assert after == before  # nothing else changes
    loaded = spacy.load(tmp_path / "p")
    assert isinstance(loaded.get_pipe("ner"), GreedyEntityRecognizer)
    ents = [[(e.start, e.end, e.label_) for e in p(TEXTS[0][0]).ents] for p in (nlp, loaded)]
    assert ents[0] == ents[1]
    assemble.use_greedy_decoder(tmp_path / "p", {"METRIC": 0.5})
    saved = spacy.util.load_config(tmp_path / "p" / "config.cfg")["components"]["ner"]
    assert dict(saved["number_sentence_bias"]) == {"METRIC": 0.5}
    assert spacy.load(tmp_path / "p").get_pipe("ner").number_sentence_bias == {"METRIC": 0.5}
