"""Methods, datasets and metrics (paperkg_entities): shapes, types, filters, merging, offsets."""

import pytest

from paperkg.extract.pipeline import default_pipeline, extract_record
from paperkg.sources.record import PaperRecord


def run(abstract: str, title: str = "A Study of Things"):
    return extract_record(default_pipeline("fast"), PaperRecord(id="t", title=title, abstract=abstract))


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


def test_a_known_method_named_like_a_task_keeps_its_definition():
    # "generation" heads task names ("code generation (CG)"), but the gazetteer knows this one
    ex = run("We study retrieval-augmented generation (RAG) for question answering.")
    assert {"retrieval-augmented generation", "RAG"} <= all_forms(ex.methods)
    assert not run("We study click-through rate (CTR) prediction.").methods


def test_a_hyphenated_gazetteer_name_is_found_without_its_hyphens():
    ex = run("We tune the Sharpness Aware Minimization method and compare with quantization aware training.")
    assert {"Sharpness Aware Minimization", "quantization aware training"} <= all_forms(ex.methods)
    # not where the hyphen joins an initial or a number: "Mask R CNN" is not Mask R-CNN
    assert "Mask R CNN" not in all_forms(run("We build a Mask R CNN pipeline.").methods)


def test_a_gazetteer_name_is_found_with_its_prefix_joined():
    # "pretraining", "finetuning": the hyphen after a prefix is as often left out
    ex = run("We study parameter-efficient finetuning methods.")
    assert "parameter-efficient finetuning" in all_forms(ex.methods)


def test_capitals_with_digits_are_the_same_name_in_lower_case():
    # "zero" is not ZeRO, but "int8" is INT8: capitals with digits spell no common word
    assert "int8 quantization" in all_forms(run("We use int8 quantization at inference.").methods)
    assert not run("We use zero redundancy and react quickly.").methods


def test_a_gazetteer_match_does_not_start_inside_a_hyphenated_word():
    ex = run("Transformers pay the quadratic cost of self-attention mechanisms in mixed-precision training.")
    assert "self-attention" in all_forms(ex.methods)
    assert not {"attention mechanisms", "attention"} & all_forms(ex.methods)
    assert "precision" not in all_forms(ex.metrics)


@pytest.mark.parametrize(
    ("abstract", "wanted", "unwanted"),
    [
        ("We bound the guarantees in terms of optimal social welfare and minimum total cost, obtained by "
         "mechanisms that are truthful.", {"social welfare", "total cost"}, {"obtained"}),
        ("It is fast in terms of computation time while keeping accuracy.", {"computation time"}, set()),
        ("We report metrics such as expected calibration error, latency and throughput.",
         {"expected calibration error", "latency", "throughput"}, set()),
        ("Measured by epsilon-approximation and compared to prior work, it wins.", {"epsilon-approximation"},
         {"compared"}),
        # vague heads, phrases that run on into a clause, and what other rules found stay out
        ("We compare them in terms of efficiency and effectiveness.", set(), {"efficiency", "effectiveness"}),
        ("Results in terms of accuracy outperform techniques from mining.", {"accuracy"},
         {"accuracy outperform techniques"}),
        ("Aioli lowers the average test perplexity in terms of average test perplexity.", {"test perplexity"},
         {"average test perplexity"}),
        # attributes and representations are not measures
        ("Groups are defined in terms of race, sex, and other demographic characteristics.", set(),
         {"race", "sex", "other demographic characteristics", "demographic characteristics"}),
        ("It wins in terms of memory-efficient representation.", set(), {"memory-efficient representation"}),
    ],
)
def test_what_follows_in_terms_of_names_measures(abstract, wanted, unwanted):
    forms = all_forms(run(abstract).metrics)
    assert wanted <= forms
    assert not (unwanted & forms)


def test_british_spellings_of_listed_words_and_names():
    ex = run("It reaches a normalised score near the best and a high normalised discounted cumulative gain.")
    assert {"normalised score", "normalised discounted cumulative gain"} <= all_forms(ex.metrics)


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


# ---- general rules added with the held-out annotation check (docs/quality.md) --------------------


def test_a_hyphenated_name_written_in_lower_case_is_still_that_name():
    ex = run("Parallel sampling with best-of-n selection is an alternative to sequential search.")
    assert "best-of-n" in all_forms(ex.methods)


