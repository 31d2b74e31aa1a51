"""Entity resolution keeps different things apart: narrower measures, versions, acronyms read
differently by their papers, acronyms typed by their context. Hand-made papers and a tiny
gazetteer built here, so the rules are tested apart from the shipped data."""

from __future__ import annotations

import pytest
from handmade import ent, paper

from paperkg.extract.gazetteer import AcronymReading, Gazetteer, GazetteerEntry
from paperkg.extract.model import Entity, Extraction
from paperkg.graph import resolve
from paperkg.graph.build import build_graph, fragment, metric_direction
from paperkg.graph.context import paper_entities
from paperkg.graph.resolve import Resolver, narrows, same_expansion, signature, variant


@pytest.fixture(autouse=True)
def tiny_gazetteer(monkeypatch):
    """A gazetteer of a few entries; the resolver's caches are cleared around each test."""
    entries = [
        GazetteerEntry("METHOD", "SAM", ("Segment Anything Model", "Segment Anything")),
        GazetteerEntry("METHOD", "grouped-query attention", ("grouped query attention",), family="attention"),
        GazetteerEntry("METHOD", "multi-query attention", ("MQA",), family="attention"),
        GazetteerEntry("METHOD", "Multi-head Latent Attention", ("MLA",), family="attention"),
        GazetteerEntry("METHOD", "o3", ("o3-mini",), family="llm"),
        GazetteerEntry("DATASET", "GQA", (), task="vision-language"),
        GazetteerEntry("DATASET", "VQA", (), task="vision-language"),
        GazetteerEntry("DATASET", "NLVR2", (), task="vision-language"),
        GazetteerEntry("DATASET", "ScreenSpot", ("ScreenSpot-Pro",), task="gui"),
        GazetteerEntry(
            "METRIC", "cost", ("API cost", "inference cost", "computational cost"), direction="lower"
        ),
        GazetteerEntry("METRIC", "success rate", ("success rates",), direction="higher"),
    ]
    readings = {
        "GQA": (AcronymReading("DATASET", "GQA"), AcronymReading("METHOD", "grouped-query attention")),
    }
    gaz = Gazetteer(entries, set(), set(), readings, {})
    monkeypatch.setattr(Gazetteer, "load", classmethod(lambda cls, data_dir=None: gaz))
    resolve.misread_acronym.cache_clear()
    yield gaz
    resolve.misread_acronym.cache_clear()


def _resolve(items):
    r = Resolver()
    for pid, e in items:
        r.add(pid, e)
    return r.resolve()


def Met(name, aliases=(), canonical=None):
    return Entity("METRIC", name, list(aliases), canonical=canonical)


# -- measures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("longer", "shorter", "expected"),
    [
        ("attack success rate", "success rate", True),
        ("API costs", "cost", True),
        ("decoding latency", "latency", True),
        ("average success rate", "success rate", False),  # an aggregate: the same measure
        ("test accuracy", "accuracy", False),  # the split it was computed on
        ("success rate", "success rate", False),
        ("success rate", "rate", True),
        ("rate of success", "success rate", False),  # not the same words
    ],
)
def test_narrows_by_words_in_front_but_not_by_aggregates_or_splits(longer, shorter, expected):
    assert narrows(longer, shorter) is expected


def test_a_measure_merges_with_a_longer_one_only_through_an_acronym_never_by_head_word():
    res = _resolve(
        [
            ("p1", Met("success rate")),  # ALFWorld tasks
            ("p2", Met("attack success rate", ["ASR", "success rate"])),  # the paper's shorthand
            ("p3", Met("success rate")),
            ("p4", Met("ASR")),  # a bare use of the defined acronym
            ("p5", Met("average success rate", ["success rate"])),  # an aggregate of the same
        ]
    )
    plain = res.resolve("Metric", "p1", "success rate")
    attack = res.resolve("Metric", "p2", "attack success rate")
    assert plain != attack
    assert res.resolve("Metric", "p3", "success rate") == plain
    assert res.resolve("Metric", "p5", "average success rate") == plain
    # the shorthand still finds its own paper's node (claims written "success rate" link there)
    assert res.resolve("Metric", "p2", "success rate") == attack
    assert res.resolve("Metric", "p4", "ASR") == attack
    assert "attack success rate" not in res.clusters[("Metric", plain)].aliases
    assert "success rate" not in res.clusters[("Metric", attack)].aliases


