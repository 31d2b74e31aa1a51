"""Papers that report different numbers for the same thing."""

from __future__ import annotations

import itertools

import networkx as nx

from paperkg.graph.analytics.answers import ClaimRef, Conflict
from paperkg.graph.analytics.leaderboard import is_score
from paperkg.graph.analytics.projection import claim_paper, claim_targets, display_name, nodes_with_label

# Two numbers disagree when they differ by more than max(ABS_TOLERANCE, REL_TOLERANCE * larger magnitude):
# 0.5 absorbs rounding of scores stated to one decimal or as whole points; 1% absorbs rounding of large
# values (FPS, tokens/s, ms) where the last stated digit is in the tens.
ABS_TOLERANCE = 0.5
REL_TOLERANCE = 0.01


def disagree(x: float, y: float, abs_tol: float = ABS_TOLERANCE, rel_tol: float = REL_TOLERANCE) -> bool:
    return abs(x - y) > max(abs_tol, rel_tol * max(abs(x), abs(y)))


def conflicts(G: nx.MultiDiGraph, abs_tol: float = ABS_TOLERANCE,
              rel_tol: float = REL_TOLERANCE) -> list[Conflict]:
    """Pairs of claims from *different* papers about the same method, dataset and metric, in the same
    unit, whose numbers disagree (see :func:`disagree`). Only values a leaderboard would rank are
    compared (:func:`~paperkg.graph.analytics.leaderboard.is_score`): gains, reductions, ratios ("7x"),
    differences in points and plain numbers of a metric that has a unit ("accuracy 0.85" against
    "accuracy 85") depend on a baseline or a scale the text does not give, so they contradict nothing.
    Claims of one paper are never paired: a paper reporting several settings is not contradicting
    itself. Largest relative difference first."""
    groups: dict[tuple, list[tuple[str, dict, str]]] = {}
    for c in sorted(nodes_with_label(G, "Claim")):
        d = G.nodes[c]
        number = d.get("number")
        if isinstance(number, bool) or not isinstance(number, int | float):
            continue
        t = claim_targets(G, c)
        if not all(k in t for k in ("OF", "ON", "IN")):
            continue
        metric = G.nodes[t["IN"]]
        if not is_score(d.get("kind"), d.get("unit"), number,
                        [metric.get("name"), *(metric.get("aliases") or []), d.get("metric")]):
            continue
        paper = claim_paper(G, c)
        if paper is None:
            continue
        groups.setdefault((t["OF"], t["ON"], t["IN"], d.get("unit") or ""), []).append((c, d, paper))
    out = []
    for (m, ds, mt, unit), claims in sorted(groups.items()):
        for (c1, d1, p1), (c2, d2, p2) in itertools.combinations(claims, 2):
            x, y = float(d1["number"]), float(d2["number"])
            if p1 == p2 or not disagree(x, y, abs_tol, rel_tol):
                continue
            diff = abs(x - y)
            out.append(Conflict(
                method=display_name(G, m), dataset=display_name(G, ds), metric=display_name(G, mt), unit=unit,
                difference=round(diff, 6), relative=round(diff / max(abs(x), abs(y)), 6),
                a=_ref(G, c1, d1, p1), b=_ref(G, c2, d2, p2)))
    out.sort(key=lambda c: (-c.relative, c.method.lower(), c.a.claim_id, c.b.claim_id))
    return out


def _ref(G: nx.MultiDiGraph, claim: str, d: dict, paper: str) -> ClaimRef:
    pd = G.nodes[paper] if paper in G else {}
    return ClaimRef(claim_id=d.get("id") or claim.partition(":")[2],
                    paper_id=pd.get("id") or d.get("paper_id") or "",
                    title=pd.get("title") or "", value=d.get("value") or "", number=float(d["number"]),
                    sentence=d.get("sentence") or "")
