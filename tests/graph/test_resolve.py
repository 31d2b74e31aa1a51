"""Entity resolution: variants fold, acronyms resolve across papers, ambiguous ones stay apart, order-free."""

from __future__ import annotations

import itertools

import pytest

from paperkg.extract.gazetteer import version_suffix
from paperkg.extract.model import Entity
from paperkg.graph.resolve import Anchor, Resolver, is_acronym, slugify
from paperkg.util.names import variant_key


def _resolve(items, anchors=()):
    r = Resolver(anchors)
    for pid, ent in items:
        r.add(pid, ent)
    return r.resolve()


def M(name, aliases=(), canonical=None):
    return Entity("METHOD", name, list(aliases), canonical=canonical)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Low-Rank Adaptation", "low rank adaptations"),
        ("Vision Transformers", "vision-transformer"),
        ("LLMs", "LLM"),
        ("ResNet-50", "ResNet50"),
        ("batch normalisation", "Batch Normalization"),
        ("Mixture-of-Experts", "mixture of experts"),
    ],
)
def test_variants_fold_to_one_key(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("BERT", "BART"), ("GPT-4", "GPT-3"), ("CLIP", "CLIPS model"), ("RSCP+", "RSCP"), ("MoE++", "MoE")],
)
def test_different_names_keep_different_keys(a, b):
    assert variant_key(a) != variant_key(b)


def test_slug_and_acronym_rules():
    assert slugify("Low-Rank Adaptation (LoRA)") == "low-rank-adaptation-lora"
    assert slugify("SA-1B") == "sa-1b"
    assert is_acronym("LoRA") and is_acronym("SAM") and is_acronym("DynMoLE")
    assert not is_acronym("Transformer") and not is_acronym("Low-Rank Adaptation")


def test_lora_defined_in_one_paper_merges_with_bare_use_in_another():
    res = _resolve(
        [("p1", M("LoRA")), ("p2", M("Low-Rank Adaptation", ["LoRA"])), ("p3", M("low-rank adaptations"))]
    )
    ids = {
        res.resolve("Method", p, f)
        for p, f in (
            ("p1", "LoRA"),
            ("p2", "Low-Rank Adaptation"),
            ("p2", "LoRA"),
            ("p3", "low-rank adaptations"),
        )
    }
    assert ids == {"low-rank-adaptation"}
    cl = res.clusters[("Method", "low-rank-adaptation")]
    assert cl.name == "Low-Rank Adaptation"
    assert cl.aliases == ["LoRA", "low-rank adaptations"]


def test_gazetteer_canonical_name_wins():
    res = _resolve([("p1", M("low-rank adaptation", ["LoRA"], canonical="LoRA")), ("p2", M("LoRA"))])
    assert res.resolve("Method", "p2", "LoRA") == "lora"
    assert res.clusters[("Method", "lora")].name == "LoRA"


def test_ambiguous_acronym_is_kept_apart_and_recorded():
    res = _resolve(
        [
            ("p1", M("Segment Anything Model", ["SAM"])),
            ("p2", M("Sharpness-Aware Minimization", ["SAM"])),
            ("p3", M("SAM")),
        ]
    )
    a, b, c = (res.resolve("Method", p, "SAM") for p in ("p1", "p2", "p3"))
    assert len({a, b, c}) == 3
    assert (a, b, c) == ("segment-anything-model", "sharpness-aware-minimization", "sam")
    assert res.ambiguous == {"Method": {"SAM": ["Segment Anything Model", "Sharpness-Aware Minimization"]}}


def test_consistent_definitions_are_not_ambiguous():
    res = _resolve(
        [
            ("p1", M("Segment Anything Model", ["SAM"])),
            ("p2", M("segment anything models", ["SAM"])),
            ("p3", M("SAM")),
        ]
    )
    assert {res.resolve("Method", p, "SAM") for p in ("p1", "p2", "p3")} == {"segment-anything-model"}
    assert res.ambiguous == {}


def test_same_name_different_types_are_different_nodes():
    r = Resolver()
    r.add("p1", Entity("METHOD", "ImageNet"))
    r.add("p1", Entity("DATASET", "ImageNet"))
    res = r.resolve()
    assert set(res.clusters) == {("Method", "imagenet"), ("Dataset", "imagenet")}


