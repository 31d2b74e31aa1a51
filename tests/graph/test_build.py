"""The MultiDiGraph built from hand-made extractions: nodes, edges, evidence, conventions."""

from __future__ import annotations

import pytest
from handmade import corpus

from paperkg.graph.build import GraphBuilder, build_graph, repository_id
from paperkg.graph.schema import NODE_BY_LABEL, REL_BY_NAME


@pytest.fixture(scope="module")
def g():
    return build_graph(corpus())


def test_every_node_and_edge_follows_the_schema(g):
    for key, d in g.nodes(data=True):
        assert key == f"{d['label']}:{d['id']}"
        assert set(d) - {"label"} <= {p.name for p in NODE_BY_LABEL[d["label"]].props}
    for u, v, k, d in g.edges(keys=True, data=True):
        rt = REL_BY_NAME[d["type"]]
        assert (g.nodes[u]["label"], g.nodes[v]["label"]) in rt.ends
        assert set(d) - {"type"} <= {p.name for p in rt.props}
        assert k == (f"OUTPERFORMS:{d['claim_id']}" if d["type"] == "OUTPERFORMS" else d["type"])


def test_paper_nodes_carry_metadata_and_sources(g):
    p = g.nodes["Paper:p1"]
    assert p["title"] == "FastLoRA" and p["year"] == 2023 and p["upvotes"] == 10
    assert p["sources"] == ["in/p1.txt:3"]
    assert p["abstract"].startswith("We propose FastLoRA")


def test_entities_merge_across_papers_with_aliases_and_paper_counts(g):
    lora = g.nodes["Method:low-rank-adaptation"]
    assert lora["name"] == "Low-Rank Adaptation"
    assert lora["aliases"] == ["LoRA", "low-rank adaptations"]
    assert lora["papers"] == 2
    assert g.nodes["Metric:accuracy"]["name"] == "Accuracy"  # gazetteer canonical
    assert g.nodes["Metric:accuracy"]["papers"] == 2


def test_proposes_and_uses_edges_with_evidence(g):
    assert g.has_edge("Paper:p1", "Method:fastlora", "PROPOSES")
    assert not g.has_edge("Paper:p1", "Method:fastlora", "USES")
    assert g.has_edge("Paper:p3", "Dataset:sa-1b", "PROPOSES")
    e = g.edges["Paper:p1", "Method:low-rank-adaptation", "USES"]
    abstract = g.nodes["Paper:p1"]["abstract"]
    assert e["paper_id"] == "p1" and e["field"] == "abstract"
    assert abstract[e["start"] : e["end"]] == "Low-Rank Adaptation"  # the first mention
    assert e["mentions"] == 2  # "Low-Rank Adaptation" and the later bare "LoRA"
    # p2 names LoRA twice with two entities that resolve to one node: one edge, mentions summed
    e2 = g.edges["Paper:p2", "Method:low-rank-adaptation", "USES"]
    assert e2["mentions"] == 2
    assert g.has_edge("Paper:p2", "Dataset:squad", "EVALUATES_ON")
    assert g.has_edge("Paper:p2", "Metric:f1", "MEASURES")


def test_claims_link_to_resolved_entities_and_derive_outperforms(g):
    c = g.nodes["Claim:p1#1"]
    assert (c["value"], c["number"], c["unit"], c["kind"]) == ("91.2%", 91.2, "%", "absolute")
    assert c["paper_id"] == "p1" and c["sentence"].startswith("FastLoRA reaches")
    assert g.has_edge("Paper:p1", "Claim:p1#1", "REPORTS")
    assert g.has_edge("Claim:p1#1", "Method:fastlora", "OF")
    assert g.has_edge("Claim:p1#1", "Method:low-rank-adaptation", "AGAINST")
    assert g.has_edge("Claim:p1#1", "Dataset:glue", "ON")
    assert g.has_edge("Claim:p1#1", "Metric:accuracy", "IN")
    o = g.edges["Method:fastlora", "Method:low-rank-adaptation", "OUTPERFORMS:p1#1"]
    assert o["claim_id"] == "p1#1" and o["paper_id"] == "p1"
    # the SAM of p3 (Segment Anything) beats Mask R-CNN; the SAM of p4 is a different node
    assert g.has_edge("Method:segment-anything-model", "Method:mask-r-cnn", "OUTPERFORMS:p3#1")
    assert g.has_edge("Claim:p4#1", "Method:sharpness-aware-minimization", "OF")
    # no baseline -> no OUTPERFORMS
    assert not any(
        d["type"] == "OUTPERFORMS" and d["claim_id"].startswith("p2") for *_, d in g.edges(data=True)
    )


