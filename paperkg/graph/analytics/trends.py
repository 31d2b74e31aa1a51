"""Trends over time: papers per month of each method, dataset and metric, and which are rising or fading.

The definitions, shared by the in-memory functions here and the store-side ones
(:mod:`~paperkg.cypher.analytics.trends_on_store`), which give the same answers:

* **a paper's month** is ``YYYY-MM``, the first seven characters of its ``date``, when the date starts
  with a four-digit year and a month 01-12 (``2024-05-17``, ``2024-05``; ``MONTH_PATTERN``). A paper with
  only a year (``2024``), a day without a year (``--06-11``, as listings print it) or no date has no
  month: it is left out of every monthly count and counted apart (``undated``), never given a guessed
  month;
* **the data's months** are every month from the earliest to the latest month of any paper in the graph;
  a month in between with no paper is a zero, not a gap, so windows always hold ``window`` months;
* **an entity's papers in a month** are the distinct papers of that month linked to it by PROPOSES, USES,
  EVALUATES_ON or MEASURES (:func:`~paperkg.graph.analytics.projection.entity_papers`; a paper that both
  proposes and uses a method counts once);
* **windows**: with the data's months m(1)..m(n) and a window of w months, the *last window* is
  m(n-w+1)..m(n) and the *previous window* m(n-2w+1)..m(n-w). The last month counts as it is, even if the
  data stops in the middle of it. With fewer than 2w months there is nothing to compare: rising and
  fading are empty and a note says why;
* **growth** = papers in the last window - papers in the previous window. *Rising*: growth > 0, largest
  growth first, then more papers over all months, then name (ignoring case), then id. *Fading*:
  growth < 0, largest decline first, with the same tie-breaks. An entity with as many papers in both
  windows (none in either, say) is neither.

Absolute growth favours busy entities (a method going from 40 to 60 papers rises above one going from 0
to 15); that is the question asked here ("what is talked about more"), and ``previous``/``last`` are
in every row for a reader who wants ratios.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from paperkg.graph.analytics.answers import (
    BestPerMonth,
    BestPoint,
    MonthlyPapers,
    MonthSeries,
    Trend,
    Trends,
)
from paperkg.graph.analytics.leaderboard import is_score
from paperkg.graph.analytics.projection import (
    display_name,
    entity_papers,
    label_of,
    nodes_with_label,
    split_key,
)

MONTH_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])"  # the same text in Python's re and LadybugDB's regexp_matches
_MONTH = re.compile(MONTH_PATTERN)
DEFAULT_WINDOW = 6
DEFAULT_LIMIT = 10
DIRECTIONS = ("higher", "lower")  # metrics whose best value is defined


def month_of(date: object) -> str | None:
    """``YYYY-MM`` of a paper's ``date``, or None when the date has no year and month (see the module)."""
    return date[:7] if isinstance(date, str) and _MONTH.match(date) else None


def month_range(first: str | None, last: str | None) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included; [] without both."""
    if not first or not last:
        return []
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def windows(months: list[str], window: int) -> tuple[list[str], list[str]] | None:
    """(previous window, last window) of the data's ``months``; None when they hold fewer than 2 windows."""
    if window < 1 or len(months) < 2 * window:
        return None
    return months[-2 * window:-window], months[-window:]


def trend_notes(papers: int, dated: int, months: list[str], window: int) -> list[str]:
    """What a reader must know about the counts: papers left out, windows that cannot be compared."""
    if papers and not dated:
        return [f"no paper has a month (a date starting YYYY-MM): the {papers} papers are not counted "
                "per month, so there are no trends"]
    notes = []
    if papers > dated:
        notes.append(f"{papers - dated} of {papers} papers have no month (only a year, a day without a year, "
                     "or no date) and are left out")
    if dated and windows(months, window) is None:
        span = f"{len(months)} month{'' if len(months) == 1 else 's'}"
        notes.append(f"rising and fading compare the last {window} months with the {window} before, but the "
                     f"dated papers span {span}: fewer than {2 * window}")
    return notes


