"""Trends computed on the store: the answers of :mod:`paperkg.graph.analytics.trends` (same definitions,
same dataclasses) without loading the graph, by Cypher aggregation in an embedded LadybugDB store.

What runs where:

* the data's months and the number of dated papers: one aggregate over the papers' dates
  (``regexp_matches`` with ``MONTH_PATTERN``, ``substring`` for ``YYYY-MM``, ``min``/``max``/``count``);
* rising and fading: one aggregate per call over the label's paper edges counts, per entity, the distinct
  papers of the last window, of the previous one and of every month, keeps the entities whose two windows
  differ, and returns them as four integer lists in one row (the driver converts integers, not records:
  the pattern of :mod:`~paperkg.cypher.analytics.stats_on_store`). NumPy keeps the candidates of the first
  ``limit`` of each list, ties at the cut included, and only those are named (by row number) and given
  their papers per month, one statement from each primary key;
* papers per month of one entity: one statement from its primary key; of every entity of a label (a
  site): one aggregate returning (id, month, papers) per entity and month with papers, never an edge;
* the best value per month on a dataset: one aggregate over the absolute results with a dated paper, per
  (dataset, metric, unit, month), then :func:`~paperkg.graph.analytics.trends.best_from_rows`.

The statements use LadybugDB's functions (``offset(id(n))``, ``regexp_matches``), as ``stats`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from paperkg.cypher.analytics.lookups_on_store import _INTO, _check_label, _records, _Runs
from paperkg.cypher.analytics.stats_on_store import _cut, nodes_at
from paperkg.graph.analytics.answers import BestPerMonth, MonthlyPapers, MonthSeries, Trend, Trends
from paperkg.graph.analytics.leaderboard import rules, score_params
from paperkg.graph.analytics.trends import (
    DEFAULT_LIMIT,
    DEFAULT_WINDOW,
    DIRECTIONS,
    MONTH_PATTERN,
    best_from_rows,
    dense,
    month_range,
    rank_trends,
    series_notes,
    trend_notes,
    windows,
)
from paperkg.util.cypher_names import cypher_list

_DATED = "regexp_matches(p.date, $pattern)"
_MONTH = f"CASE WHEN {_DATED} THEN substring(p.date, 1, 7) END"
_Q_SPAN = (f"MATCH (p:Paper) WITH {_MONTH} AS m "
           "RETURN min(m) AS first, max(m) AS last, count(m) AS dated, count(*) AS papers")
_Q_WINDOWS = (
    "MATCH (p:Paper)-[:{into}]->(e:{label}) WHERE " + _DATED + " "
    "WITH e, substring(p.date, 1, 7) AS m, offset(id(p)) AS o "
    "WITH e, count(DISTINCT CASE WHEN m >= $mid THEN o END) AS a, "
    "count(DISTINCT CASE WHEN m >= $lo AND m < $mid THEN o END) AS b, count(DISTINCT o) AS t "
    "WHERE a <> b RETURN collect(offset(id(e))) AS e, collect(a) AS a, collect(b) AS b, collect(t) AS t")
_Q_ENTITY = ("MATCH (e:{label} {{id: $id}})<-[:{into}]-(p:Paper) "
             f"WITH {_MONTH} AS m, offset(id(p)) AS o RETURN m, count(DISTINCT o) AS n")
_Q_NAME = "MATCH (e:{label} {{id: $id}}) RETURN coalesce(e.name, e.id) AS name"
_Q_MONTHLY = ("MATCH (p:Paper)-[:{into}]->(e:{label}) WHERE " + _DATED + " "
              "RETURN e.id AS id, substring(p.date, 1, 7) AS m, count(DISTINCT offset(id(p))) AS n")
# scores only, by the leaderboard's rule (leaderboard.is_score; the lists are leaderboard.score_params())
_BEST_WHERE = ("WHERE c.kind IN $score_kinds AND c.number IS NOT NULL AND mt.direction IN $directions "
               "AND NOT coalesce(c.unit, '') IN $relative_units "
               "AND CASE WHEN toLower(coalesce(mt.name, mt.id)) IN $plain_number_metrics "
               "OR any(a IN coalesce(mt.aliases, []) WHERE toLower(a) IN "
               f"{cypher_list(rules().plain_number_metrics)}) "
               "THEN NOT coalesce(c.unit, '') IN $percent_units ELSE coalesce(c.unit, '') <> '' END "
               f"AND {_DATED} "
               "RETURN d.id AS d, mt.id AS mt, coalesce(mt.name, mt.id) AS name, mt.direction AS direction, "
               "coalesce(c.unit, '') AS unit, substring(p.date, 1, 7) AS m, count(*) AS n, "
               "max(c.number) AS hi, min(c.number) AS lo")
_Q_BEST = ("MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:`ON`]->(d:Dataset), (c)-[:`IN`]->(mt:Metric) "
           + _BEST_WHERE)
_Q_BEST_OF = ("MATCH (d:Dataset {id: $id})<-[:`ON`]-(c:Claim)<-[:REPORTS]-(p:Paper) "
              "MATCH (c)-[:`IN`]->(mt:Metric) " + _BEST_WHERE)


def _run(store: _Runs, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return _records(store, cypher, pattern=MONTH_PATTERN, **params)


def month_span(store: _Runs) -> tuple[list[str], int, int]:
    """(the data's months, papers with a month, papers)."""
    rows = _run(store, _Q_SPAN)
    r: dict[str, Any] = rows[0] if rows else {"first": None, "last": None, "dated": 0, "papers": 0}
    return month_range(r["first"], r["last"]), int(r["dated"] or 0), int(r["papers"] or 0)


def _entity_months(store: _Runs, label: str, ident: str) -> tuple[dict[str, int], int]:
    """(papers per month, papers without a month) of one entity, from its primary key."""
    per, undated = {}, 0
    for r in _run(store, _Q_ENTITY.format(label=_check_label(label), into=_INTO[label]), id=ident):
        if r["m"] is None:
            undated = int(r["n"])
        else:
            per[r["m"]] = int(r["n"])
    return dict(sorted(per.items())), undated


def entity_trend_on_store(store: _Runs, label: str, ident: str) -> MonthSeries:
    """:func:`~paperkg.graph.analytics.trends.entity_trend` of ``label {id: ident}``."""
    months, _, _ = month_span(store)
    per, undated = _entity_months(store, label, ident)
    found = _records(store, _Q_NAME.format(label=_check_label(label)), id=ident)
    if not found:
        raise KeyError(ident)
    total = sum(per.values())
    return MonthSeries(id=ident, label=label, name=found[0]["name"] or ident, months=months,
                       per_month=dense(per, months), total=total, undated=undated,
                       notes=series_notes(total, undated, bool(months)))


def trends_on_store(store: _Runs, label: str = "Method", window: int = DEFAULT_WINDOW,
                    limit: int = DEFAULT_LIMIT) -> Trends:
    """:func:`~paperkg.graph.analytics.trends.trends` of the stored graph, by aggregation (see the module)."""
    label = _check_label(label)
    months, dated, papers = month_span(store)
    out = Trends(label=label, window=window, months=months, previous_window=[], last_window=[], papers=papers,
                 dated=dated, notes=trend_notes(papers, dated, months, window))
    found = windows(months, window)
    if found is None:
        return out
    previous, last = found
    out.previous_window, out.last_window = [previous[0], previous[-1]], [last[0], last[-1]]
    rows = _run(store, _Q_WINDOWS.format(into=_INTO[label], label=label), lo=previous[0], mid=last[0])
    r = rows[0] if rows else {"e": [], "a": [], "b": [], "t": []}
    ents, a, b, t = (np.asarray(r[k] or [], dtype=np.int64) for k in ("e", "a", "b", "t"))
    growth = a - b
    pick = []
    for sign in (1, -1):  # rising, then fading: the candidates of each first ``limit``, ties included
        idx = np.flatnonzero(sign * growth > 0)
        pick.extend(idx[_cut(sign * growth[idx], t[idx], limit)].tolist())
    names = nodes_at(store, label, ents[pick]) if pick else {}
    candidates = []
    for i in sorted(set(pick)):
        ident, name = names[int(ents[i])]
        candidates.append(Trend(id=ident, name=name, previous=int(b[i]), last=int(a[i]),
                                growth=int(growth[i]), total=int(t[i])))
    out.rising, out.fading = rank_trends(candidates, limit)
    for row in (*out.rising, *out.fading):
        row.per_month = dense(_entity_months(store, label, row.id)[0], months)
    return out


def monthly_papers_on_store(store: _Runs, label: str, ids: Iterable[str] | None = None) -> MonthlyPapers:
    """:func:`~paperkg.graph.analytics.trends.monthly_papers`: one aggregate for every entity of the label,
    or one statement from each key of ``ids`` (a partial site's few pages)."""
    label = _check_label(label)
    months, _, _ = month_span(store)
    counts: dict[str, dict[str, int]] = {}
    if ids is None:
        for r in _run(store, _Q_MONTHLY.format(into=_INTO[label], label=label)):
            counts.setdefault(r["id"], {})[r["m"]] = int(r["n"])
        counts = {k: dict(sorted(v.items())) for k, v in counts.items()}
    else:
        for ident in ids:
            per, _ = _entity_months(store, label, ident)
            if per:
                counts[ident] = per
    return MonthlyPapers(label=label, months=months, counts=counts)


def best_per_month_on_store(store: _Runs, datasets: Iterable[str] | None = None) -> dict[str, BestPerMonth]:
    """:func:`~paperkg.graph.analytics.trends.best_per_month`: one aggregate over every dataset's results,
    or one statement from each dataset key of ``datasets``."""
    params = {"directions": list(DIRECTIONS), **score_params()}
    if datasets is None:
        rows = _run(store, _Q_BEST, **params)
    else:
        rows = [r for ident in datasets for r in _run(store, _Q_BEST_OF, id=ident, **params)]
    return best_from_rows((r["d"], r["mt"], r["name"], r["direction"], r["unit"], r["m"], int(r["n"]),
                           float(r["hi"]), float(r["lo"])) for r in rows)
