"""The pipeline as a spaCy object: config, pretrained-model path, batching, determinism."""

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from paperkg.extract.component import BatchComponent
from paperkg.extract.pipeline import (
    PROFILES,
    PipelineError,
    default_config_path,
    default_pipeline,
    extract_record,
    extract_records,
    load_pipeline,
)
from paperkg.sources.record import PaperRecord

DEV_INPUT = Path(__file__).resolve().parents[1] / "data" / "dev_input.jsonl"


def dev_records(n: int | None = None) -> list[PaperRecord]:
    lines = DEV_INPUT.read_text(encoding="utf-8").splitlines()[:n]
    return [
        PaperRecord(id=d["id"], title=d["title"], abstract=d.get("abstract")) for d in map(json.loads, lines)
    ]


def test_default_pipeline_order():
    assert default_pipeline("fast").pipe_names == [
        "sentences",
        "abbreviations",
        "entities",
        "proposed",
        "results",
        "links",
    ]
    # the accurate profile (the default): the rules' hints, then the trained recogniser, then the
    # components that group its mentions, flag proposed ones and link results
    assert default_pipeline().pipe_names == [
        "sentences",
        "abbreviations",
        "hints",
        "tok2vec",
        "ner",
        "entities",
        "proposed",
        "results",
        "links",
    ]
    assert default_pipeline().get_pipe("entities").candidates == "model"
    assert default_pipeline("fast").get_pipe("entities").candidates == "rules"


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(PipelineError, match="unknown profile 'slow'"):
        load_pipeline(profile="slow")


def test_config_can_remove_and_reorder_components(tmp_path):
    text = default_config_path().read_text(encoding="utf-8")
    text = text.replace(
        'pipeline = ["sentences", "abbreviations", "entities", "proposed", "results", "links"]',
        'pipeline = ["sentences", "abbreviations", "entities", "links"]',
    )
    cfg = tmp_path / "small.cfg"
    cfg.write_text(text, encoding="utf-8")
    nlp = load_pipeline(cfg)
    assert nlp.pipe_names == ["sentences", "abbreviations", "entities", "links"]
    ex = extract_record(
        nlp, PaperRecord(id="t", title="T", abstract="We propose FooNet. It gains 3% accuracy.")
    )
    assert ex.proposed == [] and ex.results == []  # those components are gone
    assert "FooNet" in [e.name for e in ex.methods]


def test_config_options_reach_the_component(tmp_path):
    text = default_config_path().read_text(encoding="utf-8").replace("max_proposed = 3", "max_proposed = 1")
    cfg = tmp_path / "one.cfg"
    cfg.write_text(text, encoding="utf-8")
    assert load_pipeline(cfg).get_pipe("proposed").max_proposed == 1


def test_bad_config_is_a_clear_error(tmp_path):
    with pytest.raises(PipelineError, match="not found"):
        load_pipeline(tmp_path / "missing.cfg")
    bad = tmp_path / "bad.cfg"
    bad.write_text(
        '[nlp]\nlang = "en"\npipeline = ["nope"]\n[components]\n[components.nope]\nfactory = "nope"\n'
    )
    with pytest.raises(PipelineError):
        load_pipeline(bad)


def test_components_added_to_an_existing_spacy_pipeline(tmp_path):
    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    base.to_disk(tmp_path / "base_model")
    nlp = load_pipeline(spacy_model=str(tmp_path / "base_model"))
    assert nlp.pipe_names[0] == "sentences"
    assert nlp.pipe_names[-5:] == ["abbreviations", "entities", "proposed", "results", "links"]
    ex = extract_record(nlp, PaperRecord(id="t", title="T", abstract="We propose FooNet for ranking."))
    assert ex.proposed == ["FooNet"]


def test_missing_spacy_model_is_a_clear_error():
    with pytest.raises(PipelineError, match="cannot load spaCy pipeline"):
        load_pipeline(spacy_model="no_such_model_xyz")