def rank_trends(rows: Iterable[Trend], limit: int) -> tuple[list[Trend], list[Trend]]:
    """The first ``limit`` rising and fading rows, in the order the module docstring defines."""
    rows = list(rows)
    rising = sorted((r for r in rows if r.growth > 0), key=lambda r: (-r.growth, *_ties(r)))
    fading = sorted((r for r in rows if r.growth < 0), key=lambda r: (r.growth, *_ties(r)))
    return rising[:limit], fading[:limit]


def _ties(r: Trend) -> tuple:
    return (-r.total, r.name.lower(), r.id)


def dense(per_month: dict[str, int], months: list[str]) -> list[int]:
    return [int(per_month.get(m, 0)) for m in months]


# --------------------------------------------------------------------------- in memory


def paper_months(G: nx.MultiDiGraph) -> dict[str, str | None]:
    """Every paper's month (None: no month)."""
    return {p: month_of(G.nodes[p].get("date")) for p in nodes_with_label(G, "Paper")}


def data_months(months_of: dict[str, str | None]) -> list[str]:
    found = [m for m in months_of.values() if m]
    return month_range(min(found), max(found)) if found else []


def _per_month(G: nx.MultiDiGraph, entity: str, months_of: dict[str, str | None]) -> tuple[Counter, int]:
    """(papers per month, papers without a month) of one entity."""
    per: Counter = Counter()
    undated = 0
    for p in entity_papers(G, entity):
        month = months_of.get(p)
        if month:
            per[month] += 1
        else:
            undated += 1
    return per, undated


def monthly_papers(G: nx.MultiDiGraph, label: str, ids: Iterable[str] | None = None) -> MonthlyPapers:
    """Papers per month of every ``label`` entity (or of the entities ``ids``), sparse."""
    months_of = paper_months(G)
    keys = nodes_with_label(G, label) if ids is None else (f"{label}:{i}" for i in ids)
    counts = {}
    for key in keys:
        if key in G:
            per, _ = _per_month(G, key, months_of)
            if per:
                counts[split_key(key)[1]] = dict(sorted(per.items()))
    return MonthlyPapers(label=label, months=data_months(months_of), counts=counts)


def trends(G: nx.MultiDiGraph, label: str = "Method", window: int = DEFAULT_WINDOW,
           limit: int = DEFAULT_LIMIT) -> Trends:
    """Rising and fading ``label`` entities: papers in the last ``window`` months of the data against the
    ``window`` months before (see the module docstring for every definition)."""
    months_of = paper_months(G)
    months = data_months(months_of)
    papers, dated = len(months_of), sum(1 for m in months_of.values() if m)
    out = Trends(label=label, window=window, months=months, previous_window=[], last_window=[],
                 papers=papers, dated=dated, notes=trend_notes(papers, dated, months, window))
    found = windows(months, window)
    if found is None:
        return out
    previous, last = found
    out.previous_window, out.last_window = [previous[0], previous[-1]], [last[0], last[-1]]
    rows = []
    for key in nodes_with_label(G, label):
        per, _ = _per_month(G, key, months_of)
        a, b = sum(per[m] for m in last), sum(per[m] for m in previous)
        if a != b:
            rows.append(Trend(id=split_key(key)[1], name=display_name(G, key), previous=b, last=a,
                              growth=a - b, total=sum(per.values()), per_month=dense(per, months)))
    out.rising, out.fading = rank_trends(rows, limit)
    return out


def entity_trend(G: nx.MultiDiGraph, key: str) -> MonthSeries:
    """One entity's papers per month over the data's months, and its papers without a month."""
    months_of = paper_months(G)
    months = data_months(months_of)
    per, undated = _per_month(G, key, months_of)
    label, ident = split_key(key)
    return MonthSeries(id=ident, label=label_of(G, key), name=display_name(G, key), months=months,
                       per_month=dense(per, months), total=sum(per.values()), undated=undated,
                       notes=series_notes(sum(per.values()), undated, bool(months)))


