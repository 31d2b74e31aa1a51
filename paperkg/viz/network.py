"""Which nodes each graph shows, and their PyVis (vis-network) data.

PyVis builds the node and edge records and holds the options; the site renders them with its
own template (PyVis's bundled one pulls CDNs), so only ``get_network_data()`` is used here.
"""

from __future__ import annotations

import copy
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from pyvis.network import Network

from paperkg.graph.schema import ENTITY_LABELS
from paperkg.viz.paths import split_key
from paperkg.viz.style import style_of
from paperkg.viz.views import Hrefs, aliases_of, label_of, name_of, paper_count

DEFAULT_LIMIT = 120  # neighbourhood graphs: enough context, still readable
LABEL_CHARS = 32

# Stabilise, then freeze: graph.js turns physics off on stabilizationIterationsDone.
OPTIONS: dict = {
    "autoResize": True,
    "nodes": {"font": {"size": 14, "face": "system-ui, -apple-system, Segoe UI, sans-serif"},
              "borderWidth": 1.5,
              # ``value`` (papers) sizes the shapes that have no label inside.
              "scaling": {"min": 8, "max": 28, "label": {"enabled": False}}},
    "edges": {"color": {"color": "#cbd5e1", "highlight": "#475569", "hover": "#64748b"},
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
              "smooth": {"enabled": True, "type": "continuous"}, "width": 1, "selectionWidth": 2},
    "physics": {"enabled": True, "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                     "springConstant": 0.05, "avoidOverlap": 0.8},
                "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 50, "fit": True}},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
    "layout": {"randomSeed": 7, "improvedLayout": True},
}
# vis-network's improved initial layout is quadratic-ish and gives up on big graphs (with a console note).
IMPROVED_LAYOUT_MAX = 100
COMPACT_OVER = 40
LABELLED = 120  # the neighbourhood cap: page graphs name every node, the overview only its busiest
OVERVIEW_LABELS = 45
LAID_OUT_ITERATIONS = 60  # browser-side polish of a layout computed in Python


@dataclass(slots=True)
class GraphData:
    nodes: list[dict]
    edges: list[dict]
    options: dict
    center: str | None = None

    def to_dict(self) -> dict:
        return {"nodes": self.nodes, "edges": self.edges, "options": self.options, "center": self.center}


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def tooltip(G: nx.MultiDiGraph, key: str) -> str:
    """Plain text (never HTML): graph.js puts it in the tooltip with textContent."""
    label = label_of(G, key)
    lines = [f"{label}: {name_of(G, key)}"]
    aliases = aliases_of(G, key)
    if aliases:
        lines.append("also: " + ", ".join(aliases[:8]))
    if label in ("Method", "Dataset", "Metric"):
        lines.append(f"papers: {paper_count(G, key)}")
    d = G.nodes[key]
    if label == "Paper" and d.get("date"):
        lines.append(f"date: {d['date']}")
    if label == "Claim":
        for prop in ("method", "metric", "dataset", "baseline"):
            if d.get(prop):
                lines.append(f"{prop}: {d[prop]}")
    return "\n".join(lines)


def initial_positions(nodes: list[str], pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """A force-directed layout computed here (NetworkX, fixed seed), so the browser starts from a
    settled picture and only polishes it: from random positions, vis-network needs seconds of
    simulation on a few hundred nodes before it draws anything."""
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(pairs)
    scale = 40.0 * max(1.0, len(nodes) ** 0.5)
    pos = nx.spring_layout(H, seed=7, iterations=40, scale=scale)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def to_graph_data(G: nx.MultiDiGraph, nodes: Iterable[str], hrefs: Hrefs,
                  center: str | None = None, labelled: int = LABELLED, layout: bool = False) -> GraphData:
    """vis-network data for ``nodes``. In graphs bigger than ``labelled`` nodes only the busiest
    ``labelled`` entities show their name (larger the busier); the others show it on hover: zoomed out
    to fit, hundreds of labels are unreadable anyway and hide the structure. ``layout``: place the
    nodes here first (:func:`initial_positions`) and let the browser run a short simulation only."""
    keep = [n for n in dict.fromkeys(nodes) if n in G]
    kept = set(keep)
    weight = {n: paper_count(G, n) if label_of(G, n) in ENTITY_LABELS else 0 for n in keep}
    top = max(weight.values(), default=1) or 1
    named = set(keep) if len(keep) <= labelled else set(sorted(keep, key=lambda n: -weight[n])[:labelled])
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u in keep:
        for _, v, d in G.out_edges(u, data=True):
            if v in kept and u != v:
                pairs[(u, v)].append(str(d.get("type") or ""))
    positions = initial_positions(keep, pairs) if layout and len(keep) > 1 else {}
    net = Network(directed=True, cdn_resources="local")
    for key in keep:
        label = label_of(G, key)
        st = style_of(label)
        options = {
            "title": tooltip(G, key), "kind": label, "shape": st.shape,
            "color": {"background": st.color, "border": st.border,
                      "highlight": {"background": st.color, "border": "#0f172a"},
                      "hover": {"background": st.color, "border": "#0f172a"}},
            "url": hrefs(key),
        }
        options["value"] = max(1, weight[key])
        if key in positions:
            options["x"], options["y"] = positions[key]
        if key == center:
            options["borderWidth"] = 3
            options["value"] = top
            options["font"] = {"size": 22}
        if len(keep) > labelled and key in named:
            options["font"] = {"size": round(16 + 14 * weight[key] / top)}
        # pyvis replaces an empty label by the id; a space draws the bare shape.
        net.add_node(key, label=_short(name_of(G, key)) if key in named else " ", **options)
    for (u, v), rels in pairs.items():
        counts = Counter(rels)
        title = ", ".join(r if c == 1 else f"{r} x{c}" for r, c in counts.items())
        net.add_edge(u, v, title=title, width=1 + min(3, len(rels) - 1))
    options = copy.deepcopy(OPTIONS)
    options["layout"]["improvedLayout"] = len(keep) <= IMPROVED_LAYOUT_MAX
    if len(keep) > COMPACT_OVER:
        # Pull a big graph together so that fitting it on screen does not shrink every label away.
        options["physics"]["forceAtlas2Based"].update({"centralGravity": 0.04, "springLength": 70})
    if positions:
        options["physics"]["stabilization"]["iterations"] = LAID_OUT_ITERATIONS
    net.options = options  # a dict: PyVis hands it back as JSON (its set_options() strips spaces)
    node_data, edge_data, _heading, _height, _width, options_json = net.get_network_data()
    return GraphData(list(node_data), list(edge_data), json.loads(options_json), center)


# --------------------------------------------------------------------------- which nodes

def _ranked(G: nx.MultiDiGraph, candidates: Iterable[str], weight: Counter) -> list[str]:
    return sorted(set(candidates), key=lambda n: (-weight[n], name_of(G, n)))


def neighbourhood(G: nx.MultiDiGraph, center: str, limit: int = DEFAULT_LIMIT) -> list[str]:
    """The center, its direct neighbours (claims folded away), then what its papers also touch."""
    label = label_of(G, center)
    first: list[str] = []
    second: Counter[str] = Counter()
    claims = []
    for n in set(G.predecessors(center)) | set(G.successors(center)):
        if label_of(G, n) == "Claim":
            claims.append(n)
        else:
            first.append(n)
    # A claim's method, dataset, metric and baseline are this node's context too.
    for c in claims:
        for n in G.successors(c):
            if n != center:
                second[n] += 2
    papers = [n for n in first if label_of(G, n) == "Paper"]
    if label != "Paper":
        for p in papers:
            for n in G.successors(p):
                if n != center and label_of(G, n) in ("Method", "Dataset", "Metric"):
                    second[n] += 1
    else:
        # A paper page shows its claims as nodes: they are what the paper says.
        first.extend(claims)
    ordered = [center, *_ranked(G, first, Counter({n: paper_count(G, n) for n in first}))]
    ordered += [n for n in _ranked(G, second, second) if n not in set(ordered)]
    return ordered[:limit]


ENTITY_SHARE = 2 / 3  # of the overview's nodes, at most this many entities; papers link them


def overview_nodes(G: nx.MultiDiGraph, max_nodes: int) -> list[str]:
    """The most connected nodes, claims folded away: entities by degree, then the papers tying them.

    Ranked by degree alone, papers (each naming many entities) would fill the picture; entities are
    what a reader scans an overview for, so they get most of the budget, and the papers that link
    the most chosen entities fill the rest.
    """
    degree: Counter[str] = Counter()
    for u, v in G.edges():
        if label_of(G, u) == "Claim" or label_of(G, v) == "Claim":
            continue
        degree[u] += 1
        degree[v] += 1

    def order(n: str) -> tuple:
        return (-degree[n], split_key(n)[0], name_of(G, n))

    entities = sorted((n for n in G.nodes if label_of(G, n) in ENTITY_LABELS), key=order)
    others = [n for n in G.nodes if label_of(G, n) not in ENTITY_LABELS and label_of(G, n) != "Claim"]
    chosen = entities[: max(1, int(max_nodes * ENTITY_SHARE))]
    picked = set(chosen)
    ties = Counter({p: sum(1 for n in G.successors(p) if n in picked) for p in others})
    rest = sorted(others, key=lambda n: (-ties[n], *order(n)))
    chosen += rest[: max_nodes - len(chosen)]
    if len(chosen) < max_nodes:  # few papers: give the room back to entities
        chosen += entities[len(picked): len(picked) + max_nodes - len(chosen)]
    return chosen[:max_nodes]