@pytest.mark.parametrize("profile", PROFILES)
def test_batching_is_deterministic_and_keeps_order(profile):
    records = dev_records(12)
    a = [e.to_dict() for e in extract_records(records, batch_size=1, profile=profile)]
    b = [e.to_dict() for e in extract_records(records, batch_size=64, profile=profile)]
    assert a == b
    assert [d["id"] for d in a] == [r.id for r in records]


@pytest.mark.parametrize("profile", PROFILES)
def test_offsets_round_trip_on_dev_inputs(profile):
    records = dev_records()
    for rec, ex in zip(records, extract_records(records, profile=profile), strict=False):
        fields = {"title": rec.title, "abstract": rec.abstract or ""}
        for ent in ex.entities():
            for m in ent.mentions:
                assert fields[m.field][m.start : m.end] == m.text, (rec.id, ent.name)


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
def test_worker_processes_give_the_same_output(profile):
    records = dev_records(6)
    single = [e.to_dict() for e in extract_records(records, profile=profile)]
    multi = [e.to_dict() for e in extract_records(records, n_process=2, batch_size=4, profile=profile)]
    assert single == multi


def test_both_profiles_give_the_same_schema():
    records = dev_records(8)
    shapes = set()
    for profile in PROFILES:
        for ex in extract_records(records, profile=profile):
            d = ex.to_dict()
            shapes.add(("paper", tuple(d)))
            shapes.update((key, tuple(e)) for key in ("methods", "datasets", "metrics") for e in d[key])
            shapes.update(("result", tuple(r)) for r in d["results"])
    assert shapes == {
        ("paper", ("id", "title", "methods", "datasets", "metrics", "proposed", "results", "links")),
        ("methods", ("name", "aliases", "proposed", "canonical", "mentions")),
        ("datasets", ("name", "aliases", "proposed", "canonical", "mentions")),
        ("metrics", ("name", "aliases", "canonical", "mentions")),
        ("result", ("value", "number", "unit", "kind", "metric", "dataset", "method", "baseline", "sentence",
                    "field", "start", "end")),
    }


WORDS = [
    "We",
    "propose",
    "FooNet",
    "(FN)",
    "on",
    "ZooQA",
    "and",
    "CIFAR-10",
    "datasets",
    "e.g.",
    "Fig.",
    "2",
    "accuracy",
    "3.5%",
    "GPT-4o",
    "mini",
    "Low-Rank",
    "Adaptation",
    "(LoRA)",
    ",",
    ".",
    "\n\n",
    "the",
    "~(",
    ")",
    "called",
    "BarNet:",
    "A",
    "benchmark",
    "U.S.",
    "\u00e9t\u00e9",
    "top-1",
    "error",
    "x",
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.lists(st.sampled_from(WORDS), max_size=8),
    st.sampled_from(PROFILES),
)
def test_any_text_gives_offsets_that_round_trip(abstract_words, title_words, profile):
    title, abstract = " ".join(title_words), " ".join(abstract_words)
    ex = extract_record(default_pipeline(profile), PaperRecord(id="h", title=title, abstract=abstract))
    fields = {"title": title, "abstract": abstract}
    for ent in ex.entities():
        assert ent.name and ent.name not in ent.aliases
        for m in ent.mentions:
            assert fields[m.field][m.start : m.end] == m.text


# ---- batch by batch ---------------------------------------------------------------------------
class _Recorder(BatchComponent):
    """Logs (tag, text) of each Doc it sees in ``log``; raises on the text ``fail_on``."""

    log: list = []

    def __init__(self, tag: str, fail_on: str):
        self.tag, self.fail_on = tag, fail_on

    def __call__(self, doc):
        if doc.text == self.fail_on:
            raise ValueError(f"cannot read {doc.text!r}")
        self.log.append((self.tag, doc.text))
        return doc


@Language.factory("paperkg_test_recorder")
def _make_recorder(nlp, name: str, tag: str, fail_on: str):
    return _Recorder(tag, fail_on).named(name)


def _recording_pipeline(fail_on: str = ""):
    _Recorder.log = log = []
    nlp = spacy.blank("en")
    for tag in "ab":
        nlp.add_pipe("paperkg_test_recorder", name=tag, config={"tag": tag, "fail_on": fail_on})
    return nlp, log


