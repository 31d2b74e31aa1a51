"""Reported results on one dataset: one board per metric and unit, comparable values ranked, the rest apart.

A leaderboard is only honest if every value it ranks measures the same thing on the same scale, so a
board ranks **one metric in one unit** and only **absolute values** (a level a method reached).
Everything else a paper reports about the dataset is kept, listed apart (on the metric's board) and
labelled with its *standing* (:data:`STANDINGS`), never given a rank:

- gains and reductions (kinds ``improvement``/``reduction``): relative to a baseline in that paper,
  so a +3.1 gain is not "worse" than an 85.2 score;
- ratios (``7x`` wall-clock, ``2.0x`` FLOPs; a percentage of a plain-number metric such as FID) and
  differences in points: relative too, whatever kind the extractor gave them;
- values the extractor could not classify (kind ``other``);
- plain numbers of a metric that has units (``accuracy 0.40`` next to ``accuracy 55.89``: a fraction
  and a percentage look alike without the "%"), except for metrics whose values are plain numbers on
  one customary scale (FID, perplexity, ...);
- values with no metric at all ("<30% the number of MACs"), on a board "(metric not stated)".

Scores are ordered by the metric's ``direction`` (``higher``: descending; ``lower``: ascending) and
ranked by competition ranking (equal values share a rank: 1, 1, 3), which a Cypher ``count`` of the
strictly better values reproduces (the named query ``leaderboard``). A board is ``ranked`` only when
the direction is known and it has two scores or more: with an unknown direction the scores are listed by
value descending, and a single score is a result, not a ranking. Values are compared as stated (85%
and 0.85 are two boards, never converted). Each row keeps the claim's metric, dataset and kind as the
extractor wrote them next to the standing given here, so a reader can see both.

Which kinds and units rank, and which metrics are plain numbers, is data:
``paperkg/graph/data/leaderboard.json``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from paperkg.graph.analytics.answers import Leaderboard, LeaderRow, MetricBoard
from paperkg.graph.analytics.projection import claim_paper, claim_targets, display_name, split_key

NO_METRIC = "(metric not stated)"
# Every standing, in the order rows are listed, with the label the CLI and the site show.
STANDINGS: dict[str, str] = {
    "score": "absolute value",
    "gain": "gain over a baseline",
    "reduction": "reduction vs a baseline",
    "ratio": "ratio to another value",
    "difference": "difference in points",
    "other": "kind not classified",
    "no unit": "no unit: scale unknown",
    "no metric": "metric not stated",
}
STANDING_ORDER = {s: i for i, s in enumerate(STANDINGS)}
# Why a board has no ranking (empty when it has one).
NOTES = {
    "one": "one result: nothing to rank it against",
    "direction": "direction of the metric unknown: listed by value, not ranked",
    "none": "no absolute value to compare: nothing ranked",
    "no metric": "nothing ranked without a metric",
}
# Columns every claim row carries, in the in-memory path and in the store query alike.
ROW_FIELDS = ("claim_id", "value", "number", "unit", "kind", "c_metric", "c_dataset", "c_method", "baseline",
              "sentence", "paper_id", "title", "metric_id", "metric_name", "metric_aliases", "direction",
              "method_id", "method_name")
DIRECTIONS = ("higher", "lower")
# The shape of a stored board: the rankings index keeps boards computed at build time, and one written
# by other code or under other rules must not answer (leaderboard_on_store in
# paperkg.cypher.analytics.lookups_on_store checks board_format()).
BOARD_FORMAT = 2
_RULES_FILE = "data/leaderboard.json"


@dataclass(frozen=True, slots=True)
class BoardRules:
    """The kinds and units that decide a claim's standing (loaded from ``data/leaderboard.json``)."""

    score_kinds: frozenset[str]
    gain_kinds: frozenset[str]
    reduction_kinds: frozenset[str]
    ratio_units: frozenset[str]
    percent_units: frozenset[str]
    difference_units: frozenset[str]
    plain_number_metrics: frozenset[str]


def _rules_text() -> str:
    return resources.files("paperkg.graph").joinpath(_RULES_FILE).read_text("utf-8")


@cache
def rules() -> BoardRules:
    """The rules of ``data/leaderboard.json``, read once: domain knowledge kept out of the code so a
    unit or a metric can be added without touching it."""
    raw = json.loads(_rules_text())
    return BoardRules(**{k: frozenset(v) for k, v in raw.items() if not k.startswith("_")})


