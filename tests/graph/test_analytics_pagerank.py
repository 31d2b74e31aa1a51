"""Our NumPy PageRank against the textbook definition computed by NetworkX's own reference code."""

import networkx as nx
import pytest

from paperkg.graph.analytics.pagerank import pagerank

_reference = nx.algorithms.link_analysis.pagerank_alg._pagerank_python


@pytest.mark.parametrize("personal", [None, {0: 1.0}, {0: 1.0, 33: 3.0}])
def test_matches_reference_on_karate_club(personal):
    G = nx.karate_club_graph()
    G.add_node("isolated")
    ours = pagerank(G, personalization=personal)
    ref = _reference(G, weight=None, personalization=personal, tol=1e-12)
    assert max(abs(ours[k] - ref[k]) for k in G) < 1e-8
    assert sum(ours.values()) == pytest.approx(1.0)


def test_rank_falls_with_distance_from_the_restart_node():
    ranks = pagerank(nx.path_graph(6), personalization={5: 1.0})
    assert ranks[4] > ranks[3] > ranks[2] > ranks[1] > ranks[0]


def test_empty_graph():
    assert pagerank(nx.Graph()) == {}
