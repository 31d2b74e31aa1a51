"""The gazetteer data files are well-formed, consistent with each other, and the loader finds
known names through their usual spelling variants while rejecting look-alikes."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from paperkg.extract.gazetteer import (
    DATA_DIR,
    ENTITY_TYPES,
    GAZETTEER_FILES,
    Gazetteer,
    is_case_sensitive_form,
    read_lines,
)
from paperkg.util.names import lookup_key

MIN_SIZES = {"METHOD": 1200, "DATASET": 800, "METRIC": 250}
GROUP_FIELD = {"METHOD": "family", "DATASET": "task", "METRIC": "direction"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _raw(entity_type: str) -> list[dict]:
    path = DATA_DIR / GAZETTEER_FILES[entity_type]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _keyed_forms(gaz: Gazetteer):
    """(case_sensitive, key) -> {(type, name)} over every form of every entry."""
    keys: dict[tuple[bool, str], set[tuple[str, str]]] = defaultdict(set)
    for entry in gaz.entries:
        for form in entry.forms:
            cased = form in entry.case_sensitive_forms
            keys[(cased, lookup_key(form, case_sensitive=cased))].add((entry.type, entry.name))
    return keys


@pytest.mark.parametrize("entity_type", ENTITY_TYPES)
def test_gazetteer_lines_have_the_documented_shape(entity_type):
    allowed = {"name", "aliases", "ambiguous", "case_sensitive", GROUP_FIELD[entity_type]}
    rows = _raw(entity_type)
    for row in rows:
        assert set(row) <= allowed, row
        assert isinstance(row["name"], str) and row["name"] == row["name"].strip() and row["name"]
        assert isinstance(row["aliases"], list)
        assert all(isinstance(a, str) and a and a == a.strip() for a in row["aliases"]), row
        assert row.get("ambiguous", False) in (True, False)
        assert row.get("case_sensitive", False) in (True, False)
        assert not (row.get("ambiguous") and row.get("case_sensitive")), "ambiguous already implies case"
        if entity_type == "METRIC":
            assert row.get("direction") in ("higher", "lower", ""), row
        else:
            assert row.get(GROUP_FIELD[entity_type]), row
    names = [r["name"] for r in rows]
    assert names == sorted(names, key=lambda n: (n.casefold(), n)), "file must stay sorted by name"


@pytest.mark.parametrize("entity_type", ENTITY_TYPES)
def test_gazetteers_reach_their_target_size(gaz, entity_type):
    assert len(gaz.of_type(entity_type)) >= MIN_SIZES[entity_type]


def test_no_form_names_two_entries_of_one_type(gaz):
    clashes = {}
    for entry in gaz.entries:
        for form in entry.forms:
            same_type = gaz.lookup_type(form, entry.type)
            if len(same_type) > 1:
                clashes[form] = [e.name for e in same_type]
    assert not clashes


def test_every_cross_type_clash_is_a_documented_allowance(gaz):
    allowed = {
        lookup_key(surface): set(info["types"])
        for surface, info in gaz.cross_type.items()
        if not surface.startswith("_")
    }
    seen = set()
    for entry in gaz.entries:
        for form in entry.forms:
            types = {e.type for e in gaz.lookup(form)}
            if len(types) > 1:
                key = lookup_key(form)
                assert key in allowed and types <= allowed[key], (form, types)
                seen.add(key)
    assert seen == set(allowed), f"stale cross_type entries: {set(allowed) - seen}"


def test_no_entry_repeats_a_form(gaz):
    for entry in gaz.entries:
        keys = [
            (f in entry.case_sensitive_forms, f if f in entry.case_sensitive_forms else f.casefold())
            for f in entry.forms
        ]
        assert len(keys) == len(set(keys)), entry.name


@pytest.mark.parametrize(
    ("surface", "entity_type", "name"),
    [
        ("CIFAR10", "DATASET", "CIFAR-10"),
        ("CIFAR-10", "DATASET", "CIFAR-10"),
        ("cifar 10", "DATASET", "CIFAR-10"),
        ("GPT4", "METHOD", "GPT-4"),
        ("GPT-4", "METHOD", "GPT-4"),
        ("gpt 4", "METHOD", "GPT-4"),
        ("Llama-2", "METHOD", "Llama 2"),
        ("Llama 2", "METHOD", "Llama 2"),
        ("LLaMA-2", "METHOD", "Llama 2"),
        ("Llama2", "METHOD", "Llama 2"),
        ("Low-Rank Adaptation", "METHOD", "LoRA"),
        ("ResNet50", "METHOD", "ResNet-50"),
        ("EfficientNet-B4", "METHOD", "EfficientNet-B4"),
        ("Moving MNIST", "DATASET", "Moving MNIST"),
        ("MS COCO", "DATASET", "COCO"),
        ("mean squared error", "METRIC", "mean squared error"),
        ("MSE", "METRIC", "mean squared error"),
        ("time to first token", "METRIC", "time to first token"),
        ("TTFT", "METRIC", "time to first token"),
        ("Human3.6M", "DATASET", "Human3.6M"),
        ("Gemini", "METHOD", "Gemini"),
        ("MATH", "DATASET", "MATH"),
        # British spellings of forms the gazetteer writes the American way
        ("direct preference optimisation", "METHOD", "DPO"),
        ("normalised mutual information", "METRIC", "NMI"),
    ],
)
def test_lookup_finds_spelling_variants(gaz, surface, entity_type, name):
    assert name in [e.name for e in gaz.lookup_type(surface, entity_type)]


def test_a_british_spelling_is_looked_up_only_when_the_surface_itself_is_unknown(gaz):
    assert gaz.lookup("noise") == []  # no "-ise" suffix: not folded to "noize"
    assert [e.name for e in gaz.lookup("Adam optimiser")] == [e.name for e in gaz.lookup("Adam optimizer")]


def test_british_spellings_get_the_canonical_name_in_both_profiles():
    from paperkg.extract.pipeline import extract_record, load_pipeline
    from paperkg.sources.record import PaperRecord

    record = PaperRecord(id="t", title="T", abstract="We train it with direct preference optimisation "
                         "and report normalised mutual information.")
    for profile in ("fast", "accurate"):
        d = extract_record(load_pipeline(profile=profile), record).to_dict()
        got = {e["name"]: e.get("canonical") for k in ("methods", "metrics") for e in d[k]}
        want = {"direct preference optimisation": "DPO", "normalised mutual information": "NMI"}
        assert got == want, profile


def test_decimal_dots_are_kept_in_keys(gaz):
    assert lookup_key("OPT-1.3B") != lookup_key("OPT-13B")
    assert [e.name for e in gaz.lookup("OPT-1.3B")] == ["OPT-1.3B"]
    assert lookup_key("Dr. GRPO") == lookup_key("Dr GRPO")


def test_short_and_ambiguous_forms_keep_their_case(gaz):
    assert gaz.lookup("SAM") and not gaz.lookup("sam")
    assert gaz.lookup("Adam") and not gaz.lookup("adam")
    assert not gaz.lookup("math")
    assert not gaz.lookup("Whisper".lower())
    assert gaz.lookup("Adam optimizer")[0].name == "Adam"
    assert gaz.lookup("ReAct") and not gaz.lookup("react")
    react = gaz.by_name("METHOD", "ReAct")
    assert react is not None and not react.is_ambiguous_form("ReAct")
    assert gaz.lookup("ZeRO") and not gaz.lookup("zero")
    assert is_case_sensitive_form("GCN", ambiguous=False)
    assert not is_case_sensitive_form("Graph Convolutional Network", ambiguous=False)


def test_ambiguity_needs_context_only_for_single_word_forms(gaz):
    adam = gaz.by_name("METHOD", "Adam")
    assert adam is not None and adam.ambiguous
    assert adam.is_ambiguous_form("Adam")
    assert not adam.is_ambiguous_form("Adam optimizer")
    bert = gaz.by_name("METHOD", "BERT")
    assert bert is not None and not bert.is_ambiguous_form("BERT")


@pytest.mark.parametrize(
    "phrase",
    [
        "large language models",
        "LLMs",
        "Large Language Models",
        "vision-language models",
        "vision language models",
        "our method",
        "state-of-the-art methods",
        "machine learning",
        "image classification",
        "time-series forecasting",
        "PyTorch",
        "OpenAI",
        "A100",
        "Hugging Face",
    ],
)
def test_non_entities_are_rejected(gaz, phrase):
    assert gaz.is_non_entity(phrase)
    assert not gaz.lookup(phrase)


def test_entities_are_not_non_entities(gaz):
    for phrase in (
        "LoRA",
        "diffusion model",
        "diffusion models",
        "GANs",
        "Transformers",
        "ImageNet",
        "accuracy",
    ):
        assert not gaz.is_non_entity(phrase)
        assert gaz.lookup(phrase)


def test_non_entity_phrases_never_shadow_a_gazetteer_form(gaz):
    folded = {key.casefold() for (_, key) in _keyed_forms(gaz)}
    phrases = read_lines(DATA_DIR / "non_entities.txt")
    assert all(p == p.lower() for p in phrases)
    assert len(phrases) == len(set(phrases))
    assert not [p for p in phrases if lookup_key(p) in folded]


def test_non_entity_acronyms(gaz):
    for token in ("LLM", "LLMs", "GPU", "SOTA", "NLP", "VQA", "API"):
        assert gaz.is_non_entity_acronym(token)
    assert not gaz.is_non_entity_acronym("BERT")
    acronyms = read_lines(DATA_DIR / "acronyms_not_entities.txt")
    assert len(acronyms) == len(set(acronyms))
    clashes = [a for a in acronyms if gaz.lookup(a)]
    assert not clashes
    assert not set(acronyms) & set(gaz.ambiguous_acronyms)


def test_ambiguous_acronyms_list_their_readings(gaz):
    readings = gaz.acronym_readings("ASR")
    assert {r.type for r in readings} == {None, "METRIC"}
    assert any(r.long_form == "attack success rate" for r in readings)
    assert all(len(r) >= 2 for r in gaz.ambiguous_acronyms.values())
    assert gaz.acronym_readings("BERT") == ()


def test_load_is_cached():
    assert Gazetteer.load() is Gazetteer.load()


def test_patterns_drive_a_spacy_phrase_matcher(gaz):
    nlp = spacy.blank("en")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    cased = PhraseMatcher(nlp.vocab)
    for matcher, flag in ((folded, False), (cased, True)):
        by_label = defaultdict(list)
        for label, surface in gaz.patterns(case_sensitive=flag):
            by_label[label].append(surface)
        for label, surfaces in by_label.items():
            matcher.add(label, list(nlp.tokenizer.pipe(surfaces)))
    doc = nlp(
        "We fine-tune Llama 2 with low-rank adaptation and Adam on CIFAR-10, "
        "improving top-1 accuracy and lowering the FID of our LLMs."
    )
    found = {(nlp.vocab.strings[m], doc[s:e].text) for m, s, e in [*folded(doc), *cased(doc)]}
    for expected in [
        ("METHOD", "Llama 2"),
        ("METHOD", "low-rank adaptation"),
        ("METHOD", "Adam"),
        ("DATASET", "CIFAR-10"),
        ("METRIC", "top-1 accuracy"),
        ("METRIC", "FID"),
    ]:
        assert expected in found, expected
    assert not any(text == "LLMs" for _, text in found)
    cased_forms = {surface for _, surface in gaz.patterns(case_sensitive=True)}
    assert "SAM" in cased_forms and "Gemini" in cased_forms and "CIFAR-10" not in cased_forms