def test_a_lower_case_common_phrase_is_not_a_capitalised_name():
    # "The Stack" is a dataset; "deep in the stack" is not, nor is "zero" ZeRO
    ex = run("Our tools monitor events deep in the stack and start from zero redundancy.")
    assert not ex.datasets
    assert "zero" not in {f.lower() for f in all_forms(ex.methods)}


def test_numbered_variants_of_one_gazetteer_entry_stay_two_entities():
    ex = run("Experiments on AISHELL-1 and AISHELL-2 show gains.")
    assert sorted(names(ex.datasets)) == ["AISHELL-1", "AISHELL-2"]


def test_spellings_of_one_name_are_still_one_entity():
    ex = run(
        "Results on CoNLL-2003 are reported; CoNLL03 is hard. A seq2seq model is a sequence-to-sequence one."
    )
    assert [sorted(e.forms) for e in ex.datasets] == [["CoNLL-2003", "CoNLL03"]]
    seq = [e for e in ex.methods if "seq2seq" in e.forms]
    assert len(seq) == 1 and "sequence-to-sequence" in seq[0].forms


def test_the_head_noun_a_gazetteer_entry_needs_is_not_part_of_the_name():
    ex = run("We fine-tune on the Alpaca dataset and report the win rate.")
    assert "Alpaca" in all_forms(ex.datasets)
    assert "Alpaca dataset" not in all_forms(ex.datasets)


def test_units_after_numbers_are_not_names():
    ex = run("The device draws 45.4 mW and needs 16 GB of memory at 120 MHz.")
    assert not {"mW", "GB", "MHz"} & all_forms(ex.methods)


def test_an_unknown_name_before_a_field_noun_is_a_field():
    ex = run("Transformers have recently dominated the ASR field.")
    assert "ASR" not in all_forms(ex.methods)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our model reaches an RMSPE of 0.85 on the test split.",
        "We compare the models in terms of RMSPE and accuracy.",
        "We report the RMSPE metric for every horizon.",
    ],
)
def test_an_unknown_acronym_used_as_a_measure_is_a_metric(sentence):
    ex = run(sentence)
    assert "RMSPE" in all_forms(ex.metrics)
    assert "RMSPE" not in all_forms(ex.methods)


def test_speed_up_as_a_verb_is_not_a_metric():
    assert not run("Winning tickets notably speed up the training phase.").metrics
    assert "speed up" in all_forms(run("We obtain a 3x speed up over the baseline.").metrics)


def test_the_plural_of_a_known_acronym_is_that_entity():
    ex = run("The model achieves MAPEs of 2.47% and 1.29% on the two horizons.")
    assert "MAPEs" in all_forms(ex.metrics)


def test_an_apposition_types_a_definition_whose_head_says_nothing():
    ex = run('We introduce "Context is Key" (CiK), a forecasting benchmark that pairs numbers with text.')
    assert {"Context is Key", "CiK"} <= all_forms(ex.datasets)
    assert not ex.methods


@pytest.mark.parametrize("word", ["774-Million-Parameter", "mN", "T^{2/3}", "non-AFT/non-PH", "in-ICU"])
def test_sizes_variables_formulas_and_prefixed_acronyms_are_not_names(word):
    ex = run(f"We study an algorithm that provides mathcal{{O}}(T^{{2/3}}) regret and {word} effects.")
    assert word not in all_forms(ex.methods + ex.datasets)
    assert not any("that provides" in f for f in all_forms(ex.methods))


def test_a_defined_acronym_is_not_found_inside_a_longer_glued_name():
    ex = run(
        "Randomized Smoothed Conformal Prediction (RSCP) is a certified method. We propose a novel "
        "framework called RSCP+ which fixes the issues in the original RSCP method. We refer to the "
        "modified randomized parameter-sharing (RPS) as STABLE-RPS. RPS-based models are compared."
    )
    by_form = {f: e for e in ex.methods for f in e.forms}
    assert {"RSCP", "RSCP+", "STABLE-RPS", "RPS"} <= set(by_form)
    assert by_form["RSCP"] is by_form["Randomized Smoothed Conformal Prediction"]
    assert by_form["RSCP+"] is not by_form["RSCP"]
    assert by_form["STABLE-RPS"] is not by_form["RPS"]
    assert ex.proposed == ["RSCP+", "STABLE-RPS"]


