"""trends in memory: months from dates, zeros, undated papers, window edges, ties, best values per month.

The expected numbers are counted by hand from tests/graph/trend_graphs.py (8 months, 2023-11 to 2024-06).
"""

import pytest
from analytics_graphs import tiny_graph
from trend_graphs import NAMES, dated_graph, months_graph, undated_graph

from paperkg.graph.analytics.trends import (
    best_per_month,
    entity_trend,
    month_of,
    month_range,
    monthly_papers,
    trends,
    windows,
)

MONTHS = ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]


@pytest.fixture(scope="module")
def G():
    return months_graph()


def rows(found):
    return [(r.name, r.previous, r.last, r.growth, r.total) for r in found]


@pytest.mark.parametrize("date, month", [
    ("2024-05-17", "2024-05"), ("2024-05", "2024-05"), ("2024-12-31T10:00:00Z", "2024-12"),
    ("2024", None), ("--06-11", None), (None, None), ("", None), (2024, None), ("2024-13-01", None),
    ("2024-00", None), ("24-05-01", None),
])
def test_month_of_needs_a_year_and_a_month(date, month):
    assert month_of(date) == month


def test_month_range_is_every_month_across_years():
    assert month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_range("2024-05", "2024-05") == ["2024-05"]
    assert month_range(None, None) == [] and len(month_range("2000-01", "2025-12")) == 312


def test_windows_are_the_last_months_and_the_ones_before():
    assert windows(MONTHS, 2) == (["2024-03", "2024-04"], ["2024-05", "2024-06"])
    assert windows(MONTHS, 4) == (MONTHS[:4], MONTHS[4:])  # exactly two windows of data
    assert windows(MONTHS, 5) is None and windows([], 1) is None


def test_months_without_papers_are_zeros_and_undated_papers_are_counted_apart(G):
    s = entity_trend(G, "Method:beta")  # a2 (2024-01), a3 (2024-03), a5, a6; u2 has no year
    assert s.months == MONTHS and s.per_month == [0, 0, 1, 0, 1, 0, 1, 1]
    assert (s.total, s.undated) == (4, 1) and "1 has no month" in s.notes[0]
    monthly = monthly_papers(G, "Method")
    assert monthly.months == MONTHS
    assert monthly.counts["alpha"] == {"2023-11": 1, "2024-01": 1, "2024-04": 1}  # a4 proposes and uses: once
    assert "unused" not in monthly.counts  # no paper names it


def test_every_kind_counts_its_own_relationships(G):
    # GLUE: evaluated on by a2, proposed by a5
    assert monthly_papers(G, "Dataset").counts == {"coco": {"2023-11": 1, "2024-01": 1},
                                                   "glue": {"2024-01": 1, "2024-05": 1}}
    assert monthly_papers(G, "Metric").counts == {"acc": {"2024-05": 1, "2024-06": 1}, "ppl": {"2024-04": 1}}
    assert monthly_papers(G, "Method", ["gamma", "nope"]).counts == {"gamma": {"2024-04": 1, "2024-05": 1}}


def test_rising_and_fading_over_two_month_windows_with_ties(G):
    t = trends(G, "Method", window=2)
    assert (t.previous_window, t.last_window) == (["2024-03", "2024-04"], ["2024-05", "2024-06"])
    assert (t.papers, t.dated) == (9, 6) and t.notes == [
        "3 of 9 papers have no month (only a year, a day without a year, or no date) and are left out"]
    # growth +1 for all; beta has more papers; then names ignoring case; the two SAMs by id
    assert rows(t.rising) == [("beta", 1, 2, 1, 4), ("delta", 0, 1, 1, 1), ("eta", 0, 1, 1, 1),
                              ("SAM", 0, 1, 1, 1), ("SAM", 0, 1, 1, 1), ("Zeta", 0, 1, 1, 1)]
    assert [r.id for r in t.rising if r.name == "SAM"] == ["sam-a", "sam-b"]
    assert rows(t.fading) == [("Alpha", 1, 0, -1, 3)]  # gamma: 1 and 1, neither rising nor fading
    assert t.rising[0].per_month == [0, 0, 1, 0, 1, 0, 1, 1]
    assert [r.name for r in trends(G, "Method", window=2, limit=3).rising] == ["beta", "delta", "eta"]


def test_window_edges(G):
    # window 4: previous 2023-11..2024-02, last 2024-03..2024-06; a1 (2023-11-03) is the previous
    # window's first day, a6 (2024-06-30) the last window's last day, a3 ("2024-03") its first month
    t = trends(G, "Method", window=4)
    assert rows(t.rising)[:3] == [("beta", 1, 3, 2, 4), ("Gamma", 0, 2, 2, 2), ("delta", 0, 1, 1, 1)]
    assert rows(t.fading) == [("Alpha", 2, 1, -1, 3)]
    # window 1: 2024-05 vs 2024-06; a paper outside both windows counts only in the total
    t = trends(G, "Method", window=1)
    assert ("Gamma", 1, 0, -1, 2) in rows(t.fading) and ("beta", 1, 1, 0, 4) not in rows(t.rising + t.fading)


def test_fewer_months_than_two_windows_is_a_note_not_a_guess(G):
    t = trends(G, "Method", window=5)
    assert t.rising == [] and t.fading == [] and t.last_window == [] and t.months == MONTHS
    assert "span 8 months: fewer than 10" in t.notes[-1]


def test_no_dated_papers_degrades_to_a_note():
    H = undated_graph()
    t = trends(H, "Dataset")
    assert (t.months, t.dated, t.papers, t.rising, t.fading) == ([], 0, 9, [], [])
    assert len(t.notes) == 1 and t.notes[0].startswith("no paper has a month")
    s = entity_trend(H, "Method:alpha")
    assert (s.months, s.per_month, s.total, s.undated) == ([], [], 0, 4) and s.notes
    assert monthly_papers(H, "Method").counts == {} and best_per_month(H) == {}


def test_fading_puts_the_largest_decline_first():
    papers = {f"p{i}": ("2024-01-01", [("Method:alpha", "USES")]) for i in range(3)}
    papers |= {f"q{i}": ("2024-01-01", [("Method:beta", "USES")]) for i in range(2)}
    papers |= {"r": ("2024-02-01", [("Method:gamma", "USES")])}
    t = trends(dated_graph(papers, NAMES), "Method", window=1)
    assert rows(t.fading) == [("Alpha", 3, 0, -3, 3), ("beta", 2, 0, -2, 2)]
    assert rows(t.rising) == [("Gamma", 0, 1, 1, 1)]


def test_best_value_per_month_follows_the_metric_direction(G):
    best = best_per_month(G)
    glue = best["glue"]  # accuracy in %: 3 dated absolute results (perplexity 2, BLEU has no direction)
    assert (glue.metric, glue.unit, glue.direction, glue.results) == ("accuracy", "%", "higher", 3)
    assert [(p.month, p.value, p.results) for p in glue.points] == [("2024-01", 80.0, 1),
                                                                     ("2024-05", 85.0, 2)]
    coco = best["coco"]  # lower is better: the smaller value
    assert (coco.metric, [(p.month, p.value) for p in coco.points]) == (
        "perplexity", [("2023-11", 6.0), ("2024-01", 5.5)])
    assert best_per_month(G, ["coco"]) == {"coco": coco}


def test_tiny_graph_trends():
    t = trends(tiny_graph(), "Method", window=6)  # 2021-01..2023-06: 2023-01..06 vs 2022-07..12
    assert [r.name for r in t.rising] == ["LoRA", "Adapter", "QLoRA"] and t.fading == []
    assert len(t.months) == 30 and t.notes == []