def series_notes(total: int, undated: int, any_months: bool) -> list[str]:
    if not any_months:
        return ["no paper has a month (a date starting YYYY-MM): nothing to count per month"]
    if undated:
        what = "none has" if not total else f"{undated} {'has' if undated == 1 else 'have'}"
        return [f"of its {total + undated} papers {what} no month (only a year, a day without a year, or no "
                "date); left out"]
    return []


# --------------------------------------------------------------------------- best value per month


# (dataset id, metric id, metric name, direction, unit, month, results, highest, lowest)
BestRow = tuple[str, str, str, str, str, str, int, float, float]


def best_from_rows(rows: Iterable[BestRow]) -> dict[str, BestPerMonth]:
    """Per dataset, the series of its (metric, unit) with the most results (ties: metric name ignoring
    case, metric id, unit), each month's best value by the metric's direction. Shared by both paths."""
    groups: dict[tuple[str, str, str], list[BestRow]] = defaultdict(list)
    for r in rows:
        groups[(r[0], r[1], r[4])].append(r)
    chosen: dict[str, tuple] = {}
    for (dataset, metric, unit), rs in groups.items():
        rank = (-sum(r[6] for r in rs), rs[0][2].lower(), metric, unit)
        if dataset not in chosen or rank < chosen[dataset][0]:
            chosen[dataset] = (rank, rs)
    out = {}
    for dataset, (_, rs) in sorted(chosen.items()):
        _, metric, name, direction, unit = rs[0][:5]
        points = [BestPoint(month=r[5], value=float(r[7] if direction == "higher" else r[8]),
                            results=int(r[6])) for r in sorted(rs, key=lambda r: r[5])]
        out[dataset] = BestPerMonth(dataset_id=dataset, metric_id=metric, metric=name, unit=unit,
                                    direction=direction, results=sum(p.results for p in points),
                                    points=points)
    return out


def best_per_month(G: nx.MultiDiGraph, datasets: Iterable[str] | None = None) -> dict[str, BestPerMonth]:
    """Dataset id -> the best absolute value reported on it per month (see :func:`best_from_rows`).

    A result counts when it is reported (REPORTS) by a paper with a month, is IN a metric whose direction
    is known (higher or lower: otherwise "best" means nothing) and is a score by the leaderboard's rule
    (:func:`~paperkg.graph.analytics.leaderboard.is_score`: an absolute value with a number, not a ratio
    or a difference, a plain number only for a metric whose values are plain numbers), so the chart
    never plots a "7x" speed-up as an accuracy. Values are compared as stated, per unit (85% and 0.85
    are two series), as the leaderboard does."""
    want = None if datasets is None else set(datasets)
    cells: dict[tuple, list[float]] = defaultdict(list)
    for c, d in G.nodes(data=True):
        number = d.get("number")
        if d.get("label") != "Claim" or isinstance(number, bool) or not isinstance(number, int | float):
            continue
        ends: dict[str, list[str]] = defaultdict(list)
        for u, _, k, e in G.in_edges(c, keys=True, data=True):
            if (e.get("type") or k) == "REPORTS":
                ends["paper"].append(u)
        for _, v, k, e in G.out_edges(c, keys=True, data=True):
            ends[e.get("type") or k].append(v)
        for paper in ends["paper"]:
            month = month_of(G.nodes[paper].get("date"))
            for ds in ends["ON"]:
                ds_id = split_key(ds)[1]
                if not month or (want is not None and ds_id not in want):
                    continue
                for mt in ends["IN"]:
                    direction = G.nodes[mt].get("direction")
                    names = [display_name(G, mt), *(G.nodes[mt].get("aliases") or [])]
                    if direction in DIRECTIONS and is_score(d.get("kind"), d.get("unit"), number, names):
                        unit = str(d.get("unit") or "")
                        cells[(ds_id, split_key(mt)[1], display_name(G, mt), direction, unit, month)].append(
                            float(number))
    return best_from_rows((*k, len(v), max(v), min(v)) for k, v in cells.items())