def test_variants_glued_to_a_title_name_are_names_of_their_own():
    ex = run("We solve this via two approaches: TiKMiX-D for direct optimization, and TiKMiX-M.",
             title="TiKMiX: Take Data Influence into Dynamic Mixture")
    assert {"TiKMiX", "TiKMiX-D", "TiKMiX-M"} <= all_forms(ex.methods)
    assert len({id(e) for e in ex.methods if set(e.forms) & {"TiKMiX", "TiKMiX-D", "TiKMiX-M"}}) == 3


def test_capitalised_words_before_a_method_noun_name_a_method():
    ex = run("We design Autoformer with an Auto-Correlation mechanism. It replaces self-attention.")
    assert "Auto-Correlation" in all_forms(ex.methods)


@pytest.mark.parametrize(
    "sentence",
    [
        "Token-level methods assign credit to each token.",  # a description
        "We develop a Channel Clustering Module (CCM) for forecasting.",  # the head is part of the name
    ],
)
def test_descriptions_and_capitalised_heads_are_not_cut_into_names(sentence):
    forms = all_forms(run(sentence).methods)
    assert "Token-level" not in forms and "Channel Clustering" not in forms


def test_learning_settings_are_not_methods_and_scaling_laws_are():
    ex = run(
        "Continual learning suffers from forgetting. We fit neural scaling laws to the runs."
        " Predictions out-of-distribution (OOD) improve."
    )
    forms = {f.lower() for f in all_forms(ex.methods)}
    assert "continual learning" not in forms and "out-of-distribution" not in forms
    assert "neural scaling laws" in forms


def test_a_long_form_does_not_run_across_a_comma():
    ex = run("We use Qwen2.5-32B and GPT-4o to write chains, and then a model (Qwen3-8B) to score them.")
    assert {"Qwen2.5-32B", "GPT-4o", "Qwen3-8B"} <= all_forms(ex.methods)
    assert all("," not in f for f in all_forms(ex.methods))


@pytest.mark.parametrize(
    "sentence",
    [
        "On ZooQA (logic) and PetVQA (math), FooNet improves accuracy by up to 3.4%.",
        "FooNet reaches 32.7% accuracy on ZooQA (Smith et al., 2021) and PetVQA (Lee, 2022) benchmarks.",
    ],
)
def test_context_words_are_read_past_a_parenthesis(sentence):
    ex = run(sentence)
    assert {"ZooQA", "PetVQA"} <= all_forms(ex.datasets)
    assert "FooNet" in all_forms(ex.methods)


def test_a_name_after_an_opening_phrase_and_a_comma_is_not_a_dataset():
    ex = run("On ZooQA, FooNet improves accuracy by 3.4%.")
    assert "ZooQA" in all_forms(ex.datasets) and "FooNet" in all_forms(ex.methods)


@pytest.mark.parametrize("change", ["drop", "degradation"])
def test_a_change_in_a_measure_is_that_measure(change):
    ex = run(f"FooNet keeps a 0.85% accuracy {change} on ZooQA while halving latency.")
    assert "accuracy" in all_forms(ex.metrics)
    assert not any(change in f for f in all_forms(ex.metrics))
    assert [r.metric for r in ex.results] == ["accuracy"]


def test_a_defined_loss_is_an_objective_unless_a_split_measures_it():
    ex = run("We propose a Zeta Margin Loss (ZML) and report the validation loss (VL) of each run.")
    assert {"Zeta Margin Loss", "ZML"} <= all_forms(ex.methods)
    assert "validation loss" in all_forms(ex.metrics)


@pytest.mark.parametrize("measure", ["carbon emission", "carbon emissions"])
def test_a_cost_measure_is_found_in_the_singular_and_the_plural(measure):
    ex = run(f"FooNet trains faster and cuts up to 51% of {measure}.")
    assert measure in all_forms(ex.metrics)
    assert [r.metric for r in ex.results] == [measure]


def test_a_technique_family_is_a_method_but_its_verb_reading_in_a_title_is_not():
    ex = run("We compare bagging and boosting with prompt engineering.", title="Boosting Foo Models with Bar")
    forms = all_forms(ex.methods)
    assert {"boosting", "prompt engineering"} <= forms
    assert "Boosting" not in forms


def test_trainable_parameters_are_a_metric_only_when_measured():
    assert "trainable parameters" not in all_forms(run("We tune 50 million trainable parameters.").metrics)
    assert "trainable parameters" in all_forms(run("FooNet cuts trainable parameters by 90%.").metrics)