def test_repository_nodes_and_has_code(g):
    r = g.nodes["Repository:github.com/org/fastlora"]
    assert r["host"] == "github.com" and r["url"] == "https://github.com/org/fastlora"
    e = g.edges["Paper:p1", "Repository:github.com/org/fastlora", "HAS_CODE"]
    assert e["field"] == "abstract" and "Code:" in e["sentence"]


@pytest.mark.parametrize(
    ("url", "rid"),
    [
        ("https://github.com/Org/Repo.git", ("github.com/Org/Repo", "github.com")),
        ("http://www.GitHub.com/org/repo/", ("github.com/org/repo", "github.com")),
        ("huggingface.co/datasets/x/y.", ("huggingface.co/datasets/x/y", "huggingface.co")),
    ],
)
def test_repository_ids(url, rid):
    assert repository_id(url) == rid


def test_same_graph_whatever_the_order_papers_arrive():
    pairs = corpus()
    a, b = GraphBuilder(), GraphBuilder()
    for rec, ext in pairs:
        a.add(rec, ext)
    for rec, ext in reversed(pairs):
        b.add(rec, ext)
    ga, gb = a.graph(), b.graph()
    assert dict(ga.nodes(data=True)) == dict(gb.nodes(data=True))
    assert sorted(ga.edges(keys=True)) == sorted(gb.edges(keys=True))


def test_numbered_versions_of_a_benchmark_are_separate_nodes_across_papers():
    """The real extractor on two papers: AISHELL-1 and AISHELL-2 are different test sets, so a
    leaderboard must not mix them; the family name stays a node of its own."""
    from paperkg.extract.pipeline import default_pipeline, extract_record
    from paperkg.sources.record import PaperRecord

    records = [
        PaperRecord(id="a", title="A", abstract="We report the WER on AISHELL-1 and on AISHELL."),
        PaperRecord(id="b", title="B", abstract="We report the WER on AISHELL-2."),
    ]
    graph = build_graph([(r, extract_record(default_pipeline(), r)) for r in records])
    datasets = sorted(k for k, d in graph.nodes(data=True) if d["label"] == "Dataset")
    assert datasets == ["Dataset:aishell", "Dataset:aishell-1", "Dataset:aishell-2"]


def test_british_and_american_spellings_are_one_node_across_papers():
    """The real extractor on two papers, one written the British way: "Adam optimiser" and "Adam
    optimizer" are one method, "normalised" and "normalized mutual information" one metric."""
    from paperkg.extract.pipeline import default_pipeline, extract_record
    from paperkg.sources.record import PaperRecord

    def abstract(z: str, s: str) -> str:
        return (f"We train the network with the Adam optimi{z}er. Clustering quality is measured by "
                f"normali{s}ed mutual information on MNIST.")

    records = [
        PaperRecord(id="uk", title="A", abstract=abstract("s", "s")),
        PaperRecord(id="us", title="B", abstract=abstract("z", "z")),
    ]
    graph = build_graph([(r, extract_record(default_pipeline(), r)) for r in records])
    nodes = {lab: [d for _, d in graph.nodes(data=True) if d["label"] == lab] for lab in ("Method", "Metric")}
    assert len(nodes["Method"]) == 1 and len(nodes["Metric"]) == 1, nodes
    method, metric = nodes["Method"][0], nodes["Metric"][0]
    assert {"Adam optimiser", "Adam optimizer"} <= {method["name"], *method["aliases"]}
    spellings = {"normalised mutual information", "normalized mutual information"}
    assert spellings <= {metric["name"], *metric["aliases"]}
    assert method["papers"] == metric["papers"] == 2