def test_a_gazetteer_alias_that_narrows_the_entry_is_a_measure_of_its_own():
    res = _resolve(
        [
            ("p1", Met("cost", canonical="cost")),
            ("p2", Met("API costs", canonical="cost")),
            ("p3", Met("API cost", canonical="cost")),
            # the extractor grouped two narrowings through the entry: the preferred form decides
            ("p4", Met("inference cost", ["computational cost"], canonical="cost")),
            ("p5", Met("computational cost", canonical="cost")),
        ]
    )
    ids = {p: res.resolve("Metric", p, f) for p, f in
           (("p1", "cost"), ("p2", "API costs"), ("p3", "API cost"), ("p4", "inference cost"),
            ("p5", "computational cost"))}
    assert len({ids["p1"], ids["p2"], ids["p4"], ids["p5"]}) == 4
    assert ids["p2"] == ids["p3"]
    assert res.clusters[("Metric", ids["p1"])].name == "cost"
    assert res.resolve("Metric", "p4", "computational cost") == ids["p4"]


def test_metric_direction_still_comes_from_the_entry_of_a_narrower_measure():
    a = "API costs fall by 40% while accuracy holds."
    rec = paper("m1", "Cheap agents", a)
    ext = Extraction("m1", rec.title, metrics=[ent("METRIC", "API costs", a, canonical="cost")])
    g = build_graph([(rec, ext)])
    node = next(d for _, d in g.nodes(data=True) if d["label"] == "Metric")
    assert node["name"] == "API costs" and node["direction"] == "lower"
    assert metric_direction("decoding latency") == ""  # no entry for latency in this gazetteer
    assert metric_direction("token cost") == "lower"  # its head's


# -- versions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "form", "canonical", "added"),
    [
        ("Method", "o3-mini", "o3", ("mini",)),
        ("Dataset", "ScreenSpot-Pro", "ScreenSpot", ("pro",)),
        ("Dataset", "ScreenSpotPro", "ScreenSpot", ("pro",)),
        ("Dataset", "ImageNet1K", "ImageNet", ("1k",)),
        ("Dataset", "AISHELL-2", "AISHELL", ("2",)),
        ("Method", "OpenAI o3", "o3", ()),  # a spelling of the name, not a version
        ("Dataset", "AIME24", "AIME 2024", ()),
        ("Metric", "BLEU-4", "BLEU", ()),  # how BLEU is reported
        ("Metric", "API cost", "cost", ("api",)),
    ],
)
def test_variant_says_what_a_form_adds_to_its_entry(label, form, canonical, added):
    assert variant(label, form, canonical) == added


def test_versions_grouped_by_one_paper_do_not_glue_their_nodes_together():
    M = lambda name, aliases=(): Entity("METHOD", name, list(aliases), canonical="o3")  # noqa: E731
    res = _resolve(
        [("p1", M("o3", ["o3-mini"])), ("p2", M("o3")), ("p3", M("o3-mini")), ("p4", M("o3-mini"))]
    )
    base, mini = res.resolve("Method", "p2", "o3"), res.resolve("Method", "p3", "o3-mini")
    assert base != mini
    assert res.resolve("Method", "p1", "o3") == base and res.resolve("Method", "p1", "o3-mini") == base
    assert res.resolve("Method", "p4", "o3-mini") == mini
    assert res.clusters[("Method", mini)].name == "o3-mini"


