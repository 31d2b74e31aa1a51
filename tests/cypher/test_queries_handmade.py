"""Every named query on a store built from hand-made extractions, with exact expected answers."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from handmade import corpus

from paperkg.cypher.ladybug import LadybugStore
from paperkg.cypher.library import run_named
from paperkg.graph.build import build_graph


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("hand") / "s.db"
    with LadybugStore(path) as s:
        s.write_graph(build_graph(corpus()))
    s = LadybugStore(path, read_only=True)
    yield s
    s.close()


def rec(store, name, **params):
    return run_named(store, name, params).records()


def test_schema_counts(store):
    rows = {(r["kind"], r["type"]): r["count"] for r in rec(store, "schema")}
    assert rows[("node", "Paper")] == 5 and rows[("node", "Method")] == 7
    assert rows[("relationship", "OUTPERFORMS")] == 2
    assert ("node", "PaperkgMeta") not in rows


@pytest.mark.parametrize("asked", ["LoRA", "lora", "Low-Rank Adaptation", "LOW-RANK ADAPTATIONS"])
def test_cites_like_matches_name_or_alias_any_case(store, asked):
    rows = rec(store, "cites-like", method=asked)
    # p1 outperforms LoRA (a claim against it); p2 "compare[s] low-rank adaptations" (a cue word) and
    # reports a result of LoRA: compares is the stronger. Equal tier and strength: p1 has more upvotes.
    assert [(r["paper"], r["relation"], r["tier"], r["strength"]) for r in rows] == [
        ("p1", "compares", 3, 3), ("p2", "compares", 3, 3)]


def test_cites_like_resolves_one_method_as_the_command_does(store):
    # "SAM" is the name of one node (p5's bare SAM) and an alias of Segment Anything Model: the name
    # step comes first, as in paperkg cites-like; each full name finds its own node.
    assert [(r["method"], r["paper"], r["relation"]) for r in rec(store, "cites-like", method="SAM")] == [
        ("SAM", "p5", "uses")]  # "Our method builds on SAM"
    rows = rec(store, "cites-like", method="Segment Anything Model")
    assert [(r["paper"], r["relation"]) for r in rows] == [("p3", "proposes")]
    rows = rec(store, "cites-like", method="sharpness aware minimization")  # letters and digits
    assert [(r["method"], r["paper"], r["relation"]) for r in rows] == [
        ("Sharpness-Aware Minimization", "p4", "uses")]  # a result of it
    assert rec(store, "cites-like", method="nothing like it") == []


def test_methods_by_papers(store):
    rows = rec(store, "methods-by-papers", limit=2)
    assert [(r["method"], r["papers"]) for r in rows] == [
        ("Low-Rank Adaptation", 2),
        ("Vision Transformers", 2),
    ]
    assert len(rec(store, "methods-by-papers")) == 7


def test_method_datasets(store):
    rows = rec(store, "method-datasets", method="FastLoRA")
    assert [(r["dataset"], r["papers"], r["claims"]) for r in rows] == [("GLUE", 1, 1)]


def test_leaderboard(store):
    rows = rec(store, "leaderboard", dataset="glue")
    assert [(r["method"], r["value"], r["metric"]) for r in rows] == [("FastLoRA", "91.2%", "Accuracy")]
    assert rec(store, "leaderboard", dataset="CIFAR-10", metric="accuracy")[0]["number"] == 98.1
    assert rec(store, "leaderboard", dataset="CIFAR-10", metric="F1") == []


def test_method_claims(store):
    rows = rec(store, "method-claims", method="LoRA")
    assert [(r["role"], r["paper"], r["value"]) for r in rows] == [
        ("achieves", "p2", "88.0"),
        ("baseline", "p1", "91.2%"),
    ]


def test_outperforms(store):
    rows = rec(store, "outperforms", method="LoRA")
    assert rows == [
        {"method": "FastLoRA", "beats": "Low-Rank Adaptation", "claims": 1, "claim_ids": ["p1#1"]}
    ]


def test_methods_used_together(store):
    pairs = {(r["method_a"], r["method_b"]) for r in rec(store, "methods-used-together")}
    assert ("FastLoRA", "Low-Rank Adaptation") in pairs and ("SAM", "Vision Transformers") in pairs
    assert ("Low-Rank Adaptation", "SAM") not in pairs


def test_papers_with_code(store):
    assert rec(store, "papers-with-code") == [
        {
            "paper": "p1",
            "title": "FastLoRA",
            "url": "https://github.com/org/fastlora",
            "host": "github.com",
            "proposes": ["FastLoRA"],
        }
    ]


def test_methods_proposed_over_time(store):
    assert [(r["year"], r["methods"]) for r in rec(store, "methods-proposed-over-time")] == [(2023, 2)]


def test_conflicting_claims(store, tmp_path):
    assert rec(store, "conflicting-claims") == []
    # a second paper reporting a different accuracy for FastLoRA on GLUE conflicts with p1
    pairs = corpus()
    rec6, ext6 = copy.deepcopy(pairs[0])
    r6 = replace(rec6, id="p6", sources=[])
    ext6.id = "p6"
    ext6.results[0] = replace(ext6.results[0], value="89.0%", number=89.0)
    with LadybugStore(tmp_path / "c.db") as s:
        s.write_graph(build_graph([*pairs[1:], pairs[0], (r6, ext6)]))
        rows = run_named(s, "conflicting-claims").records()
    assert len(rows) == 1
    assert (rows[0]["method"], rows[0]["dataset"], rows[0]["metric"]) == ("FastLoRA", "GLUE", "Accuracy")
    assert {rows[0]["value_1"], rows[0]["value_2"]} == {"91.2%", "89.0%"}


def test_paper(store):
    rows = rec(store, "paper", paper="p1")
    assert {(r["relation"], r["id"]) for r in rows} == {
        ("PROPOSES", "fastlora"),
        ("USES", "low-rank-adaptation"),
        ("EVALUATES_ON", "glue"),
        ("MEASURES", "accuracy"),
        ("REPORTS", "p1#1"),
        ("HAS_CODE", "github.com/org/fastlora"),
    }
    assert {r["id"]: r["how"] for r in rows if r["type"] == "Method"} == {
        "fastlora": None, "low-rank-adaptation": "compares"}  # proposed; "outperforming LoRA"
    assert rec(store, "paper", paper="fastlora") == rows  # by title, any case


def test_search(store):
    rows = rec(store, "search", q="lora")
    assert {(r["type"], r["id"]) for r in rows} == {
        ("Method", "fastlora"),
        ("Method", "low-rank-adaptation"),
        ("Paper", "p1"),
    }
