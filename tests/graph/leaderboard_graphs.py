"""A hand-made graph for the leaderboard rules: one dataset ("Bench") with a claim for every case.

Every expected answer of tests/graph/test_analytics_leaderboard.py, tests/cli/test_leaderboard_cli.py and
tests/cypher/analytics/test_lookups_on_store.py can be checked by hand from CLAIMS: which values are
ranked (absolute, one metric, one unit), which are listed apart and why (gains, reductions, ratios,
differences, unclassified kinds, plain numbers of a metric with units, no metric), ties, a board of one,
a metric of unknown direction, two units of one metric. "Solo" has more ratios than scores, for the
best-value-per-month chart.
"""

from __future__ import annotations

import networkx as nx

METHODS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
DATASETS = {"bench": ("Bench", ["BENCH-1k"]), "other": ("Other", []), "solo": ("Solo", [])}
# id: (name, aliases, direction)
METRICS = {
    "accuracy": ("accuracy", ["acc"], "higher"),
    "error-rate": ("error rate", [], "lower"),
    "latency": ("latency", [], "lower"),
    "coverage": ("coverage", [], ""),
    "quality-score": ("quality score", [], ""),
    "fid": ("FID", ["Frechet Inception Distance"], "lower"),
    "flops": ("FLOPs", [], "lower"),
}
PAPERS = {f"q{i}": f"2024-0{i}-15" for i in range(1, 9)}

# (paper, n, method, dataset, metric or None, kind, value, number, unit, baseline, stated metric,
#  stated dataset); stated metric / dataset: the claim's own words where they differ from the node's name
CLAIMS = [
    ("q1", 1, "alpha", "bench", "accuracy", "absolute", "80.0%", 80.0, "%", None, None, None),
    ("q2", 1, "beta", "bench", "accuracy", "absolute", "90.0%", 90.0, "%", None, "top-1 acc", "BENCH-1k"),
    ("q3", 1, "gamma", "bench", "accuracy", "absolute", "90.0%", 90.0, "%", None, None, None),
    ("q4", 1, "delta", "bench", "accuracy", "improvement", "5.0%", 5.0, "%", "alpha", None, None),
    ("q4", 2, "delta", "bench", "accuracy", "absolute", "7x", 7.0, "x", None, None, None),
    ("q5", 1, "epsilon", "bench", "accuracy", "absolute", "2.0 points", 2.0, "points", None, None, None),
    ("q5", 2, "epsilon", "bench", "accuracy", "absolute", "0.95", 0.95, "", None, None, None),
    ("q6", 1, "zeta", "bench", "accuracy", "other", "60%", 60.0, "%", None, None, None),
    ("q1", 2, "alpha", "bench", "error-rate", "absolute", "12.0%", 12.0, "%", None, None, None),
    ("q2", 2, "beta", "bench", "error-rate", "absolute", "8.0%", 8.0, "%", None, None, None),
    ("q3", 2, "gamma", "bench", "latency", "absolute", "12 ms", 12.0, "ms", None, None, None),
    ("q6", 2, "zeta", "bench", "latency", "absolute", "0.5 s", 0.5, "s", None, None, None),
    ("q7", 1, "eta", "bench", "latency", "reduction", "30%", 30.0, "%", None, None, None),
    ("q7", 2, "eta", "bench", "coverage", "absolute", "5%", 5.0, "%", None, None, None),
    ("q1", 3, "alpha", "bench", "quality-score", "absolute", "3.0%", 3.0, "%", None, None, None),
    ("q2", 3, "beta", "bench", "quality-score", "absolute", "4.0%", 4.0, "%", None, None, None),
    ("q3", 3, "gamma", "bench", "fid", "absolute", "2.1", 2.1, "", None, None, None),
    ("q4", 3, "delta", "bench", "fid", "absolute", "1.8", 1.8, "", None, None, None),
    ("q8", 1, "theta", "bench", "fid", "absolute", "35%", 35.0, "%", None, None, None),
    ("q8", 2, "theta", "bench", "flops", "other", "2.0x", 2.0, "x", None, None, None),
    ("q8", 3, "theta", "bench", "flops", "reduction", "7.1x", 7.1, "x", None, None, None),
    ("q6", 3, "zeta", "bench", None, "absolute", "30%", 30.0, "%", None, None, None),
    ("q7", 3, "eta", "bench", None, "improvement", "13%", 13.0, "%", None, None, None),
    ("q1", 4, "alpha", "other", "accuracy", "absolute", "99.0%", 99.0, "%", None, None, None),
    ("q5", 3, "epsilon", "solo", "latency", "absolute", "3x", 3.0, "x", None, None, None),
    ("q6", 4, "zeta", "solo", "latency", "absolute", "4x", 4.0, "x", None, None, None),
    ("q7", 4, "eta", "solo", "latency", "absolute", "20 ms", 20.0, "ms", None, None, None),
]


