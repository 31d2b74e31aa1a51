"""Trends on the site: the monthly counts behind the charts of method and dataset pages and the rising
methods of the index, computed once per site (never per page).

:class:`TrendSource` holds them. A site written from the store gets it from
:func:`trend_source_on_store` (one aggregate per label for every page of a complete site; one statement
from each key for the few pages of a partial site); a site or page built from an in-memory graph gets it
from :func:`trend_source`. Both compute the same numbers (:mod:`paperkg.graph.analytics.trends`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from paperkg.cypher.analytics.trends_on_store import (
    best_per_month_on_store,
    monthly_papers_on_store,
    trends_on_store,
)
from paperkg.graph.analytics.answers import BestPerMonth, MonthlyPapers, Trends
from paperkg.graph.analytics.projection import key_of, split_key
from paperkg.graph.analytics.trends import best_per_month, monthly_papers, trends

CHART_LABELS = ("Method", "Dataset")  # pages with a papers-per-month chart
INDEX_WINDOW = 6  # the index's rising methods: the last 6 months of the data against the 6 before
INDEX_RISING = 10
MAX_CHART_MONTHS = 120  # a chart shows at most the last ten years of months (bars stay wide enough to hover)


@dataclass(slots=True)
class TrendSource:
    """What the charts need, for the whole site: the data's months, papers per month of each charted
    entity (node key -> {month: papers}), each dataset's best value per month and the rising methods."""

    months: list[str]
    papers: dict[str, dict[str, int]] = field(default_factory=dict)
    best: dict[str, BestPerMonth] = field(default_factory=dict)
    rising: Trends | None = None


@dataclass(slots=True)
class MonthChart:
    """One entity's papers per month, over the chart's months (zeros included)."""

    months: list[str]
    values: list[int]
    dated: int  # papers with a month (all months, also those before a capped chart's first one)
    undated: int  # its papers without a month: not in the chart
    capped: bool  # the data has more months than the chart shows (the first are left out)


@dataclass(slots=True)
class BestChart:
    """A dataset's best absolute value per month in one metric and unit (months without one: no point)."""

    months: list[str]
    series: BestPerMonth
    metric: Any  # views.Link of the metric (its page, when it has one)


def _ids(keys: Iterable[str] | None, label: str) -> list[str] | None:
    return None if keys is None else [split_key(k)[1] for k in keys if split_key(k)[0] == label]


def _source(months: list[str], monthly: Iterable[MonthlyPapers], best: dict[str, BestPerMonth],
            rising: Trends | None) -> TrendSource:
    papers = {key_of(m.label, i): per for m in monthly for i, per in m.counts.items()}
    return TrendSource(months=months, papers=papers, best={key_of("Dataset", k): v for k, v in best.items()},
                       rising=rising)


def trend_source(G: nx.MultiDiGraph, keys: Iterable[str] | None = None, rising: bool = True) -> TrendSource:
    """The trends of every charted page of ``G`` (or of the nodes ``keys``), computed in memory."""
    keys = None if keys is None else list(keys)
    monthly = [monthly_papers(G, label, _ids(keys, label)) for label in CHART_LABELS]
    best = best_per_month(G, _ids(keys, "Dataset"))
    top = trends(G, "Method", INDEX_WINDOW, INDEX_RISING) if rising else None
    return _source(monthly[0].months, monthly, best, top)


def trend_source_on_store(store: Any, keys: Iterable[str] | None = None, rising: bool = True) -> TrendSource:
    """The same, by aggregation on the store: for every page (``keys`` None) one statement per label, for
    the pages of ``keys`` one statement from each key."""
    keys = None if keys is None else list(keys)
    monthly = [monthly_papers_on_store(store, label, _ids(keys, label)) for label in CHART_LABELS]
    best = best_per_month_on_store(store, _ids(keys, "Dataset"))
    top = trends_on_store(store, "Method", INDEX_WINDOW, INDEX_RISING) if rising else None
    return _source(monthly[0].months, monthly, best, top)


def papers_chart(src: TrendSource, key: str, papers_total: int) -> MonthChart | None:
    """The chart of ``key``'s papers per month, or None when it has no paper with a month in the chart."""
    per = src.papers.get(key) or {}
    months = src.months[-MAX_CHART_MONTHS:]
    values = [int(per.get(m, 0)) for m in months]
    if not any(values):
        return None
    dated = sum(per.values())
    return MonthChart(months=months, values=values, dated=dated, undated=max(0, papers_total - dated),
                      capped=len(src.months) > len(months))


def best_chart(src: TrendSource, key: str, metric: Any) -> BestChart | None:
    """The chart of a dataset's best value per month, or None without a result in the chart's months."""
    series = src.best.get(key)
    months = src.months[-MAX_CHART_MONTHS:]
    if series is None or not months:
        return None
    shown = [p for p in series.points if p.month >= months[0]]
    if not shown:
        return None
    kept = BestPerMonth(dataset_id=series.dataset_id, metric_id=series.metric_id, metric=series.metric,
                        unit=series.unit, direction=series.direction, results=sum(p.results for p in shown),
                        points=shown)
    return BestChart(months=months, series=kept, metric=metric)