def test_nlp_pipe_runs_each_component_over_a_batch_before_the_next():
    nlp, log = _recording_pipeline()
    texts = ["one", "two", "three", "four", "five"]
    assert [d.text for d in nlp.pipe(texts, batch_size=2)] == texts
    # the first batch goes through "a", then through "b", before the second batch starts
    assert log[:4] == [("a", "one"), ("a", "two"), ("b", "one"), ("b", "two")]
    assert sorted(log) == sorted((tag, t) for tag in "ab" for t in texts)


def test_a_failing_doc_goes_to_the_error_handler_and_the_batch_goes_on():
    nlp, log = _recording_pipeline(fail_on="two")
    with pytest.raises(ValueError, match="cannot read 'two'"):  # spaCy's default handler re-raises
        list(nlp.pipe(["one", "two", "three"], batch_size=3))
    seen = []
    nlp.set_error_handler(lambda name, proc, docs, exc: seen.append((name, [d.text for d in docs], str(exc))))
    assert [d.text for d in nlp.pipe(["one", "two", "three"], batch_size=3)] == ["one", "three"]
    assert seen == [("a", ["two"], "cannot read 'two'")]


@pytest.mark.parametrize("profile", PROFILES)
def test_the_pipeline_runs_on_plain_text_as_one_abstract(profile):
    doc = default_pipeline(profile)("We propose FooNet, which reaches 91.2% accuracy on ImageNet.")
    assert [f.name for f in doc._.fields] == ["abstract"]
    assert {(e.type, e.name) for e in doc._.entities} >= {("METHOD", "FooNet"), ("DATASET", "ImageNet")}
    assert [r.value for r in doc._.results] == ["91.2%"]


# ---- lexical attributes -----------------------------------------------------------------------
def test_the_default_vocabulary_computes_only_what_the_components_read():
    from spacy.attrs import IS_SPACE, LOWER, NORM, PREFIX, SHAPE, SUFFIX

    # tok2vec embeds NORM, PREFIX, SUFFIX and SHAPE: the accurate profile computes them too
    assert set(default_pipeline().vocab.lex_attr_getters) == {LOWER, IS_SPACE, NORM, PREFIX, SUFFIX, SHAPE}
    nlp = default_pipeline("fast")
    assert set(nlp.vocab.lex_attr_getters) == {LOWER, IS_SPACE}
    doc = nlp.make_doc("Some unseen Wordzzz \n here")
    assert [t.lower_ for t in doc] == ["some", "unseen", "wordzzz", "\n ", "here"]
    assert [t.is_space for t in doc] == [False, False, False, True, False]


def test_all_lexical_attributes_give_the_same_extractions(tmp_path):
    text = default_config_path().read_text(encoding="utf-8")
    start = text.index("[nlp.after_creation]")
    full_text = text[:start] + text[text.index("[nlp.tokenizer]"):]
    assert "lexical_attributes" not in full_text
    cfg = tmp_path / "full.cfg"
    cfg.write_text(full_text, encoding="utf-8")
    full = load_pipeline(cfg)
    assert len(full.vocab.lex_attr_getters) > 10
    records = dev_records()
    assert [e.to_dict() for e in extract_records(records, nlp=full)] == [
        e.to_dict() for e in extract_records(records, nlp=load_pipeline(profile="fast"))
    ]


@pytest.mark.parametrize(
    ("keep", "message"),
    [('["LOWER", "IS_SPACE", "NOPE"]', "unknown lexical attribute.*NOPE"),
     ('["IS_SPACE"]', "need lexical attribute.*LOWER")],
)
def test_bad_lexical_attribute_lists_are_clear_errors(tmp_path, keep, message):
    text = default_config_path().read_text(encoding="utf-8")
    text = text.replace('keep = ["LOWER", "IS_SPACE"]', f"keep = {keep}")
    cfg = tmp_path / "bad.cfg"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError, match=message):
        load_pipeline(cfg)
