"""Every named query on the store built by the real pipeline from examples/hf-daily-papers.

Expected answers were checked against the abstracts by hand (e.g. the DynMoLE abstract combines
"Low-Rank Adaptation (LoRA)" with mixtures of experts and compares against LoRA).
"""

from __future__ import annotations

import pytest

from paperkg.cypher.ladybug import LadybugStore, to_networkx
from paperkg.cypher.library import load, run_named

DYNMOLE = "dynmole-boosting-mixture-of-lora-experts-fine-tuning-with-a-hybrid-routing-mecha"
MOS = "mos-unleashing-parameter-efficiency-of-low-rank-adaptation-with-mixture-of-shard"


@pytest.fixture(scope="module")
def store(sample_db):
    s = LadybugStore(sample_db, read_only=True)
    yield s
    s.close()


def rec(store, name, **params):
    return run_named(store, name, params).records()


def test_every_named_query_runs_on_the_sample(store):
    params = {"method": "LoRA", "dataset": "ImageNet", "paper": DYNMOLE, "q": "lora"}
    for q in load().values():
        given = {p.name: params[p.name] for p in q.params if not p.optional}
        result = run_named(store, q.name, given)
        assert result.columns, q.name


def test_schema_counts_papers_and_entities(store):
    rows = {(r["kind"], r["type"]): r["count"] for r in rec(store, "schema")}
    assert rows[("node", "Paper")] == 315
    assert rows[("node", "Method")] > 100 and rows[("node", "Dataset")] > 20
    assert rows[("relationship", "PROPOSES")] > 50 and rows[("relationship", "REPORTS")] > 50


def test_cites_like_lora_finds_the_papers_that_build_on_it(store):
    rows = rec(store, "cites-like", method="LoRA")
    papers = [r["paper"] for r in rows]
    assert DYNMOLE in papers and MOS in papers
    order = [(r["tier"], r["strength"]) for r in rows]
    assert order == sorted(order, reverse=True)
    assert rec(store, "cites-like", method="low-rank adaptation") == rows  # alias, any case


def test_method_queries_agree_with_each_other(store):
    datasets = rec(store, "method-datasets", method="Transformer")
    assert datasets and all(r["papers"] >= 1 for r in datasets)
    claims = rec(store, "method-claims", method="DynMoLE")
    assert {r["value"] for r in claims} >= {"9.6%", "2.3%"}
    assert all(r["paper"] == DYNMOLE for r in claims if r["role"] == "achieves")


def test_leaderboard_on_imagenet(store):
    rows = rec(store, "leaderboard", dataset="imagenet")
    assert len(rows) >= 3 and all(r["dataset"] == "ImageNet" for r in rows)
    for r in rows:  # ranked: absolute values with a unit that is not a ratio or a difference
        if r["rank"] is not None:
            assert r["standing"] == "score" and r["kind"] == "absolute" and r["unit"] not in ("x", "points")
    scores: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        if r["standing"] == "score":
            scores.setdefault((r["metric"], r["unit"]), []).append(r["number"])
    for numbers in scores.values():  # best first, by the metric's direction
        assert numbers in (sorted(numbers, reverse=True), sorted(numbers))


def test_leaderboard_on_imagenet_ranks_no_ratio_reduction_or_value_without_metric(store):
    """The sample's misleading rows of issue 25: each listed apart with why, none ranked."""
    rows = rec(store, "leaderboard", dataset="imagenet")
    # The rows depend on what the accurate profile extracts (it changes when retrained); the rule
    # does not: only a score is ranked, every other standing is listed apart without a rank.
    assert {r["standing"] for r in rows} & {"ratio", "gain", "reduction"}
    assert all(r["rank"] is None for r in rows if r["standing"] != "score")
    assert all(r["standing"] == "no metric" for r in rows if r["metric"] == "(metric not stated)"
               and r["standing"] not in ("ratio", "gain", "reduction"))
    ratios = {r["value"]: r for r in rows if r["standing"] == "ratio"}
    assert {"7x", "2.0x"} <= set(ratios)  # "7x" less runtime, "2.0x" fewer FLOPs: never ranked


def test_outperforms_edges_come_from_claims(store):
    g = to_networkx(store)
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] == "OUTPERFORMS"]
    assert edges
    u, v, d = edges[0]
    beaten = g.nodes[v]["name"]
    rows = rec(store, "outperforms", method=beaten)
    assert any(d["claim_id"] in r["claim_ids"] for r in rows)
    claim = g.nodes[f"Claim:{d['claim_id']}"]
    assert claim["kind"] in ("improvement", "absolute") and claim["baseline"]


def test_pairs_code_time_and_search(store):
    pairs = rec(store, "methods-used-together")
    assert pairs and pairs[0]["papers"] >= pairs[-1]["papers"] >= 1
    code = rec(store, "papers-with-code")
    assert len(code) >= 20 and all(r["url"].startswith("http") for r in code)
    assert any("github.com" == r["host"] for r in code)
    years = rec(store, "methods-proposed-over-time")
    assert sum(r["methods"] for r in years) >= 50
    found = rec(store, "search", q="lora")
    assert ("Method", "lora") in {(r["type"], r["id"]) for r in found}
    assert DYNMOLE in {r["id"] for r in found if r["type"] == "Paper"}


def test_paper_and_conflicts(store):
    rows = rec(store, "paper", paper=DYNMOLE)
    assert ("PROPOSES", "dynmole") in {(r["relation"], r["id"]) for r in rows}
    assert ("USES", "lora") in {(r["relation"], r["id"]) for r in rows}
    for r in rec(store, "conflicting-claims"):
        assert r["paper_1"] < r["paper_2"] and r["value_1"] != r["value_2"]
