"""Methods, datasets and metrics (paperkg_entities): shapes, types, filters, merging, offsets."""

import pytest

from paperkg.extract.pipeline import default_pipeline, extract_record
from paperkg.sources.record import PaperRecord


def run(abstract: str, title: str = "A Study of Things"):
    return extract_record(default_pipeline(), PaperRecord(id="t", title=title, abstract=abstract))


def names(entities) -> list[str]:
    return [e.name for e in entities]


def all_forms(entities) -> set[str]:
    return {f for e in entities for f in e.forms}


@pytest.mark.parametrize("name", ["QuaRot", "SparseGPT-2", "FlexiNet-B3", "ViT-H/14", "NeuroSAT", "XLM-R"])
def test_name_shaped_words_are_methods(name):
    ex = run(f"We compare against {name} in all settings.")
    assert name in all_forms(ex.methods)


def test_versions_stay_in_the_name():
    ex = run("We fine-tune FooLM 2 and FooLM-3.1 mini, then compare BarNet-B2 with BarNet-B4.")
    forms = all_forms(ex.methods)
    assert {"FooLM 2", "FooLM-3.1 mini", "BarNet-B2", "BarNet-B4"} <= forms
    assert "BarNet-B2" != "BarNet-B4"


def test_unknown_names_on_a_dataset_coordination_are_datasets():
    ex = run("Experiments on ZooQA and PetVQA-2 benchmarks show gains.")
    assert {"ZooQA", "PetVQA-2"} <= all_forms(ex.datasets)


def test_apposition_makes_a_dataset():
    ex = run("We release DocuNLI, a corpus of annotated contract pairs.")
    assert "DocuNLI" in all_forms(ex.datasets)


def test_evaluation_on_a_name_makes_a_dataset():
    ex = run("We evaluate our approach on SkyBench-7 and report accuracy.")
    assert "SkyBench-7" in all_forms(ex.datasets)


def test_based_on_a_name_is_a_method():
    ex = run("Our detector is based on YOLOv9 and we evaluate it thoroughly.")
    assert "YOLOv9" in all_forms(ex.methods)


def test_acronym_and_long_form_are_one_entity_with_the_long_form_as_name():
    ex = run("We introduce Gated Sparse Routing (GSR). GSR halves the cost.")
    ent = next(e for e in ex.methods if "GSR" in e.forms)
    assert ent.name == "Gated Sparse Routing"
    assert ent.aliases == ["GSR"]
    assert len(ent.mentions) == 3


def test_reverse_acronym_definition():
    ex = run("We present SpecTr (Speculative Transport), which speeds up decoding.")
    ent = next(e for e in ex.methods if "SpecTr" in e.forms)
    assert set(ent.forms) == {"SpecTr", "Speculative Transport"}


def test_long_form_head_noun_decides_the_type():
    ex = run("We measure the Mean Recovery Rate (MRR2) and build the Legal Reasoning Benchmark (LRB).")
    assert "Mean Recovery Rate" in names(ex.metrics)
    assert "Legal Reasoning Benchmark" in names(ex.datasets)


def test_task_long_forms_are_not_entities():
    ex = run("Visual Question Answering (VQA) and Named Entity Recognition (NER) are hard tasks.")
    assert not ({"VQA", "NER"} & all_forms(ex.entities()))


def test_generic_classes_are_not_methods():
    ex = run(
        "Large language models (LLMs) and deep neural networks (DNNs) are widely used. "
        "Our method beats state-of-the-art methods."
    )
    forms = {f.lower() for f in all_forms(ex.methods)}
    assert not ({"llms", "large language models", "dnns", "deep neural networks"} & forms)


def test_title_case_words_in_the_title_are_not_names():
    ex = run("We study it.", title="Towards Robust-Training Under Real-World Shift")
    assert ex.entities() == []


def test_metric_with_its_modifier():
    ex = run("Our model improves top-1 accuracy by 2% and lowers inference latency.")
    assert {"top-1 accuracy", "inference latency"} <= set(names(ex.metrics))


def test_adverb_is_not_a_metric():
    ex = run("The model can accurately predict the outcome.")
    assert ex.metrics == []


def test_bare_metric_head_joins_its_only_modified_form():
    ex = run("We report the validation accuracy. The accuracy keeps rising.")
    assert [set(e.forms) for e in ex.metrics] == [{"validation accuracy", "accuracy"}]


def test_plural_and_singular_forms_merge():
    ex = run("FlowNetX is fast. Two FlowNetXs are faster.")
    assert [set(e.forms) for e in ex.methods] == [{"FlowNetX", "FlowNetXs"}]


def test_mentions_round_trip_in_both_fields():
    title = "GSR: Gated Sparse Routing for Fast Inference"
    abstract = "We propose Gated Sparse Routing (GSR). On ZooQA, GSR improves accuracy by 3%."
    ex = run(abstract, title)
    record = {"title": title, "abstract": abstract}
    mentions = [m for e in ex.entities() for m in e.mentions]
    assert {m.field for m in mentions} == {"title", "abstract"}
    for m in mentions:
        assert record[m.field][m.start : m.end] == m.text
        assert m.text in m.sentence


def test_hardware_and_urls_are_not_entities():
    ex = run("Training takes 3 hours on eight A100 GPUs; code at https://github.com/org/FooNet.")
    assert not ({"A100", "GPUs"} & all_forms(ex.entities()))


def test_capitalised_phrase_with_a_head_noun_in_the_abstract():
    ex = run("We compare against the Spectral Routing Network and the Oracle Mixing Benchmark in detail.")
    assert "Spectral Routing Network" in names(ex.methods)
    assert "Oracle Mixing Benchmark" in names(ex.datasets)


def test_metric_words_in_non_measure_uses():
    ex = run("Decoding is slow at inference time. Our trick can speedup decoding.")
    assert ex.metrics == []


def test_setting_sizes_are_metrics_only_when_measured():
    assert run("Loss follows a power law in model size and data.").metrics == []
    ex = run("Pruning reduces the model size by 40% at equal accuracy.")
    assert "model size" in names(ex.metrics)


def test_lower_case_word_does_not_match_an_inner_capital_name():
    ex = run("The method needs zero extra memory and can react to drift.")
    assert not {"zero", "react"} & {f.lower() for f in all_forms(ex.methods)}


def test_names_built_on_organisations_are_not_methods():
    ex = run("We deploy the service on Azure OpenAI endpoints.")
    assert "Azure OpenAI" not in all_forms(ex.entities())


def test_defined_acronym_is_not_glued_to_the_word_before():
    ex = run("Sparse Expert Tuning (SET) helps. Combining Lattice SET improves it.")
    assert "Lattice SET" not in all_forms(ex.entities())


def test_undefined_acronym_joins_the_name_it_spells():
    ex = run("Results of the Sparse Mixture Network show that SMN is fast.")
    ent = next(e for e in ex.methods if "SMN" in e.forms)
    assert "Sparse Mixture Network" in ent.forms