def sentence(paper: str, n: int, value: str) -> str:
    return f"{paper}: claim {n} reports {value} here."


def board_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    abstracts = {pid: " ".join(sentence(c[0], c[1], c[6]) for c in CLAIMS if c[0] == pid) for pid in PAPERS}
    for pid, date in PAPERS.items():
        G.add_node(f"Paper:{pid}", label="Paper", id=pid, title=f"Paper {pid}", year=2024, date=date,
                   upvotes=0, abstract=abstracts[pid], authors=[], categories=[], sources=["test"])
    for mid in METHODS:
        G.add_node(f"Method:{mid}", label="Method", id=mid, name=mid.capitalize(), aliases=[], papers=1)
    for did, (name, aliases) in DATASETS.items():
        G.add_node(f"Dataset:{did}", label="Dataset", id=did, name=name, aliases=aliases, papers=1)
    for mid, (name, aliases, direction) in METRICS.items():
        G.add_node(f"Metric:{mid}", label="Metric", id=mid, name=name, aliases=aliases, direction=direction,
                   papers=1)
    for claim in CLAIMS:
        pid, n, method, dataset, metric, kind, value, number, unit, baseline, said_metric, said_ds = claim
        cid, text = f"{pid}#{n}", sentence(pid, n, value)
        ck = f"Claim:{cid}"
        start = abstracts[pid].index(text) + text.index(value)  # offsets in the abstract, as extracted
        G.add_node(ck, label="Claim", id=cid, value=value, number=number, unit=unit, kind=kind,
                   method=method.capitalize(), dataset=said_ds or DATASETS[dataset][0],
                   metric=said_metric or (METRICS[metric][0] if metric else None),
                   baseline=baseline.capitalize() if baseline else None,
                   paper_id=pid, sentence=text, field="abstract", start=start, end=start + len(value))
        G.add_edge(f"Paper:{pid}", ck, key="REPORTS", type="REPORTS")
        G.add_edge(ck, f"Method:{method}", key="OF", type="OF")
        G.add_edge(ck, f"Dataset:{dataset}", key="ON", type="ON")
        G.add_edge(f"Paper:{pid}", f"Dataset:{dataset}", key="EVALUATES_ON", type="EVALUATES_ON", mentions=1,
                   paper_id=pid, sentence=text, field="abstract", start=0, end=1)
        if metric:
            G.add_edge(ck, f"Metric:{metric}", key="IN", type="IN")
        if baseline:
            G.add_edge(ck, f"Method:{baseline}", key="AGAINST", type="AGAINST")
    return G


def board_store(path, rankings: bool = False):
    """The graph written to a LadybugDB store at ``path`` (closed); ``rankings``: with a rankings index
    that precomputes every dataset's board, so the indexed path is the one read."""
    from paperkg.cypher.analytics.rankings import refresh_rankings
    from paperkg.cypher.ladybug import LadybugStore

    with LadybugStore(path) as store:
        store.write_graph(board_graph())
        if rankings:
            refresh_rankings(store, hub_papers=0)
    return path
