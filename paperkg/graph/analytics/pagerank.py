"""PageRank by power iteration on NumPy arrays.

``networkx.pagerank`` needs SciPy, which paperkg does not depend on (and NetworkX's pure-Python
fallback is private); this is the same textbook measure for an undirected, unweighted graph: each node
spreads its rank evenly over its neighbours, with probability ``1 - alpha`` the walk restarts, at a node
drawn from ``personalization`` (uniform when None); isolated nodes restart too (dangling mass).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

ALPHA = 0.85
TOLERANCE = 1.0e-10
MAX_ITER = 200


def pagerank(H: nx.Graph, alpha: float = ALPHA, personalization: dict | None = None,
             tol: float = TOLERANCE, max_iter: int = MAX_ITER) -> dict:
    """{node: rank} summing to 1; stops when the L1 change per node falls below ``tol`` (or ``max_iter``)."""
    nodes = list(H)
    if not nodes:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    m = H.number_of_edges()
    u = np.fromiter((index[a] for a, _ in H.edges()), dtype=np.intp, count=m)
    v = np.fromiter((index[b] for _, b in H.edges()), dtype=np.intp, count=m)
    restart = None
    if personalization:
        restart = np.array([float(personalization.get(x, 0.0)) for x in nodes])
    rank = pagerank_arrays(len(nodes), u, v, alpha=alpha, restart=restart, tol=tol, max_iter=max_iter)
    return {x: float(rank[i]) for i, x in enumerate(nodes)}


def pagerank_arrays(n: int, u: np.ndarray, v: np.ndarray, alpha: float = ALPHA,
                    restart: np.ndarray | None = None, tol: float = TOLERANCE,
                    max_iter: int = MAX_ITER) -> np.ndarray:
    """Ranks of nodes ``0 .. n-1`` of the undirected graph whose edges are ``(u[i], v[i])``, each listed
    once (self-loops are ignored); ``restart``: unnormalised restart weights per node (uniform when None).

    The arithmetic of :func:`pagerank`, over index arrays, so a caller that streams a large graph's
    edges as integers (:mod:`~paperkg.cypher.analytics.stats_on_store`) never builds a NetworkX graph.
    Memory: the two edge arrays and one float per edge while iterating."""
    if n == 0:
        return np.zeros(0)
    u, v = np.asarray(u, dtype=np.intp), np.asarray(v, dtype=np.intp)
    keep = u != v  # a self-loop would count twice
    if not keep.all():
        u, v = u[keep], v[keep]
    degree = (np.bincount(u, minlength=n) + np.bincount(v, minlength=n)).astype(float)
    if restart is not None:
        restart = np.asarray(restart, dtype=float)
        restart = restart / restart.sum()
    else:
        restart = np.full(n, 1.0 / n)
    rank = restart.copy()
    dangling = degree == 0
    share = np.divide(1.0, degree, out=np.zeros(n), where=~dangling)
    for _ in range(max_iter):
        x = rank * share  # what each node sends along each of its edges
        spread = np.bincount(u, weights=x[v], minlength=n) + np.bincount(v, weights=x[u], minlength=n)
        new = alpha * (spread + rank[dangling].sum() * restart) + (1 - alpha) * restart
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return rank