def test_a_digit_inside_a_lower_case_word_spells_a_name():
    ex = run("Our compiler, vox2seq, runs in fp16 at x2 speed on h2o traces.")
    forms = all_forms(ex.methods)
    assert "vox2seq" in forms
    assert not {"fp16", "x2", "h2o"} & forms
    assert ex.proposed == ["vox2seq"]


def test_an_outer_aggregate_word_is_not_part_of_a_measure_name():
    ex = run("FooNet draws a mean power consumption of 45 mW and has an absolute mean deviation of 1.3%.")
    forms = all_forms(ex.metrics)
    assert {"power consumption", "absolute mean deviation"} <= forms
    assert "mean power consumption" not in forms


@pytest.mark.parametrize(
    "sentence, measure",
    [
        ("FooNet achieves a 32.03% reduction in sequence length, keeping quality.", "sequence length"),
        ("FooNet keeps quality while reducing the original parameter size by 1/3 to 2/3.", "parameter size"),
        ("With FooNet, model size can be reduced by over 50%, with no loss.", "model size"),
        ("FooNet matches BarNet using just 20% of the computational resources.", "computational resources"),
        ("FooNet matches BarNet, reducing around 19x parameters stored to run.", "parameters stored"),
        ("FooNet achieves a 32% reduction in the inference latency.", "inference latency"),
        ("FooNet beats the baseline with a 10x reduction in compute requirements.", "compute requirements"),
    ],
)
def test_what_a_reported_number_changes_is_a_measure(sentence, measure):
    assert measure in all_forms(run(sentence).metrics)


@pytest.mark.parametrize(
    "sentence",
    [
        "FooNet brings over 9.1% gains in underrepresented domains.",
        "FooNet improves performance by 3% and narrows the gap by 40%.",
        "FooNet shortens the queue of pending jobs by 20%.",
        "Fine-tuning FooNet on only 10% of the training data matches full training.",
    ],
)
def test_settings_and_vague_words_changed_by_a_number_are_not_measures(sentence):
    assert not all_forms(run(sentence).metrics)


def test_an_ambiguous_measure_is_a_metric_when_a_value_follows_it():
    assert "CMOS" in all_forms(run("FooTTS reaches a CMOS of 0.3 over the baseline.").metrics)
    ex = run("Hardware trends include advancing CMOS, GPUs, and edge computing.")
    assert "CMOS" not in all_forms(ex.metrics) | all_forms(ex.methods)


def test_a_batch_size_changed_by_a_number_is_a_setting():
    ex = run("Profiling gives a 5x increase in average batch sizes over the original settings.")
    assert not all_forms(ex.metrics)


def test_systems_for_a_task_are_a_class_not_a_method():
    ex = run("This paper presents FooFlow, a tool for building Zoo Intrusion Detection Systems (ZIDSs).")
    assert not {"Zoo Intrusion Detection Systems", "ZIDSs"} & all_forms(ex.methods)
    ex = run("We propose Zoo Detection System (ZDS), a new detector.")
    assert {"Zoo Detection System", "ZDS"} <= all_forms(ex.methods)


def test_a_proper_gazetteer_name_is_found_hyphenated_but_a_modifier_is_not_a_name():
    ex = run("We use Stable-Diffusion for images and test on Continual-World.")
    assert "Stable-Diffusion" in all_forms(ex.methods) and "Continual-World" in all_forms(ex.datasets)
    ex = run("FooNet cuts inference-time latency with early-exit heads.")
    assert not {"inference-time", "early-exit"} & (all_forms(ex.methods) | all_forms(ex.metrics))


def test_a_latex_escaped_percent_is_a_measurement():
    ex = run(r"We show that model size can be reduced by over 50\%, with no loss of accuracy.")
    assert "model size" in all_forms(ex.metrics)
    assert [r.metric for r in ex.results] == ["model size"]


def test_a_name_opening_a_clause_after_a_comma_takes_no_context_from_before_it():
    ex = run("On four language datasets, FooNet outperforms BarNet by 1.8% on average.")
    assert "FooNet" in all_forms(ex.methods) and not all_forms(ex.datasets)
    ex = run("We test on three benchmarks, ZooQA, PetVQA and BazQA.")
    assert {"ZooQA", "PetVQA", "BazQA"} <= all_forms(ex.datasets)


def test_a_hyphenated_name_ending_in_an_artefact_word_is_a_name():
    ex = run("We also release Zoo-Bench, a large-scale multi-task temporal reasoning dataset.")
    assert "Zoo-Bench" in all_forms(ex.datasets)
    assert ex.proposed == ["Zoo-Bench"]
    assert not all_forms(run("We study Long-Context and Real-World settings.").methods)


