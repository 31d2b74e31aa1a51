"""stats: counts, top entities, deterministic communities, rising methods."""

import pytest
from analytics_graphs import tiny_graph

from paperkg.graph.analytics import stats
from paperkg.graph.analytics.stats import communities, rising_methods


@pytest.fixture(scope="module")
def G():
    return tiny_graph()


def test_counts_by_type(G):
    s = stats(G)
    assert s.nodes == {"Claim": 8, "Dataset": 2, "Method": 7, "Metric": 3, "Paper": 9}
    assert s.edges["USES"] == 10 and s.edges["PROPOSES"] == 4 and s.edges["OUTPERFORMS"] == 2


def test_top_entities(G):
    s = stats(G)
    assert s.top_by_papers["Method"][0].name == "LoRA" and s.top_by_papers["Method"][0].papers == 6
    assert s.top_by_pagerank["Method"][0].name == "LoRA"
    assert s.top_by_papers["Dataset"][0].name == "GLUE"
    assert "Llama 2" not in {t.name for t in s.top_by_papers["Method"]}  # named by no paper
    assert len(stats(G, top=2).top_by_papers["Method"]) == 2


def test_communities_split_the_two_neighbourhoods_and_are_deterministic(G):
    first = communities(G)
    assert [set(c.members) for c in first] == [{"LoRA", "Adapter", "Transformer", "QLoRA"}, {"ResNet", "ViT"}]
    assert first[0].members[0] == "LoRA"  # most papers first
    assert all(communities(G) == first for _ in range(3))


def test_rising_methods_compare_the_last_two_years(G):
    years, rising = rising_methods(G)
    assert years == [2021, 2022, 2023]
    by_name = {r.name: r for r in rising}
    assert by_name["Adapter"].growth == 2 and by_name["LoRA"].per_year == {2021: 1, 2022: 2, 2023: 3}
    assert rising[0].name == "Adapter"
    assert "ResNet" not in by_name  # fewer papers in 2022 -> 2023 (none)


def test_no_years_is_skipped_with_a_note(G):
    H = G.copy()
    for _, d in H.nodes(data=True):
        d.pop("year", None)
    s = stats(H)
    assert s.rising == [] and s.notes
