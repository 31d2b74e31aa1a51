"""evidence_path: shortest chains with the relation and sentence of every hop."""

import pytest
from analytics_graphs import sentence, tiny_graph

from paperkg.graph.analytics import evidence_path


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


def test_two_hops_through_the_only_shared_paper(G):
    p = evidence_path(G, "Method:lora", "Method:adapter")
    assert p.found and p.nodes == ["LoRA", "A Study of Adapters", "Adapter"]
    assert [(h.source, h.relation, h.target) for h in p.hops] == [
        ("A Study of Adapters", "USES", "LoRA"), ("A Study of Adapters", "USES", "Adapter")]
    assert p.hops[1].sentence == sentence("p3", "adapter") and p.hops[1].paper_id == "p3"


def test_outperforms_is_a_hop_of_its_own(G):
    p = evidence_path(G, "Method:vit", "Method:resnet")
    assert len(p.hops) == 1 and p.hops[0].relation == "OUTPERFORMS"
    assert p.hops[0].sentence == sentence("p8", "claim 1")


def test_papers_and_datasets_are_valid_ends(G):
    p = evidence_path(G, "Paper:p6", "Dataset:glue")
    assert p.found and len(p.hops) == 1 and p.hops[0].relation == "EVALUATES_ON"


def test_disconnected_parts_have_no_path(G):
    p = evidence_path(G, "Method:lora", "Dataset:imagenet")
    assert not p.found and p.hops == []


def test_claims_are_not_stepping_stones(G):
    H = G.copy()
    # a claim linking LoRA to ImageNet must not make a path: claims are excluded
    H.add_node("Claim:x#1", label="Claim", id="x#1")
    H.add_edge("Claim:x#1", "Method:lora", key="OF", type="OF")
    H.add_edge("Claim:x#1", "Dataset:imagenet", key="ON", type="ON")
    assert not evidence_path(H, "Method:lora", "Dataset:imagenet").found