def test_under_is_not_a_measure_modifier_outside_area_under_curve():
    ex = run("FooNet reaches higher accuracy under memory constraints and a better area under curve.")
    assert {"accuracy", "area under curve"} <= all_forms(ex.metrics)
    assert "under memory" not in all_forms(ex.metrics)


def test_a_known_name_with_a_descriptive_suffix_is_that_name():
    ex = run("We build a QLoRA-Enhanced planner and a LoRA-Enabled world model.")
    forms = all_forms(ex.methods)
    assert {"QLoRA", "LoRA"} <= forms
    assert not any(f.startswith(("QLoRA-", "LoRA-")) for f in forms)


def test_a_title_opening_with_a_gerund_is_a_verb_not_the_technique():
    ex = run("We combine portfolio strategies by ensembling them.", title="Ensembling Portfolio Strategies")
    assert "Ensembling" not in all_forms(ex.methods) and "ensembling" in all_forms(ex.methods)


def test_evaluative_and_participle_words_are_not_part_of_names():
    ex = run("Tasks demand ever-higher prediction accuracy from L2-regularized models.")
    assert "prediction accuracy" in all_forms(ex.metrics)
    found = all_forms(ex.metrics) | all_forms(ex.methods)
    assert not {"ever-higher prediction accuracy", "L2-regularized"} & found


def test_a_bare_kv_is_not_a_name_and_a_matched_suffix_is_a_description():
    ex = run("We use recursion-wise KV caching, store KV pairs and run a FLOPs-matched comparison.")
    assert "KV" not in all_forms(ex.methods)
    assert "FLOPs-matched" not in all_forms(ex.metrics) | all_forms(ex.methods)


def test_an_ambiguous_name_after_a_comparison_verb_is_a_method():
    ex = run("FooNet outperforms ALBERT by 1.8% and surpasses Mamba on long inputs.")
    assert {"ALBERT", "Mamba"} <= all_forms(ex.methods)


def test_a_known_acronym_outweighs_a_weak_measure_head_in_its_long_form():
    ex = run("We use long-and-short-term memory (LSTM) networks to forecast prices.")
    assert "LSTM" in all_forms(ex.methods) and not all_forms(ex.metrics)


def test_a_lower_case_map_is_not_map_and_counted_hardware_is_not_a_name():
    ex = run("The search builds a map of elites on 8xH200 nodes; FooDet reaches 45.1 mAP on COCO.")
    assert all_forms(ex.metrics) == {"mAP"}
    assert "8xH200" not in all_forms(ex.methods)


def test_institutions_phenomena_and_theories_defined_by_acronym_are_not_methods():
    ex = run(
        "Prices on the Zoo Stock Exchange (ZSE) follow the Efficient Zoo Hypothesis (EZH)."
        " Zoo Memory Units (ZMU) model them."
    )
    forms = all_forms(ex.methods)
    assert not {"Zoo Stock Exchange", "ZSE", "Efficient Zoo Hypothesis", "EZH"} & forms
    assert "Zoo Memory Units" in forms


def test_a_word_that_names_no_dataset_alone_keeps_its_head():
    ex = run("A test on the MIT dataset shows that FooNet reaches a MAPE of 2.47%.")
    assert "MIT dataset" in all_forms(ex.datasets)
    assert [r.dataset for r in ex.results] == ["MIT dataset"]
    assert not all_forms(run("We survey AI benchmarks and EHR datasets.").datasets)


def test_a_defined_acronym_is_not_cut_out_of_a_variant_glued_to_it():
    ex = run(
        "We propose Segment Policy Optimization (SPO), a new RL framework. We instantiate SPO in two "
        "ways: SPO-chain for short chains and SPO-tree for long ones, with SPO-based estimates."
    )
    forms = all_forms(ex.methods)
    assert {"SPO-chain", "SPO-tree"} <= forms
    assert not any(f.startswith("SPO-based") for f in forms)


def test_a_hyphen_used_as_a_dash_does_not_glue_the_next_word_to_a_name():
    ex = run("To address this, we introduce AgentRxiv-a framework that lets agents share reports.")
    assert "AgentRxiv-a" not in all_forms(ex.methods)


