"""cites_like: tiers, tie-breaks, evidence, related papers (the store path: tests/cypher/analytics/)."""

import pytest
from analytics_graphs import sentence, tiny_graph

from paperkg.graph.analytics import PaperMeta, all_paper_meta, cites_like


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


def test_direct_papers_in_tier_order(G):
    rows = cites_like(G, "Method:lora")
    direct = [(r.id, r.relation) for r in rows if r.direct]
    # p1 proposes LoRA; p2's claim is against LoRA; p9 and p3 report LoRA results (p9 mentions it twice,
    # p3 once); p5 and p4 only mention it, equally often: p5 has more upvotes.
    assert direct == [("p1", "proposes"), ("p2", "compares"), ("p9", "uses"), ("p3", "uses"),
                      ("p5", "mentions"), ("p4", "mentions")]
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert [int(r.score) for r in rows if r.direct] == [4, 3, 2, 2, 1, 1]


def test_evidence_is_the_sentence_of_the_deciding_edge(G):
    rows = {r.id: r for r in cites_like(G, "Method:lora")}
    assert rows["p1"].evidence == sentence("p1", "lora")
    assert rows["p2"].evidence == sentence("p2", "claim 1")
    assert rows["p5"].evidence == sentence("p5", "lora")


def test_date_breaks_remaining_ties(G):
    H = G.copy()
    H.nodes["Paper:p4"]["upvotes"] = H.nodes["Paper:p5"]["upvotes"]
    H.nodes["Paper:p4"]["date"] = "2024-01-01"  # now newer than p5
    ids = [r.id for r in cites_like(H, "Method:lora") if r.relation == "mentions"]
    assert ids == ["p4", "p5"]


def test_related_papers_share_the_neighbourhood_and_say_what(G):
    related = [r for r in cites_like(G, "Method:lora") if not r.direct]
    # p6 never names LoRA but uses Adapter on GLUE with accuracy, as LoRA's papers do; the vision
    # papers share nothing with LoRA's papers and must not appear.
    assert [r.id for r in related] == ["p6"]
    assert related[0].relation == "related" and 0 < related[0].score < 1
    assert set(related[0].shared) == {"Adapter", "GLUE", "accuracy"}
    assert "Adapter" in related[0].evidence


def test_limit_caps_direct_rows_and_related_is_separate(G):
    rows = cites_like(G, "Method:lora", limit=2, related=0)
    assert [r.id for r in rows] == ["p1", "p2"]


def test_a_method_nobody_names_has_no_rows(G):
    assert cites_like(G, "Method:llama-2") == []


def test_to_dict_has_the_json_fields(G):
    d = cites_like(G, "Method:lora")[0].to_dict()
    assert {"id", "title", "score", "relation", "direct", "evidence"} <= d.keys()


def test_precomputed_meta_gives_the_same_answers(G):
    meta = all_paper_meta(G)
    assert set(meta) == {f"p{i}" for i in range(1, 10)}
    assert meta["p1"].title.startswith("LoRA")
    assert (meta["p1"].upvotes, meta["p1"].date) == (50, "2021-06-17")
    for method in ("lora", "adapter", "resnet", "qlora", "transformer", "vit", "llama-2"):
        node = f"Method:{method}"
        assert cites_like(G, node, 5, 3, meta=meta) == cites_like(G, node, 5, 3)


def test_precomputed_meta_is_what_the_rows_show(G):
    # the titles and tie-breaks come from the given meta, so a caller's meta is really used
    meta = all_paper_meta(G)
    meta["p5"] = PaperMeta("p5", "Renamed", upvotes=0, date="2000-01-01")
    rows = cites_like(G, "Method:lora", meta=meta)
    mentions = [(r.id, r.title) for r in rows if r.relation == "mentions"]
    assert mentions == [("p4", "Fine-tuning Notes"), ("p5", "Renamed")]
