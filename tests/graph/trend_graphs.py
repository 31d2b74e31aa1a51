"""Small hand-made dated graphs for the trends tests, in the conventions of the graph schema.

``months_graph()`` spans 2023-11 to 2024-06 (8 months; 2023-12 and 2024-02 have no paper) and has three
papers without a month (a year only, a day without a year, no date). Every expected number in the tests
can be counted by hand from ``PAPERS`` and ``CLAIMS`` below.
"""

from __future__ import annotations

import networkx as nx

from paperkg.graph.analytics.projection import key_of, split_key

NAMES = {
    "Method:alpha": "Alpha", "Method:beta": "beta", "Method:gamma": "Gamma", "Method:delta": "delta",
    "Method:zeta": "Zeta", "Method:eta": "eta", "Method:sam-a": "SAM", "Method:sam-b": "SAM",
    "Method:unused": "Unused",
    "Dataset:glue": "GLUE", "Dataset:coco": "COCO",
    "Metric:acc": "accuracy", "Metric:ppl": "perplexity", "Metric:bleu": "BLEU",
}
DIRECTIONS = {"acc": "higher", "ppl": "lower", "bleu": ""}

P, U, E, M = "PROPOSES", "USES", "EVALUATES_ON", "MEASURES"
# id: (date, [(entity key, relationship)])
PAPERS: dict[str, tuple[str | None, list[tuple[str, str]]]] = {
    "a1": ("2023-11-03", [("Method:alpha", U), ("Dataset:coco", E)]),
    "a2": ("2024-01-15", [("Method:alpha", U), ("Method:beta", U), ("Dataset:glue", E), ("Dataset:coco", E)]),
    "a3": ("2024-03", [("Method:beta", P)]),
    "a4": ("2024-04-30", [("Method:alpha", P), ("Method:alpha", U), ("Method:gamma", U), ("Metric:ppl", M)]),
    "a5": ("2024-05-01", [("Method:beta", U), ("Method:gamma", U), ("Dataset:glue", P), ("Metric:acc", M)]),
    "a6": ("2024-06-30", [("Method:beta", U), ("Method:delta", P), ("Method:zeta", U), ("Method:eta", U),
                          ("Method:sam-a", U), ("Method:sam-b", U), ("Metric:acc", M)]),
    "u1": ("2024", [("Method:alpha", U), ("Dataset:glue", E)]),
    "u2": ("--06-11", [("Method:beta", U)]),
    "u3": (None, [("Method:gamma", U)]),
}
# (paper, n, dataset, metric, kind, number, unit)
CLAIMS = [
    ("a2", 1, "glue", "acc", "absolute", 80.0, "%"),
    ("a5", 1, "glue", "acc", "absolute", 85.0, "%"),
    ("a5", 2, "glue", "acc", "absolute", 83.0, "%"),
    ("a5", 3, "glue", "acc", "improvement", 2.0, "%"),  # a delta: never a best value
    ("a6", 1, "glue", "acc", "absolute", 0.9, ""),  # another unit: another (smaller) series
    ("a4", 1, "glue", "ppl", "absolute", 5.0, ""),
    ("a4", 2, "glue", "ppl", "absolute", 4.0, ""),
    ("u1", 1, "glue", "acc", "absolute", 99.0, "%"),  # no month: left out
    ("a1", 1, "glue", "bleu", "absolute", 30.0, ""),  # unknown direction: no "best"
    ("a2", 2, "glue", "bleu", "absolute", 31.0, ""),
    ("a5", 4, "glue", "bleu", "absolute", 32.0, ""),
    ("a6", 2, "glue", "bleu", "absolute", 33.0, ""),
    ("a1", 2, "coco", "ppl", "absolute", 6.0, ""),
    ("a2", 3, "coco", "ppl", "absolute", 5.5, ""),
]


def _ev(pid: str) -> dict:
    return {"paper_id": pid, "sentence": f"{pid}: a sentence.", "field": "abstract", "start": 0, "end": 1}


def dated_graph(papers: dict[str, tuple[str | None, list[tuple[str, str]]]], names: dict[str, str],
                claims: list[tuple] = ()) -> nx.MultiDiGraph:
    """A graph of ``papers`` (id -> date and entity edges), entities named by ``names`` and ``claims``."""
    G = nx.MultiDiGraph()
    papers_of: dict[str, set[str]] = {}
    for pid, (date, edges) in papers.items():
        year = int(date[:4]) if date and date[:4].isdigit() else None
        G.add_node(key_of("Paper", pid), label="Paper", id=pid, title=f"Paper {pid}", year=year, date=date,
                   upvotes=0, abstract="", authors=[], categories=[], sources=["test"])
        for entity, rel in edges:
            papers_of.setdefault(entity, set()).add(pid)
            extra = {} if rel == P else {"mentions": 1}
            G.add_edge(key_of("Paper", pid), entity, key=rel, type=rel, **extra, **_ev(pid))
    for key, name in names.items():
        label, ident = split_key(key)
        extra = {"direction": DIRECTIONS.get(ident, "")} if label == "Metric" else {}
        G.add_node(key, label=label, id=ident, name=name, aliases=[], papers=len(papers_of.get(key, ())),
                   **extra)
    for pid, n, dataset, metric, kind, number, unit in claims:
        ck = key_of("Claim", f"{pid}#{n}")
        G.add_node(ck, label="Claim", id=f"{pid}#{n}", value=f"{number:g}{unit}", number=number, unit=unit,
                   kind=kind, method=None, dataset=names[key_of("Dataset", dataset)],
                   metric=names[key_of("Metric", metric)], baseline=None, **_ev(pid))
        G.add_edge(key_of("Paper", pid), ck, key="REPORTS", type="REPORTS")
        G.add_edge(ck, key_of("Dataset", dataset), key="ON", type="ON")
        G.add_edge(ck, key_of("Metric", metric), key="IN", type="IN")
    return G


def months_graph() -> nx.MultiDiGraph:
    return dated_graph(PAPERS, NAMES, CLAIMS)


def undated_graph() -> nx.MultiDiGraph:
    """The same papers with no month at all: a year, a day without a year or no date."""
    dates = ["2024", "--06-11", None]
    return dated_graph({pid: (dates[i % 3], edges) for i, (pid, (_, edges)) in enumerate(PAPERS.items())},
                       NAMES, CLAIMS)


def write_store(G: nx.MultiDiGraph, path):
    """``G`` written to a real LadybugDB store at ``path`` (closed; reopen read-only)."""
    from paperkg.cypher.ladybug import LadybugStore

    with LadybugStore(path) as store:
        store.write_graph(G)
    return path