def test_a_capitalised_word_introduced_with_an_apposition_is_a_name():
    ex = run("In this paper, we propose Quorvel, a zero-shot approach for code. Quorvel is built on a PLM.")
    assert "Quorvel" in names(ex.methods) and ex.proposed == ["Quorvel"]
    ex = run("We present Fabrica 2.0, the first dataset for retail forecasting. Fabrica 2.0 has six seasons.")
    assert names(ex.datasets) == ["Fabrica 2.0"] and ex.proposed == ["Fabrica 2.0"]
    ex = run("We propose Bayesian inference, a classic tool, and present Section 2.1, the analysis.")
    forms = all_forms(ex.methods) | all_forms(ex.datasets)
    assert "Bayesian" not in forms and not any(f.startswith("Section") for f in forms)


@pytest.mark.parametrize(
    ("abstract", "methods", "metrics"),
    [
        ("Image data helps, improving the WAPE and MAE by 5.48% and 7% respectively.", [], ["WAPE", "MAE"]),
        ("Our regressor reaches an MAE of 0.31 on the held-out split.", [], ["MAE"]),
        ("Errors are reported as RMSE and MAE on three datasets.", [], ["RMSE", "MAE"]),
        ("We compare self-supervised methods such as BEiT and MAE on ImageNet.", ["BEiT", "MAE"], []),
    ],
)
def test_a_name_known_as_two_types_takes_the_type_its_neighbours_say(abstract, methods, metrics):
    ex = run(abstract)
    assert names(ex.methods) == methods and names(ex.metrics) == metrics


def test_an_ambiguous_name_after_a_verb_of_use_is_a_method():
    ex = run("We propose a world model, Drama, specifically leveraging Mamba, that needs linear memory.")
    assert "Mamba" in names(ex.methods)


def test_an_ambiguous_measure_word_in_a_method_context_is_not_a_metric():
    ex = run("We analyze searching against dense, process-based verifier reward models at test time.")
    assert "reward" not in all_forms(ex.metrics)


def test_a_capitalised_dataset_name_is_not_its_task_in_lower_case():
    ex = run(
        "Legal case retrieval plays a key role in courts. We introduce LexCaseQ, a large-scale "
        "Legal Case Retrieval Dataset. Progress in legal case retrieval has been slow."
    )
    assert "legal case retrieval" not in {f.lower() for f in all_forms(ex.datasets) if f.islower()}


def test_a_name_that_a_model_is_trained_on_is_a_dataset():
    ex = run("We build a task by fine-tuning MonoCoder on HPCorpusZed. Models pre-trained on ZooText work.")
    assert {"HPCorpusZed", "ZooText"} <= all_forms(ex.datasets) and names(ex.methods) == ["MonoCoder"]


def test_a_known_name_spelled_in_capitals_needs_no_context():
    ex = run("A model that has attracted attention recently is ROCKET, thanks to its fast training.")
    assert "ROCKET" in names(ex.methods)
    ex = run("The readout chip is built in a 65 nm CMOS process for high-energy physics.")
    assert not ex.metrics and not ex.methods


def test_slash_joined_names_are_two_and_paths_are_none():
    ex = run("We tune FooLM with ZapLM/Evol-Instruct data and compare BarNet/BarNet-XL with ViT-H/14.")
    forms = all_forms(ex.methods)
    assert {"ZapLM", "Evol-Instruct", "BarNet", "BarNet-XL", "ViT-H/14"} <= forms
    assert not any("/" in f and f != "ViT-H/14" for f in forms)
    ex = run("Code is at github.com/someone/FooNet2 and in MindSpore/models for all to use.")
    assert not any("/" in f for f in all_forms(ex.methods))


def test_a_measure_at_a_cut_off_is_a_metric_by_its_shape():
    ex = run("FooNet raises major@20 accuracy from 75.59 to 78.31, and improves Hit@5 and MRR@10 on BarQA.")
    assert {"major@20 accuracy", "Hit@5", "MRR@10"} <= set(names(ex.metrics))
    ex = run("Write to the authors at team@example.org for the code.")
    assert not ex.metrics


def test_examples_in_parentheses_take_the_head_noun_before_them():
    ex = run("We compare conventional models (e.g., GPT-4o) with models tuned for inference-time scaling "
             "(e.g., o1) through repeated calls.")
    assert "o1" in names(ex.methods)


def test_a_plural_in_ies_is_the_same_measure():
    ex = run("FooNet keeps similar accuracies with six features. The accuracy of FooNet is 83.62% overall.")
    assert len(ex.metrics) == 1 and {"accuracies", "accuracy"} <= all_forms(ex.metrics)
