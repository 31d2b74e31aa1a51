"""Footprints: a paper's rows hashed alike whether about to be written or read back from the store."""

from __future__ import annotations

import copy

from handmade import corpus

from paperkg.cypher.footprint import Footprint, classify, footprints, stored_footprints
from paperkg.cypher.ladybug import LadybugStore
from paperkg.cypher.ladybug.upsert import graph_rows
from paperkg.graph.build import build_graph


def test_read_back_footprints_equal_the_written_ones(tmp_path):
    g = build_graph(corpus())
    nodes, edges = graph_rows(g)
    written = footprints(nodes, edges)
    with LadybugStore(tmp_path / "k.db") as store:
        store.write_graph(g)
        stored = stored_footprints(store, [*written, "not-a-paper"])
    assert stored == written and len(written) == len(nodes["Paper"])
    # the hand-made corpus has claims and OUTPERFORMS edges: they are part of the footprints
    assert any(k[0] == "OUTPERFORMS" and rows for k, rows in edges.items())


def test_every_part_of_a_paper_moves_its_footprint():
    g = build_graph(corpus())
    nodes, edges = graph_rows(g)
    base = footprints(nodes, edges)

    def changed(edit) -> set[str]:
        n, e = copy.deepcopy(nodes), copy.deepcopy(edges)
        edit(n, e)
        after = footprints(n, e)
        return {p for p in base if after[p].digest != base[p].digest}

    paper = nodes["Paper"][0]["id"]

    def title(n, e):
        n["Paper"][0]["title"] += "!"
    assert changed(title) == {paper}

    claims = [(k, r) for k, rows in edges.items() if k[0] == "REPORTS" for r in rows]
    owner, claim = claims[0][1]["src"], claims[0][1]["dst"]

    def claim_value(n, e):
        next(r for r in n["Claim"] if r["id"] == claim)["value"] = "99.9%"
    assert changed(claim_value) == {owner}

    def claim_link(n, e):
        for k, rows in e.items():
            if k[0] in {"ON", "IN", "OF"}:
                e[k] = [r for r in rows if r["src"] != claim]
    assert changed(claim_link) <= {owner}

    def sources(n, e):
        n["Paper"][0]["sources"] = ["elsewhere.jsonl"]
    assert changed(sources) == set()  # sources are compared apart, as a growing set


def test_classify_sources_grow_once():
    fp = Footprint("d", frozenset({"a.jsonl"}))
    both = Footprint("d", frozenset({"a.jsonl", "b.jsonl"}))
    ch = classify({"x": both, "y": fp}, {"x": Footprint("d", frozenset({"b.jsonl"})),
                                         "y": Footprint("e", frozenset({"a.jsonl"})),
                                         "z": fp})
    assert (ch.added, ch.updated, ch.unchanged) == (["z"], ["y"], ["x"])
    ch = classify({"y": fp}, {"y": Footprint("d", frozenset({"c.jsonl"}))})
    assert ch.updated == ["y"]