# -- acronyms with several expansions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Segment Anything", "Segment-Anything Model", True),
        ("masked auto-regression", "masked autoregressive model", True),
        ("layer norm", "layer normalization", True),
        ("Graph RAG", "Graph Retrieval-Augmented Generation", True),
        ("Group Query Attention", "grouped-query attention", True),
        ("Sharpness-Aware Minimization", "Segment Anything Model", False),
        ("Contrastive Policy Optimization", "Contrastive Preference Optimization", False),
        ("Trajectory-aware Relative Policy Optimization", "Trust Region Policy Optimization", False),
    ],
)
def test_same_expansion(a, b, same):
    assert same_expansion(a, b) is same


def test_a_paper_that_spells_its_acronym_out_otherwise_is_not_the_gazetteer_entry():
    M = lambda name, aliases=(), canonical="SAM": Entity("METHOD", name, list(aliases), canonical=canonical)  # noqa: E731
    res = _resolve(
        [
            ("p1", M("Segment Anything Model", ["SAM"])),
            ("p2", M("Sharpness-Aware Minimization", ["SAM"])),
            ("p3", M("SAM")),  # the gazetteer's reading, from the acronym alone
            ("p4", M("Spatial Audio Motion", ["SAM"])),
        ]
    )
    ids = [res.resolve("Method", p, "SAM") for p in ("p1", "p2", "p3", "p4")]
    assert ids[0] == ids[2] and len(set(ids)) == 3
    assert res.clusters[("Method", ids[0])].name == "SAM"
    assert "Sharpness-Aware Minimization" not in res.clusters[("Method", ids[0])].aliases


def test_four_expansions_of_one_acronym_are_four_nodes():
    longs = ["Adaptive Entropy Policy Optimization", "Agentic Entropy-Balanced Policy Optimization",
             "Adaptive Exploration Policy Optimization", "Adaptive Entropy-Controlled Policy Optimization"]
    res = _resolve([(f"p{i}", Entity("METHOD", lf, ["XEPO"])) for i, lf in enumerate(longs)])
    assert len({res.resolve("Method", f"p{i}", "XEPO") for i in range(4)}) == 4


# -- acronyms typed by their context ------------------------------------------------------------


def _paper(pid, abstract, *entities):
    rec = paper(pid, pid, abstract)
    ms = [e for e in entities if e.type == "METHOD"]
    ds = [e for e in entities if e.type == "DATASET"]
    return rec, Extraction(pid, rec.title, methods=ms, datasets=ds)


def _types(rec, ext):
    return {e.name: (e.type, e.canonical) for e in paper_entities(rec, ext)}


def test_an_acronym_listed_with_known_methods_is_a_method():
    a = "We compare efficient attention variants: MQA, GQA, MLA and sliding windows."
    rec, ext = _paper(
        "q1", a,
        ent("METHOD", "MQA", a, canonical="multi-query attention"),
        ent("DATASET", "GQA", a, canonical="GQA"),
        ent("METHOD", "MLA", a, canonical="Multi-head Latent Attention"),
    )
    assert _types(rec, ext)["GQA"] == ("METHOD", "grouped-query attention")
    assert ext.datasets[0].type == "DATASET"  # the extraction itself is left as it was


def test_an_acronym_listed_with_known_datasets_stays_a_dataset():
    a = "We evaluate on VQA, GQA and NLVR2 with a frozen encoder."
    rec, ext = _paper(
        "q2", a,
        ent("DATASET", "VQA", a, canonical="VQA"),
        ent("DATASET", "GQA", a, canonical="GQA"),
        ent("DATASET", "NLVR2", a, canonical="NLVR2"),
    )
    assert _types(rec, ext)["GQA"] == ("DATASET", "GQA")


def test_one_known_neighbour_is_not_a_list_and_no_reading_means_no_change():
    a = "Unlike MQA and GQA, our cache is exact. We also beat MLA, XYZ and MQA-2."
    rec, ext = _paper(
        "q3", a,
        ent("METHOD", "MQA", a, canonical="multi-query attention"),
        ent("DATASET", "GQA", a, canonical="GQA"),
    )
    assert _types(rec, ext)["GQA"] == ("DATASET", "GQA")
    a2 = "We compare MQA, XYZ, MLA."
    rec2, ext2 = _paper(
        "q4", a2,
        ent("METHOD", "MQA", a2, canonical="multi-query attention"),
        ent("DATASET", "XYZ", a2),  # no method reading known: the extractor's type stays
        ent("METHOD", "MLA", a2, canonical="Multi-head Latent Attention"),
    )
    assert _types(rec2, ext2)["XYZ"] == ("DATASET", None)