def test_slug_collisions_get_deterministic_suffixes():
    # Equal slugs imply equal keys for fresh names, so a clash comes from a stored id already taken.
    anchors = [Anchor("Method", "c-net", "Contrastive Network")]
    res = _resolve([("p1", M("C Net")), ("p2", M("C-Net", ["C Net"]))], anchors)
    assert res.resolve("Method", "p1", "C Net") == "c-net-2"
    assert res.resolve("Method", "p2", "C-Net") == "c-net-2"
    assert ("Method", "c-net") in res.clusters


ITEMS = [
    ("p1", M("LoRA")),
    ("p2", M("Low-Rank Adaptation", ["LoRA"])),
    ("p3", M("Segment Anything Model", ["SAM"])),
    ("p4", M("Sharpness-Aware Minimization", ["SAM"])),
    ("p5", M("SAM")),
    ("p6", M("vision transformers")),
    ("p7", M("Vision Transformer", ["ViT"])),
    ("p8", M("ViTs")),
]


def test_same_ids_under_any_input_order():
    def snapshot(items):
        res = _resolve(items)
        return (
            {k: (c.name, tuple(c.aliases)) for k, c in res.clusters.items()},
            res.by_paper_key,
            res.ambiguous,
        )

    first = snapshot(ITEMS)
    for perm in itertools.islice(itertools.permutations(ITEMS), 0, 200, 7):
        assert snapshot(list(perm)) == first
    assert first[1][("Method", "p8", "vit")] == "vision-transformer"


def test_anchors_keep_their_ids_and_gain_aliases():
    anchors = [Anchor("Method", "lora", "LoRA", ("Low-Rank Adaptation",))]
    res = _resolve([("p9", M("low-rank adaptations")), ("p9", M("QLoRA"))], anchors)
    assert res.resolve("Method", "p9", "low-rank adaptations") == "lora"
    assert res.clusters[("Method", "lora")].name == "LoRA"
    assert "low-rank adaptations" in res.clusters[("Method", "lora")].aliases
    assert res.resolve("Method", "p9", "QLoRA") == "qlora"


def test_lowercase_spelling_of_an_acronym_is_not_a_definition():
    res = _resolve(
        [
            ("p1", Entity("METRIC", "mean average precision", ["mAP"])),
            ("p2", Entity("METRIC", "mAP", ["map"])),
            ("p3", Entity("METRIC", "map")),
        ]
    )
    ids = {res.resolve("Metric", p, f) for p, f in (("p1", "mAP"), ("p2", "map"), ("p3", "map"))}
    assert ids == {"map"}
    assert res.clusters[("Metric", "map")].name == "mAP"  # most papers say mAP
    assert res.ambiguous == {}


@pytest.mark.parametrize(
    ("surface", "canonical", "suffix"),
    [("AISHELL-2", "AISHELL", "2"), ("GPT-3 175B", "GPT-3", "175"), ("AIME24", "AIME 2024", ""),
     ("CoNLL03", "CoNLL-2003", ""), ("ADE-20K", "ADE20K", ""), ("seq2seq", "sequence-to-sequence", "")],
)
def test_version_suffix_tells_versions_from_spellings(surface, canonical, suffix):
    assert version_suffix(surface, canonical) == suffix


def test_versions_of_one_gazetteer_entry_are_separate_nodes_but_metric_versions_are_not():
    r = Resolver()
    r.add("p1", Entity("DATASET", "AISHELL-1", [], canonical="AISHELL"))
    r.add("p2", Entity("DATASET", "AISHELL-2", [], canonical="AISHELL"))
    r.add("p3", Entity("DATASET", "AISHELL", [], canonical="AISHELL"))
    r.add("p4", Entity("DATASET", "AIME24", [], canonical="AIME 2024"))
    r.add("p5", Entity("DATASET", "AIME 2024", [], canonical="AIME 2024"))
    r.add("p6", Entity("METRIC", "BLEU-4", [], canonical="BLEU"))
    r.add("p7", Entity("METRIC", "BLEU", [], canonical="BLEU"))
    res = r.resolve()
    datasets = sorted(c.name for c in res.clusters.values() if c.label == "Dataset")
    assert datasets == ["AIME 2024", "AISHELL", "AISHELL-1", "AISHELL-2"]
    assert [c.name for c in res.clusters.values() if c.label == "Metric"] == ["BLEU"]
    assert res.resolve("Dataset", "p4", "AIME24") == res.resolve("Dataset", "p5", "AIME 2024")
