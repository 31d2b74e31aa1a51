"""Page graphs at every size: which nodes a hub's page shows, and a layout whose labels do not overlap.

The browser half (the same, measured from vis-network's drawing) is in test_browser.py.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys

import networkx as nx
import pytest
from graphs import hub_graph

from paperkg.viz import network
from paperkg.viz.network import GAP, PAGE_AREA, PAGE_LIMIT, Box, node_box, page_nodes, place, text_width
from paperkg.viz.site import write_page
from paperkg.viz.views import label_of, paper_count, site_hrefs


def overlaps(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], gap: float = 0.0) -> list:
    keys = list(pos)
    found = []
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            (xa, ya), (xb, yb) = pos[a], pos[b]
            ya, yb = ya + boxes[a].dy, yb + boxes[b].dy
            if (abs(xa - xb) < (boxes[a].w + boxes[b].w) / 2 + gap
                    and abs(ya - yb) < (boxes[a].h + boxes[b].h) / 2 + gap):
                found.append((a, b))
    return found


def random_graph(n: int, seed: int) -> tuple[list[str], list[tuple[str, str]], dict[str, Box]]:
    rnd = random.Random(seed)
    nodes = [f"n{i}" for i in range(n)]
    pairs = [("n0", k) for k in nodes[1: max(2, n // 2)]]  # the centre's own neighbours
    pairs += [(rnd.choice(nodes[1:]), rnd.choice(nodes)) for _ in range(n)] if n > 1 else []
    boxes = {k: rnd.choice([Box(rnd.uniform(60, 290), 36), Box(rnd.uniform(30, 200), 28),
                            Box(rnd.uniform(16, 120), 42, 13)]) for k in nodes}
    boxes["n0"] = Box(330, 40)
    return nodes, [(u, v) for u, v in pairs if u != v], boxes


@pytest.mark.parametrize("n, seed", [(1, 0), (2, 0), (5, 1), (12, 2), (40, 3), (40, 4), (120, 5)])
def test_place_leaves_no_two_boxes_overlapping(n, seed):
    nodes, pairs, boxes = random_graph(n, seed)
    pos = place(nodes, pairs, boxes, center="n0")
    assert set(pos) == set(nodes)
    assert pos[network._pivot(nodes, pairs, "n0")] == (0.0, 0.0)  # the rings' centre stays in the middle
    assert overlaps(pos, boxes, gap=GAP / 2 - 0.5) == []
    assert place(nodes, pairs, boxes, center="n0") == pos  # the same picture every time


def test_a_full_page_graph_fills_the_room_at_full_size():
    """40 nodes spread over the canvas's shape (wider than high) and fit it: drawn at scale 1 (no
    shrinking of the labels) or close to it."""
    nodes, pairs, boxes = random_graph(PAGE_LIMIT, 3)
    pos = place(nodes, pairs, boxes, center="n0")
    left = min(x - boxes[k].w / 2 for k, (x, _) in pos.items())
    right = max(x + boxes[k].w / 2 for k, (x, _) in pos.items())
    top = min(y + boxes[k].dy - boxes[k].h / 2 for k, (_, y) in pos.items())
    bottom = max(y + boxes[k].dy + boxes[k].h / 2 for k, (_, y) in pos.items())
    width, height = right - left, bottom - top
    assert width > 0.85 * PAGE_AREA[0] and height > 0.85 * PAGE_AREA[1]  # the canvas used, not its middle
    assert width < 1.3 * PAGE_AREA[0] and height < 1.3 * PAGE_AREA[1]  # labels at about their size


def test_an_entity_named_by_one_paper_is_drawn_around_that_paper():
    nodes, pairs = ["e", "p", "a", "b", "c"], [("p", "e"), ("p", "a"), ("p", "b"), ("p", "c")]
    pos = place(nodes, pairs, dict.fromkeys(nodes, Box(80, 28)), center="e")
    assert pos["p"] == (0.0, 0.0) and pos["e"] != (0.0, 0.0)
    assert place(nodes, [*pairs, ("e", "a")], dict.fromkeys(nodes, Box(80, 28)), center="e")["e"] == (0, 0)


def test_small_graphs_stay_compact():
    nodes, pairs, boxes = random_graph(3, 0)
    pos = place(nodes, pairs, boxes, center="n0")
    assert max(abs(x) for x, _ in pos.values()) < PAGE_AREA[0] / 2
    assert max(abs(y) for _, y in pos.values()) < PAGE_AREA[1] / 2


def test_label_boxes_follow_the_shape():
    assert text_width("AAA", 14) > text_width("aaa", 14) > text_width("iii", 14)
    paper = node_box("A Closer Look at Rehearsal-Free…", 14, "box", 8)
    assert 240 < paper.w < 300 and paper.h == 36 and paper.dy == 0  # measured in Chromium: 266 x 36
    dataset = node_box("MMLU", 14, "hexagon", 25)
    assert dataset.w == 50 and dataset.h > 50 + 14 and dataset.dy > 0  # the label hangs below the shape
    assert node_box(" ", 14, "box", 8).w < 30  # a nameless node is small


# --------------------------------------------------------------------------- which nodes

def hub(papers: int = 60) -> nx.MultiDiGraph:
    """A method named in ``papers`` papers: paper 0 proposes it, paper 1 reports two results of it,
    every paper names "common" and one of 30 rare methods."""
    G = nx.MultiDiGraph()
    G.add_node("Method:hub", label="Method", id="hub", name="Hub")
    G.add_node("Method:common", label="Method", id="common", name="Common")
    G.add_node("Dataset:bench", label="Dataset", id="bench", name="Bench")
    for i in range(30):
        G.add_node(f"Method:rare-{i}", label="Method", id=f"rare-{i}", name=f"Rare {i}")
    for i in range(papers):
        p = f"Paper:p{i}"
        G.add_node(p, label="Paper", id=f"p{i}", title=f"Paper {i}", date=f"2024-01-{1 + i % 28:02d}")
        G.add_edge(p, "Method:hub", type="PROPOSES" if i == 0 else "USES")
        G.add_edge(p, "Method:common", type="USES")
        G.add_edge(p, f"Method:rare-{i % 30}", type="USES")
    for n in (0, 1):
        c = f"Claim:p1#{n}"
        G.add_node(c, label="Claim", id=f"p1#{n}", value=f"{n}%", paper_id="p1")
        G.add_edge("Paper:p1", c, type="REPORTS")
        G.add_edge(c, "Method:hub", type="OF")
        G.add_edge(c, "Dataset:bench", type="ON")
    G.add_edge("Paper:p1", "Dataset:bench", type="EVALUATES_ON")
    return G


def test_a_hub_page_shows_its_most_related_neighbours_each_linked():
    G = hub()
    shown = page_nodes(G, "Method:hub")
    nodes = shown.nodes
    assert nodes[0] == "Method:hub" and len(nodes) == PAGE_LIMIT == len(set(nodes))
    assert shown.capped and (shown.papers_total, shown.others_total) == (60, 32)
    assert shown.papers + shown.others == PAGE_LIMIT - 1
    papers, _ = network.relevance(G, "Method:hub")
    assert papers.most_common(2) == [("Paper:p0", 4), ("Paper:p1", 3)]  # proposes it; two results of it
    assert {"Paper:p0", "Paper:p1"} <= set(nodes)
    assert {"Method:common", "Dataset:bench"} <= set(nodes)  # named in every paper; in its results
    shown_papers = {n for n in nodes if label_of(G, n) == "Paper"}
    for n in nodes[1:]:
        if label_of(G, n) != "Paper":  # every entity shown is named by a paper shown
            assert any(G.has_edge(p, n) for p in shown_papers), n


def test_a_small_neighbourhood_is_shown_whole(graph):
    shown = page_nodes(graph, "Method:lora")
    assert not shown.capped
    assert shown.nodes == network.neighbourhood(graph, "Method:lora", limit=1000)


def test_page_graph_data_is_placed_and_drawn_without_physics(graph):
    shown = page_nodes(graph, "Method:lora")
    data = network.to_graph_data(graph, shown.nodes, site_hrefs, center="Method:lora")
    assert data.options["physics"] == {"enabled": False}
    assert all("x" in n and "y" in n for n in data.nodes)
    assert all(n["label"].strip() for n in data.nodes)  # a page graph names every node
    boxes = {n["id"]: node_box(n["label"], n.get("font", {}).get("size", network.FONT), n["shape"], 8)
             for n in data.nodes}
    assert overlaps({n["id"]: (n["x"], n["y"]) for n in data.nodes}, boxes) == []


def test_hub_page_says_how_many_more_and_links_the_lists(tmp_path):
    G = hub_graph(600)
    key = max((n for n in G if label_of(G, n) == "Method"), key=lambda n: paper_count(G, n))
    html = write_page(G, key, tmp_path / "hub.html").read_text(encoding="utf-8")
    data = re.search(r'id="graph-data">(.*?)</script>', html, re.S)
    assert data and html.count('"shape":') <= PAGE_LIMIT
    note = re.search(r'<p class="graph-note" id="graph-note">(.*?)</p>', html, re.S).group(1)
    shown = page_nodes(G, key)
    more = re.search(r"and (\d+) more papers", note)
    assert more and int(more.group(1)) == paper_count(G, key) - shown.papers
    assert shown.papers == round((PAGE_LIMIT - 1) * network.PAPER_SHARE)
    assert 'href="#papers"' in note and 'href="#related"' in note
    assert 'id="papers"' in html and 'id="related"' in html


def test_a_capped_paper_graph_says_how_many_more(graph, tmp_path, monkeypatch):
    whole = page_nodes(graph, "Paper:2305.14314")
    monkeypatch.setattr(network, "page_nodes", lambda G, key: page_nodes(G, key, limit=4))
    html = write_page(graph, "Paper:2305.14314", tmp_path / "p.html").read_text(encoding="utf-8")
    note = re.search(r'<p class="graph-note" id="graph-note">(.*?)</p>', html, re.S).group(1)
    assert f"<strong>and {len(whole.nodes) - 4} more</strong>" in note
    assert len(re.findall(r'"shape":', html)) == 4


_LAYOUT_IN_A_FRESH_PROCESS = """
import json, random
from paperkg.viz.network import ego_positions
rng = random.Random(7)
nodes = ["c"] + [f"inner{i}" for i in range(12)] + [f"outer{i}" for i in range(20)]
pairs = [("c", f"inner{i}") for i in range(12)]
pairs += [(f"inner{rng.randrange(12)}", f"outer{i}") for i in range(20) for _ in range(3)]
print(json.dumps(ego_positions(nodes, pairs, "c").round(12).tolist()))
"""


def test_the_ring_layout_is_the_same_under_any_hash_seed():
    # Pages must not change between two runs of the same build: sets of node keys iterate in an
    # order that depends on PYTHONHASHSEED, so the layout may not rest on one.
    outs = {subprocess.run([sys.executable, "-c", _LAYOUT_IN_A_FRESH_PROCESS], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2, 3, 4)}
    assert len(outs) == 1
