"""Reported results on one dataset, grouped by metric, best first.

Absolute scores ("reaches 85.2% accuracy") and deltas ("improves accuracy by 3.1%") are kept apart:
a delta says how much one method beat another in that paper's setting, not where it landed, so a
+3.1 gain is not "worse" than an 85.2 score and ranking them together would be meaningless. Claims of
kind ``absolute`` are scores; ``improvement``, ``reduction`` and ``other`` (speed-ups, ratios) are deltas.
Scores are ordered by the metric's ``direction`` ('higher' is better: descending; 'lower': ascending);
when the direction is unknown they are listed by value descending but marked ``ranked=False``. Values are
compared as stated: the same metric in % in one paper and as a fraction in another is not converted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from paperkg.graph.analytics.projection import claim_paper, claim_targets, display_name, split_key
from paperkg.graph.analytics.results import Leaderboard, LeaderRow, MetricBoard

SCORE_KINDS = frozenset({"absolute"})
# Columns every claim row carries, in the in-memory path and in the store query alike.
ROW_FIELDS = ("claim_id", "value", "number", "unit", "kind", "c_metric", "c_method", "baseline", "sentence",
              "paper_id", "title", "metric_id", "metric_name", "direction", "method_id", "method_name")


def build_leaderboard(dataset: str, dataset_id: str, rows: Iterable[dict[str, Any]],
                      metric_id: str | None = None, limit: int | None = None) -> Leaderboard:
    """Group claim rows (dicts with ROW_FIELDS) into boards; shared by the in-memory and store paths.
    ``limit`` keeps the first rows of each board's scores and of its deltas (boards still ordered by
    their full size, which ``total_scores``/``total_deltas`` keep)."""
    boards: dict[tuple, MetricBoard] = {}
    seen: set[str] = set()
    for r in sorted(rows, key=lambda r: (r["claim_id"], r.get("method_id") or "")):
        if r["claim_id"] in seen or (metric_id and r.get("metric_id") != metric_id):
            continue
        seen.add(r["claim_id"])
        name = r.get("metric_name") or r.get("c_metric") or "(metric not stated)"
        group = (r.get("metric_id") or "", name if not r.get("metric_id") else "")
        direction = r.get("direction") or ""
        board = boards.setdefault(group, MetricBoard(metric=name, metric_id=r.get("metric_id"),
                                                     direction=direction,
                                                     ranked=direction in ("higher", "lower")))
        row = LeaderRow(claim_id=r["claim_id"], method=r.get("method_name") or r.get("c_method") or "",
                        method_id=r.get("method_id"), value=r.get("value") or "", number=r.get("number"),
                        unit=r.get("unit") or "", kind=r.get("kind") or "", baseline=r.get("baseline"),
                        paper_id=r.get("paper_id") or "", title=r.get("title") or "",
                        sentence=r.get("sentence") or "")
        (board.scores if row.kind in SCORE_KINDS else board.deltas).append(row)
    for b in boards.values():
        sign = 1 if b.direction == "lower" else -1
        b.scores.sort(key=lambda x: (x.number is None, sign * (x.number or 0), x.paper_id, x.claim_id))
        b.deltas.sort(key=lambda x: (x.number is None, -(x.number or 0), x.paper_id, x.claim_id))
        b.total_scores, b.total_deltas = len(b.scores), len(b.deltas)
        if limit is not None:
            b.scores, b.deltas = b.scores[:limit], b.deltas[:limit]
    ordered = sorted(boards.values(), key=lambda b: (-(b.total_scores + b.total_deltas), b.metric.lower()))
    return Leaderboard(dataset=dataset, dataset_id=dataset_id, boards=ordered)


def claim_rows(G: nx.MultiDiGraph, dataset_node: str) -> list[dict[str, Any]]:
    rows = []
    for c, _, k, d in G.in_edges(dataset_node, keys=True, data=True):
        if (d.get("type") or k) != "ON" or G.nodes[c].get("label") != "Claim":
            continue
        cd, t = G.nodes[c], claim_targets(G, c)
        paper = claim_paper(G, c)
        pd = G.nodes[paper] if paper in G else {}
        metric, method = t.get("IN"), t.get("OF")
        rows.append({
            "claim_id": cd.get("id") or split_key(c)[1], "value": cd.get("value"), "number": cd.get("number"),
            "unit": cd.get("unit"), "kind": cd.get("kind"), "c_metric": cd.get("metric"),
            "c_method": cd.get("method"), "baseline": cd.get("baseline"), "sentence": cd.get("sentence"),
            "paper_id": pd.get("id") or cd.get("paper_id"), "title": pd.get("title"),
            "metric_id": split_key(metric)[1] if metric else None,
            "metric_name": display_name(G, metric) if metric else None,
            "direction": G.nodes[metric].get("direction") if metric else None,
            "method_id": split_key(method)[1] if method else None,
            "method_name": display_name(G, method) if method else None,
        })
    return rows


def leaderboard(G: nx.MultiDiGraph, dataset_node: str, metric: str | None = None,
                limit: int | None = None) -> Leaderboard:
    """Claims measured on ``dataset_node`` grouped by metric (``metric``: a Metric key to keep only one;
    ``limit``: first rows per board part); see the module docstring for why deltas are listed apart."""
    if dataset_node not in G:
        raise KeyError(dataset_node)
    metric_id = split_key(metric)[1] if metric else None
    return build_leaderboard(display_name(G, dataset_node), split_key(dataset_node)[1],
                             claim_rows(G, dataset_node), metric_id, limit)