@cache
def board_format() -> str:
    """``BOARD_FORMAT`` and a digest of the rules file: a stored board answers only under the code and the
    rules that computed it (a build after editing the file writes a new index; until then, live)."""
    return f"{BOARD_FORMAT}:{hashlib.sha256(_rules_text().encode()).hexdigest()[:16]}"


def standing(kind: str | None, unit: str | None, number: float | None, metric_names: Iterable[str | None],
             has_metric: bool, board_rules: BoardRules | None = None) -> str:
    """The standing of one claim (a key of :data:`STANDINGS`); ``score`` is the only one ranked.

    The kind the extractor gave decides first (a gain stays a gain), then the unit (a ratio or a
    difference is relative, even when extracted as ``absolute``; so is a percentage of a metric whose
    values are plain numbers: "FID 35% lower" is not an FID of 35), then the metric: a value needs one
    to be compared, and a plain number needs a metric whose values are plain numbers (``metric_names``:
    the metric's name and aliases, or the claim's metric words when it has no metric node; matched
    lower-cased)."""
    r = board_rules or rules()
    unit = unit or ""
    plain = any((n or "").lower() in r.plain_number_metrics for n in metric_names)
    if number is None:
        return "other"
    if kind in r.gain_kinds:
        return "gain"
    if kind in r.reduction_kinds:
        return "reduction"
    if unit in r.ratio_units or (plain and unit in r.percent_units):
        return "ratio"
    if unit in r.difference_units:
        return "difference"
    if kind not in r.score_kinds:
        return "other"
    if not has_metric:
        return "no metric"
    if not unit and not plain:
        return "no unit"
    return "score"


def is_score(kind: str | None, unit: str | None, number: float | None,
             metric_names: Iterable[str | None]) -> bool:
    """A claim of a known metric is comparable as a level (what a leaderboard ranks and a "best value"
    may be): the same rule as :func:`standing`, for callers that only keep scores."""
    return standing(kind, unit, number, metric_names, True) == "score"


def score_params(board_rules: BoardRules | None = None) -> dict[str, list[str]]:
    """The rules as Cypher parameters (``$score_kinds``, ``$relative_units``, ``$percent_units``,
    ``$plain_number_metrics``) for statements that keep only scores of a known metric: kind in
    ``$score_kinds``, unit not in ``$relative_units``; a percentage only for a metric not in
    ``$plain_number_metrics``, a plain number only for one in it."""
    r = board_rules or rules()
    return {"score_kinds": sorted(r.score_kinds),
            "relative_units": sorted(r.ratio_units | r.difference_units),
            "percent_units": sorted(r.percent_units),
            "plain_number_metrics": sorted(r.plain_number_metrics)}


def _row(r: dict[str, Any]) -> LeaderRow:
    # the metric node's names (the claim's own words only without one), as the named query reads them
    names = [r.get("metric_name") or r.get("c_metric"), *(r.get("metric_aliases") or [])]
    has_metric = bool(r.get("metric_id") or r.get("c_metric"))
    return LeaderRow(
        claim_id=r["claim_id"], method=r.get("method_name") or r.get("c_method") or "",
        method_id=r.get("method_id"), value=r.get("value") or "", number=r.get("number"),
        unit=r.get("unit") or "", kind=r.get("kind") or "", baseline=r.get("baseline"),
        paper_id=r.get("paper_id") or "", title=r.get("title") or "", sentence=r.get("sentence") or "",
        standing=standing(r.get("kind"), r.get("unit"), r.get("number"), names, has_metric),
        rank=None, stated_metric=r.get("c_metric") or "", stated_dataset=r.get("c_dataset") or "")


def rank_scores(board: MetricBoard) -> None:
    """Order a board's scores best first and give each its competition rank when the board ranks:
    the direction is known and there are two scores or more (see the module docstring)."""
    sign = 1 if board.direction == "lower" else -1
    board.scores.sort(key=lambda x: (sign * (x.number or 0), x.paper_id, x.claim_id))
    board.apart.sort(key=lambda x: (STANDING_ORDER[x.standing], x.unit, -(x.number or 0), x.paper_id,
                                    x.claim_id))
    board.total_scores, board.total_apart = len(board.scores), len(board.apart)
    board.ranked = board.direction in DIRECTIONS and board.total_scores > 1
    if not board.metric_id and board.metric == NO_METRIC:
        board.note = NOTES["no metric"]
    elif not board.scores:
        board.note = NOTES["none"]
    elif board.total_scores == 1:
        board.note = NOTES["one"]
    elif not board.ranked:
        board.note = NOTES["direction"]
    previous, rank = None, 0
    for i, row in enumerate(board.scores, 1):
        if row.number != previous:
            previous, rank = row.number, i
        row.rank = rank if board.ranked else None


