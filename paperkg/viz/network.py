"""Which nodes each graph shows, where they go, and their PyVis (vis-network) data.

PyVis builds the node and edge records and holds the options; the site renders them with its
own template (PyVis's bundled one pulls CDNs), so only ``get_network_data()`` is used here.

A page's graph is its centre and the ``PAGE_LIMIT`` nodes most related to it (:func:`page_nodes`):
on a hub (a method named in hundreds of papers) every neighbour would be a hairball, so the page
shows the papers that say most about it and the methods, datasets and metrics named most often with
it, and says how many more there are. The layout is computed here (:func:`place`): rings around
the centre for a page (:func:`ego_positions`), a force layout for the overview, stretched to the
canvas's shape; then every node's drawn box (its label included, its width estimated from the text)
is pushed apart from the others until none overlap. The browser draws it as placed (no simulation),
so labels do not overlap at the default zoom and the page is interactive at its first frame.
"""

from __future__ import annotations

import copy
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, overload

import networkx as nx
import numpy as np
from pyvis.network import Network

from paperkg.graph.schema import ENTITY_LABELS
from paperkg.viz.page_paths import split_key
from paperkg.viz.style import style_of
from paperkg.viz.views import Hrefs, aliases_of, label_of, name_of, paper_count, paper_relations

PAGE_LIMIT = 40  # a page's graph: its centre and the 39 nodes most related to it, every one named
DEFAULT_LIMIT = PAGE_LIMIT
PAPER_SHARE = 0.4  # of a hub page's graph, papers; the rest are the entities named with it
# How much a paper says about an entity, by its strongest relation to it (+1 per result about it, up to 3);
# a USES edge by its relation, as cites-like ranks papers (compares, uses, mentions).
PAPER_WEIGHT = {"PROPOSES": 4, "EVALUATES_ON": 2, "MEASURES": 2, "USES": 1}
USES_WEIGHT = {"compares": 3, "uses": 2, "mentions": 1}
CLAIMS_COUNTED = 3
LABEL_CHARS = 32
FONT = 14  # every label of a page's graph, in pixels at the default zoom
CENTER_FONT = 20

