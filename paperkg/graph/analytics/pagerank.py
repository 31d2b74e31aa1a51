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
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    # both directions of every undirected edge
    src = np.fromiter((index[x] for u, v in H.edges() for x in (u, v)), dtype=np.int64)
    dst = np.fromiter((index[x] for u, v in H.edges() for x in (v, u)), dtype=np.int64)
    keep = src != dst  # a self-loop would count twice
    src, dst = src[keep], dst[keep]
    degree = np.bincount(src, minlength=n).astype(float)
    if personalization:
        restart = np.array([float(personalization.get(v, 0.0)) for v in nodes])
        restart /= restart.sum()
    else:
        restart = np.full(n, 1.0 / n)
    rank = restart.copy()
    dangling = degree == 0
    share = np.divide(1.0, degree, out=np.zeros(n), where=~dangling)
    for _ in range(max_iter):
        spread = np.bincount(dst, weights=rank[src] * share[src], minlength=n)
        new = alpha * (spread + rank[dangling].sum() * restart) + (1 - alpha) * restart
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return {v: float(rank[i]) for i, v in enumerate(nodes)}
