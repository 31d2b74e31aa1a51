"""Our NumPy PageRank against the textbook definition computed by NetworkX's own reference code."""

import networkx as nx
import numpy as np
import pytest

from paperkg.graph.analytics.pagerank import pagerank, pagerank_arrays

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


def test_index_arrays_give_the_graph_ranks():
    G = nx.karate_club_graph()
    nodes = list(G)
    u, v = (np.array([e[i] for e in G.edges()]) for i in (0, 1))
    ranks = pagerank_arrays(len(nodes) + 1, np.r_[u, 3], np.r_[v, 3])  # node 34 isolated, a self-loop
    G.add_node(34)
    expected = pagerank(G)
    assert max(abs(ranks[n] - expected[n]) for n in G) < 1e-15
    assert len(pagerank_arrays(0, u[:0], v[:0])) == 0