def unit_label(unit: str) -> str:
    """How a board's unit is named to a reader ('' is a plain number, not a missing value)."""
    return unit or "plain number"


def as_extracted(row: LeaderRow) -> str:
    """The claim's kind, metric and dataset as the extractor wrote them ('-' where it wrote none)."""
    return " · ".join(x or "-" for x in (row.kind, row.stated_metric, row.stated_dataset))


def build_leaderboard(dataset: str, dataset_id: str, rows: Iterable[dict[str, Any]],
                      metric_id: str | None = None, limit: int | None = None) -> Leaderboard:
    """Group claim rows (dicts with ROW_FIELDS) into boards; shared by the in-memory and store paths.

    A metric's scores make one board per unit; the rest of its claims are listed apart on its board
    with the most scores (a metric with no score gets one board of rows listed apart, ``unit`` ''), so
    a reader finds a metric's gains next to its scores. ``limit`` keeps the first rows of each board's
    scores and of its rows listed apart (``total_scores``/``total_apart`` keep the full counts, which
    order the boards)."""
    scores: dict[tuple[str, str], dict[str, list[LeaderRow]]] = {}  # metric -> unit -> score rows
    apart: dict[tuple[str, str], list[LeaderRow]] = {}
    heads: dict[tuple[str, str], dict[str, Any]] = {}  # metric -> its name, id and direction
    seen: set[str] = set()
    for r in sorted(rows, key=lambda r: (r["claim_id"], r.get("method_id") or "")):
        if r["claim_id"] in seen or (metric_id and r.get("metric_id") != metric_id):
            continue
        seen.add(r["claim_id"])
        name = r.get("metric_name") or r.get("c_metric") or NO_METRIC
        mkey = (r.get("metric_id") or "", name if not r.get("metric_id") else "")
        heads.setdefault(mkey, {"metric": name, "metric_id": r.get("metric_id"),
                                "direction": r.get("direction") or ""})
        row = _row(r)
        if row.standing == "score":
            scores.setdefault(mkey, {}).setdefault(row.unit, []).append(row)
        else:
            apart.setdefault(mkey, []).append(row)
    boards: list[MetricBoard] = []
    for mkey, head in heads.items():
        units = sorted((scores.get(mkey) or {"": []}).items(), key=lambda u: (-len(u[1]), u[0]))
        for i, (unit, rows_in_unit) in enumerate(units):
            b = MetricBoard(**head, unit=unit, ranked=False, scores=rows_in_unit,
                            apart=apart.get(mkey, []) if i == 0 else [])
            rank_scores(b)
            if limit is not None:
                b.scores, b.apart = b.scores[:limit], b.apart[:limit]
            boards.append(b)
    boards.sort(key=lambda b: (b.metric == NO_METRIC and not b.metric_id, -b.total_scores,
                               -(b.total_scores + b.total_apart), b.metric.lower(), b.metric_id or "",
                               b.unit))
    return Leaderboard(dataset=dataset, dataset_id=dataset_id, boards=boards)


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
            "c_dataset": cd.get("dataset"), "c_method": cd.get("method"), "baseline": cd.get("baseline"),
            "sentence": cd.get("sentence"), "paper_id": pd.get("id") or cd.get("paper_id"),
            "title": pd.get("title"),
            "metric_id": split_key(metric)[1] if metric else None,
            "metric_name": display_name(G, metric) if metric else None,
            "metric_aliases": list(G.nodes[metric].get("aliases") or []) if metric else [],
            "direction": G.nodes[metric].get("direction") if metric else None,
            "method_id": split_key(method)[1] if method else None,
            "method_name": display_name(G, method) if method else None,
        })
    return rows


def leaderboard(G: nx.MultiDiGraph, dataset_node: str, metric: str | None = None,
                limit: int | None = None) -> Leaderboard:
    """Claims measured on ``dataset_node``, one board per metric and unit (``metric``: a Metric key to
    keep only its boards; ``limit``: first rows of each board's scores and of its rows listed apart);
    see the module docstring for what is ranked and what is listed apart."""
    if dataset_node not in G:
        raise KeyError(dataset_node)
    metric_id = split_key(metric)[1] if metric else None
    return build_leaderboard(display_name(G, dataset_node), split_key(dataset_node)[1],
                             claim_rows(G, dataset_node), metric_id, limit)