# Drawn without a simulation when laid out here; vis-network's own physics only for layout=False.
OPTIONS: dict = {
    "autoResize": True,
    "nodes": {"font": {"size": FONT, "face": "system-ui, -apple-system, Segoe UI, sans-serif"},
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
LABELLED = PAGE_LIMIT  # page graphs name every node, the overview only its busiest
OVERVIEW_LABELS = 45

# The room a layout may fill, in canvas pixels: vis-network fits the drawing (x 1.1) into the canvas and
# never zooms in past 1, so a drawing this size shows its labels at their font size on the widest page
# (site.css: 1,140 px wide; the graph 560 px high on an entity page, 460 on a paper page). The overview
# (74% of the window's height) is drawn at about 0.8: it has 300 nodes to place.
PAGE_AREA = (1030.0, 500.0)
PAPER_AREA = (1030.0, 410.0)
OVERVIEW_AREA = (1300.0, 760.0)
# Text widths in ems per character class, as drawn in DejaVu Sans (Linux's usual default, wider than
# Segoe UI or San Francisco: an estimate too wide only leaves a little more space between labels).
NARROW = frozenset("iljtfrI.,:;'!|()[]- /")
WIDE = frozenset("mwMW@%")
EM_NARROW, EM_REGULAR, EM_WIDE = 0.36, 0.64, 0.72
BELOW = 12.0  # a label under a shape is drawn 3 + 4 px below it; its box (as vis-network reports it) 4 more
GAP = 8.0  # pixels kept between two nodes' boxes
SLACK = 5.0  # a small graph gets this many times the area of its boxes (up to the whole room)
STEPS = 20  # overlap-removal passes per round (+ 1 per 3 nodes); a round that leaves overlaps grows the room
ROUNDS = 12
GROW = 1.15  # the room's growth after a round that could not separate every pair
FLIP = 8  # passes after which a pair still overlapping tries the other axis
INNER_RING = 0.55  # a page graph's ring of nodes linked to its centre, within the outer ring (1)


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


def text_width(text: str, font: float) -> float:
    """The estimated width in pixels of ``text`` drawn at ``font`` pixels."""
    return font * sum(EM_NARROW if c in NARROW else EM_WIDE if c in WIDE or c.isupper() else EM_REGULAR
                      for c in text)


@dataclass(frozen=True, slots=True)
class Box:
    """What vis-network draws for a node, its label included: ``w`` x ``h`` pixels whose centre is
    ``dy`` below the node's position (a label under a dot or a diamond hangs below it)."""

    w: float
    h: float
    dy: float = 0.0


def node_box(text: str, font: float, shape: str, radius: float) -> Box:
    """vis-network's drawn extent of a node (measured in Chromium): a box holds its label with 11 px
    around it, an ellipse is as wide as its label plus one line and two lines high, other shapes
    (``radius`` from ``value``) carry their label below, starting up to ``BELOW`` px under them."""
    tw = text_width(text.strip(), font) if text.strip() else 4.0
    if shape == "box":
        return Box(tw + 22, font + 22)
    if shape == "ellipse":
        return Box(tw + font, 2 * font)
    return Box(max(2 * radius, tw), 2 * radius + font + BELOW, (font + BELOW) / 2)


def _sizes(values: dict[str, int], low: float, high: float) -> dict[str, float]:
    """The radius vis-network gives each node from its ``value`` (scaling.min..max, linear)."""
    lo, hi = min(values.values(), default=0), max(values.values(), default=0)
    return {k: (low + high) / 2 if hi == lo else low + (v - lo) / (hi - lo) * (high - low)
            for k, v in values.items()}


def initial_positions(nodes: list[str], pairs: Iterable[tuple[str, str]]) -> np.ndarray:
    """The structure of a graph without a centre (the overview): a force-directed layout (NetworkX,
    fixed seed), linked nodes near each other, each axis spread over [-1, 1]."""
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(pairs)
    pos = nx.spring_layout(H, seed=7, iterations=50)
    P = np.array([pos[n] for n in nodes], dtype=float)
    P /= np.abs(P).max(axis=0) + 1e-9
    return np.column_stack([_spread(P[:, 0]), _spread(P[:, 1])])


def ego_positions(nodes: list[str], pairs: Iterable[tuple[str, str]], center: str) -> np.ndarray:
    """The structure of a page's graph: rings around its centre (at the origin), the nodes linked to
    the centre on an inner ellipse, the others on an outer one, each at the mean angle of the inner
    nodes it links to. Three barycentre passes order the inner ring so that nodes linked to the same
    outer nodes sit side by side and fewer edges cross. Coordinates within [-1, 1].

    Neighbours are kept in the order the pairs give them (a dict, not a set): a mean angle summed in
    hash order differs in its last bits from one process to the next, and so would the pages."""
    links: dict[str, dict[str, None]] = defaultdict(dict)
    for u, v in pairs:
        links[u][v] = None
        links[v][u] = None
    inner = [k for k in nodes if k != center and center in links[k]]
    inside = set(inner)
    outer = [k for k in nodes if k != center and k not in inside]
    angle = _even(inner)  # an outer node linked to no inner one has none until the ring below
    for _ in range(3):
        means = {k: _mean_angle([angle[m] for m in links[k] if m in inside], angle.get(k)) for k in outer}
        angle.update({k: a for k, a in means.items() if a is not None})
        inner.sort(key=lambda k: _mean_angle([angle[k], *(angle[m] for m in links[k] if m in angle
                                                          and m not in inside)], 0.0))
        angle.update(_even(inner))
    placed = [k for k in outer if angle.get(k) is not None]
    placed.sort(key=lambda k: angle[k])
    ring = placed + [k for k in outer if angle.get(k) is None]
    if ring:  # evenly spaced in that order, turned to sit where the mean angles put them
        even = _even(ring)
        turn = _mean_angle([angle[k] - even[k] for k in placed], 0.0) if placed else 0.0
        angle.update({k: a + turn for k, a in even.items()})
    radius = {k: INNER_RING if ring else 1.0 for k in inner} | dict.fromkeys(ring, 1.0)
    return np.array([(0.0, 0.0) if k == center else
                     (radius[k] * math.cos(angle[k]), radius[k] * math.sin(angle[k])) for k in nodes])


def _pivot(nodes: list[str], pairs: list[tuple[str, str]], center: str | None) -> str | None:
    """The node the rings go around: the centre, unless all it links to is one node that links to more
    (an entity named by one paper: that paper, with the entity among what it names around it)."""
    if center not in nodes:
        return center
    links: dict[str, set[str]] = defaultdict(set)
    for u, v in pairs:
        links[u].add(v)
        links[v].add(u)
    if len(links[center]) == 1:
        (only,) = links[center]
        if len(links[only]) > 2:
            return only
    return center


def _even(keys: list[str]) -> dict[str, float]:
    """Angles spaced evenly around the circle, starting at the top (nodes at the sides have the most
    room: labels are wide)."""
    return {k: -math.pi / 2 + 2 * math.pi * i / len(keys) for i, k in enumerate(keys)}


@overload
def _mean_angle(angles: list[float], default: float) -> float: ...
@overload
def _mean_angle(angles: list[float], default: float | None) -> float | None: ...
def _mean_angle(angles: list[float], default: float | None) -> float | None:
    if not angles:
        return default
    x, y = sum(math.cos(a) for a in angles), sum(math.sin(a) for a in angles)
    return math.atan2(y, x) if abs(x) + abs(y) > 1e-9 else angles[0]


def _spread(v: np.ndarray) -> np.ndarray:
    """Half the coordinate, half its rank: the order (who is left of whom) stays, the nodes spread
    evenly, so a dense middle and a few far nodes no longer leave most of the canvas empty."""
    ranks = np.empty(len(v))
    ranks[np.argsort(v, kind="stable")] = np.arange(len(v))
    return 0.5 * v + 0.5 * (ranks / max(1, len(v) - 1) * 2 - 1)


def place(nodes: list[str], pairs: Iterable[tuple[str, str]], boxes: dict[str, Box],
          center: str | None = None, area: tuple[float, float] = PAGE_AREA) -> dict[str, tuple[float, float]]:
    """Positions (pixels) at which no two nodes' boxes overlap, the drawing filling a room of the
    canvas's shape: ``area`` for a big graph, less for a small one (``SLACK`` times its boxes' area).

    The structure (rings around ``center``, see :func:`_pivot`, else a force layout) is stretched over
    the room; then, pass after pass, each overlapping pair moves apart along its shorter way out (most
    labels are wide: mostly up or down), half each (the rings' centre stays put), inside the room. If
    a round of passes cannot separate them all, the room grows and the next round goes on: the
    picture stays readable and is only drawn a little smaller.
    """
    pairs = list(pairs)
    n = len(nodes)
    if n == 0:
        return {}
    W = np.array([boxes[k].w for k in nodes]) + GAP
    H = np.array([boxes[k].h for k in nodes]) + GAP
    D = np.array([boxes[k].dy for k in nodes])
    aspect = area[0] / area[1]
    h = min(area[1], math.sqrt(float((W * H).sum()) * SLACK / aspect))
    w, h = max(min(area[0], h * aspect), float(W.max())), max(h, float(H.max()))
    center = _pivot(nodes, pairs, center)
    if center in nodes:
        P = ego_positions(nodes, pairs, center)
    elif n > 2:
        P = initial_positions(nodes, pairs)
    else:
        P = np.array([(-1.0, 0.0), (1.0, 0.0)])[:n]
    X, Y = P[:, 0] * (w - W) / 2, P[:, 1] * (h - H) / 2 - D
    free = np.ones(n)
    if center in nodes:
        c = nodes.index(center)
        free[c], X[c], Y[c] = 0.0, 0.0, 0.0
    share = np.where(free[None, :] == 0, 1.0, 0.5) * free[:, None]  # who moves how much of an overlap
    wsum, hsum = (W[:, None] + W[None, :]) / 2, (H[:, None] + H[None, :]) / 2
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    stuck = np.zeros((n, n), dtype=int)
    for _ in range(ROUNDS):
        xs, ys = ((w - W) / 2).tolist(), ((h - H) / 2).tolist()
        for _ in range(STEPS + n // 3):
            cy = Y + D
            ox = wsum - np.abs(X[:, None] - X[None, :])
            oy = hsum - np.abs(cy[:, None] - cy[None, :])
            hit = (ox > 0) & (oy > 0) & upper
            if not hit.any():
                return _rounded(nodes, X, Y)
            stuck = np.where(hit, stuck + 1, 0)
            x, y = X.tolist(), Y.tolist()
            for i, j in zip(*np.nonzero(hit), strict=True):
                _separate(int(i), int(j), x, y, xs, ys, D, wsum, hsum, share, stuck[i, j])
            X, Y = np.array(x), np.array(y)
        w, h = w * GROW, h * GROW
    return _rounded(nodes, X, Y)


def _separate(i: int, j: int, x: list[float], y: list[float], xs: list[float], ys: list[float],
              D: np.ndarray, wsum: np.ndarray, hsum: np.ndarray, share: np.ndarray, stuck: int) -> None:
    """Move nodes ``i`` and ``j`` apart (in place) if their boxes overlap: the shorter way out, or,
    for a pair still overlapping after ``FLIP`` passes (held by its neighbours or the room's edge),
    the other way for as long; each moves its ``share``, within the room (``xs``, ``ys``)."""
    dx, dy = x[i] - x[j], (y[i] + D[i]) - (y[j] + D[j])
    ox, oy = wsum[i, j] - abs(dx), hsum[i, j] - abs(dy)
    if ox <= 0 or oy <= 0:
        return
    if (oy <= ox) != ((stuck // FLIP) % 2 == 1):
        sign = 1.0 if dy > 0 else -1.0
        y[i] = min(max(y[i] + sign * (oy + 0.5) * share[i, j], -ys[i] - D[i]), ys[i] - D[i])
        y[j] = min(max(y[j] - sign * (oy + 0.5) * share[j, i], -ys[j] - D[j]), ys[j] - D[j])
    else:
        sign = 1.0 if dx > 0 else -1.0
        x[i] = min(max(x[i] + sign * (ox + 0.5) * share[i, j], -xs[i]), xs[i])
        x[j] = min(max(x[j] - sign * (ox + 0.5) * share[j, i], -xs[j]), xs[j])


def _rounded(nodes: list[str], X: np.ndarray, Y: np.ndarray) -> dict[str, tuple[float, float]]:
    return {k: (round(float(X[i]), 1), round(float(Y[i]), 1)) for i, k in enumerate(nodes)}


def to_graph_data(G: nx.MultiDiGraph, nodes: Iterable[str], hrefs: Hrefs,
                  center: str | None = None, labelled: int = LABELLED, layout: bool = True,
                  area: tuple[float, float] = PAGE_AREA) -> GraphData:
    """vis-network data for ``nodes``. In graphs bigger than ``labelled`` nodes only the busiest
    ``labelled`` entities show their name (larger the busier); the others show it on hover.
    ``layout``: positions from :func:`place` in ``area``, drawn without a simulation; else
    vis-network's own physics lays the graph out in the browser."""
    keep = [n for n in dict.fromkeys(nodes) if n in G]
    kept = set(keep)
    weight = {n: paper_count(G, n) if label_of(G, n) in ENTITY_LABELS else 0 for n in keep}
    top = max(weight.values(), default=1) or 1
    named = set(keep) if len(keep) <= labelled else set(sorted(keep, key=lambda n: -weight[n])[:labelled])
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u in keep:
        for _, v, d in G.out_edges(u, data=True):
            if v in kept and u != v:
                rel = str(d.get("type") or "")
                how = d.get("relation") if rel == "USES" else None
                pairs[(u, v)].append(f"{rel} ({how})" if how else rel)
    values = {k: top if k == center else max(1, weight[k]) for k in keep}
    radius = _sizes(values, OPTIONS["nodes"]["scaling"]["min"], OPTIONS["nodes"]["scaling"]["max"])
    records = []
    for key in keep:
        label = label_of(G, key)
        st = style_of(label)
        text = _short(name_of(G, key)) if key in named else " "  # pyvis replaces "" by the id
        font = FONT
        if key == center:
            font = CENTER_FONT
        elif len(keep) > labelled and key in named:
            font = round(FONT + 8 * weight[key] / top)
        records.append((key, label, st, text, font))
    positions = {}
    if layout and keep:
        boxes = {key: node_box(text, font, st.shape, radius[key]) for key, _, st, text, font in records}
        positions = place(keep, list(pairs), boxes, center, area)
    net = Network(directed=True, cdn_resources="local")
    for key, label, st, text, font in records:
        options: dict[str, Any] = {
            "title": tooltip(G, key), "kind": label, "shape": st.shape,
            "color": {"background": st.color, "border": st.border,
                      "highlight": {"background": st.color, "border": "#0f172a"},
                      "hover": {"background": st.color, "border": "#0f172a"}},
            "url": hrefs(key), "value": values[key],
        }
        if key in positions:
            options["x"], options["y"] = positions[key]
        if key == center:
            options["borderWidth"] = 3
        if font != FONT:
            options["font"] = {"size": font}
        net.add_node(key, label=text, **options)
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
        options["physics"] = {"enabled": False}  # placed here: graph.js draws it as it is
        options["layout"] = {"improvedLayout": False}
    net.options = options  # a dict: PyVis hands it back as JSON (its set_options() strips spaces)
    node_data, edge_data, _heading, _height, _width, options_json = net.get_network_data()
    return GraphData(list(node_data), list(edge_data), json.loads(options_json), center)


# --------------------------------------------------------------------------- which nodes

@dataclass(slots=True)
class PageNodes:
    """A page's graph: ``nodes`` (the centre first), and of the papers and of the other nodes related
    to the centre in ``G``, how many are shown and how many there are."""

    nodes: list[str]
    papers: int = 0
    papers_total: int = 0
    others: int = 0
    others_total: int = 0

    @property
    def capped(self) -> bool:
        return self.papers < self.papers_total or self.others < self.others_total


def _ranked(G: nx.MultiDiGraph, candidates: Iterable[str], weight: Counter) -> list[str]:
    return sorted(set(candidates), key=lambda n: (-weight[n], name_of(G, n)))


def relevance(G: nx.MultiDiGraph, center: str) -> tuple[Counter, Counter]:
    """How related each paper and each entity is to an entity ``center``.

    A paper: its strongest relation to the centre (``PAPER_WEIGHT``: proposing it says most; a USES
    edge by its relation, ``USES_WEIGHT``: comparing with it says more than using it) plus one
    per result about the centre it reports (up to ``CLAIMS_COUNTED``). An entity: the centre's papers
    that name it, plus two per result linking both (a method's result on a dataset in a metric), plus
    three for a direct relation (a method it outperforms).
    """
    papers: Counter[str] = Counter()
    for p, rels in paper_relations(G, center).items():
        papers[p] = max(USES_WEIGHT.get(d.get("relation") or "", 1) if r == "USES" else PAPER_WEIGHT.get(r, 1)
                        for r, d in rels)
    entities: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    for n in set(G.predecessors(center)) | set(G.successors(center)):
        label = label_of(G, n)
        if label == "Claim":
            for m in G.successors(n):
                if m != center and label_of(G, m) in ENTITY_LABELS:
                    entities[m] += 2
            for p in G.predecessors(n):
                if label_of(G, p) == "Paper":
                    claims[p] += 1
        elif label == "Paper":
            papers[n] = max(papers[n], 1)
        else:
            entities[n] += 3
    for p, c in claims.items():
        papers[p] = max(papers[p], 1) + min(CLAIMS_COUNTED, c)
    for p in papers:
        for m in G.successors(p):
            if m != center and label_of(G, m) in ENTITY_LABELS:
                entities[m] += 1
    return papers, entities


def page_nodes(G: nx.MultiDiGraph, center: str, limit: int = PAGE_LIMIT) -> PageNodes:
    """The nodes of ``center``'s page graph: all its neighbours if they fit in ``limit``, else the most
    related (:func:`relevance`): about ``PAPER_SHARE`` of the room for the papers that say most about
    it, the rest for the entities named most often with it, papers chosen so that every entity shown
    is named by a paper shown (no node floats alone). A paper's page: its entities and results."""
    if label_of(G, center) == "Paper":
        around = _paper_neighbourhood(G, center)
        return PageNodes(around[:limit], 0, 0, min(limit, len(around)) - 1, len(around) - 1)
    papers, entities = relevance(G, center)
    room = max(0, limit - 1)
    names = {p: [m for m in G.successors(p) if m in entities] for p in papers}
    by_paper = sorted(papers, key=lambda p: (-papers[p], _desc(str(G.nodes[p].get("date") or "")),
                                             name_of(G, p)))
    by_entity = sorted(entities, key=lambda e: (-entities[e], -paper_count(G, e), name_of(G, e)))
    if len(papers) + len(entities) <= room:
        shown_p, shown_e = by_paper, by_entity
    else:
        k_p = min(len(papers), max(room - len(entities), round(room * PAPER_SHARE)))
        k_e = room - k_p
        shown_p = _cover(by_paper, papers, names, set(by_entity[:k_e]), k_p)
        direct = {n for n in entities if G.has_edge(center, n) or G.has_edge(n, center)}
        named = direct.union(*(names[p] for p in shown_p))
        shown_e = [e for e in by_entity if e in named][:k_e]
        if len(shown_p) + len(shown_e) < room:  # entities no shown paper names: more papers instead
            rest = [p for p in by_paper if p not in set(shown_p)]
            shown_p += rest[: room - len(shown_p) - len(shown_e)]
    return PageNodes([center, *shown_p, *shown_e], len(shown_p), len(papers), len(shown_e), len(entities))


def _cover(by_paper: list[str], papers: Counter, names: dict[str, list[str]], wanted: set[str],
           k: int) -> list[str]:
    """``k`` papers, one at a time: the paper saying most about the centre, two points more per wanted
    entity it names that no chosen paper names yet (ties: the ``by_paper`` order)."""
    order = {p: i for i, p in enumerate(by_paper)}
    left = set(by_paper)
    chosen: list[str] = []
    wanted = set(wanted)
    while left and len(chosen) < k:
        best = min(left, key=lambda p: (-(papers[p] + 2 * len(wanted.intersection(names[p]))), order[p]))
        chosen.append(best)
        left.discard(best)
        wanted.difference_update(names[best])
    return chosen


def _desc(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def _paper_neighbourhood(G: nx.MultiDiGraph, center: str) -> list[str]:
    """A paper, its entities (most papers first), its results and its code; then what its results name."""
    first: list[str] = []
    second: Counter[str] = Counter()
    claims: list[str] = []
    for n in set(G.predecessors(center)) | set(G.successors(center)):
        (claims if label_of(G, n) == "Claim" else first).append(n)
    for c in claims:
        for n in G.successors(c):
            if n != center:
                second[n] += 2
    first.extend(claims)  # a paper page shows its claims as nodes: they are what the paper says
    ordered = [center, *_ranked(G, first, Counter({n: paper_count(G, n) for n in first}))]
    ordered += [n for n in _ranked(G, second, second) if n not in set(ordered)]
    return ordered


def neighbourhood(G: nx.MultiDiGraph, center: str, limit: int = DEFAULT_LIMIT) -> list[str]:
    """The nodes of ``center``'s page graph (:func:`page_nodes`), the centre first."""
    return page_nodes(G, center, limit).nodes


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