def test_a_definition_types_the_acronym():
    a = "Models rely on Group Query Attention (GQA) to save memory."
    rec, ext = _paper("q5", a, ent("DATASET", "Group Query Attention", a, aliases=["GQA"], canonical="GQA"))
    assert _types(rec, ext)["Group Query Attention"] == ("METHOD", "grouped-query attention")


def test_the_paper_domain_types_a_bare_acronym_with_readings_of_two_types():
    a = "MQA saves memory. Our kernel supports GQA layouts. MLA compresses the cache."
    ents = (
        ent("METHOD", "MQA", a, canonical="multi-query attention"),
        ent("DATASET", "GQA", a, canonical="GQA"),
        ent("METHOD", "MLA", a, canonical="Multi-head Latent Attention"),
    )
    rec, ext = _paper("q6", a, *ents)
    assert _types(rec, ext)["GQA"][0] == "METHOD"
    rec, ext = _paper("q7", a, *ents, ent("DATASET", "VQA", a + " VQA", canonical="VQA"))
    assert _types(rec, ext)["GQA"][0] == "DATASET"  # a paper with the dataset's own task


def test_an_acronym_that_is_a_dataset_and_a_method_in_different_papers_gives_two_nodes():
    a1 = "We compare efficient attention variants: MQA, GQA, MLA."
    a2 = "We evaluate on VQA, GQA and NLVR2."
    a3 = "Grouped-query attention (GQA) shares keys across heads."
    pairs = [
        _paper("r1", a1, ent("METHOD", "MQA", a1, canonical="multi-query attention"),
               ent("DATASET", "GQA", a1, canonical="GQA"),
               ent("METHOD", "MLA", a1, canonical="Multi-head Latent Attention")),
        _paper("r2", a2, ent("DATASET", "VQA", a2, canonical="VQA"),
               ent("DATASET", "GQA", a2, canonical="GQA"), ent("DATASET", "NLVR2", a2, canonical="NLVR2")),
        _paper("r3", a3, ent("METHOD", "Grouped-query attention", a3, aliases=["GQA"],
                             canonical="grouped-query attention")),
    ]
    g = build_graph(pairs)
    assert g.has_edge("Paper:r1", "Method:grouped-query-attention", "USES")
    assert g.has_edge("Paper:r3", "Method:grouped-query-attention", "USES")
    assert g.has_edge("Paper:r2", "Dataset:gqa", "EVALUATES_ON")
    assert g.nodes["Dataset:gqa"]["papers"] == 1 and g.nodes["Method:grouped-query-attention"]["papers"] == 2
    # the streaming build (one resolution, then fragments) reads the papers the same way
    r = Resolver(per_paper=False)
    for rec, ext in pairs:
        for e in paper_entities(rec, ext):
            r.add(rec.id, e)
    f = fragment(pairs, r.resolve())
    assert sorted(f.nodes) == sorted(g.nodes) and sorted(f.edges(keys=True)) == sorted(g.edges(keys=True))


def test_signature_of_a_retyped_entity_carries_the_other_readings_name():
    a = "We compare MQA, GQA, MLA."
    rec, ext = _paper(
        "s1", a,
        ent("METHOD", "MQA", a, canonical="multi-query attention"),
        ent("DATASET", "GQA", a, canonical="GQA"),
        ent("METHOD", "MLA", a, canonical="Multi-head Latent Attention"),
    )
    sig = signature(next(e for e in paper_entities(rec, ext) if e.name == "GQA"))
    assert sig is not None and sig[0] == "Method" and sig[2] == "grouped-query attention"
