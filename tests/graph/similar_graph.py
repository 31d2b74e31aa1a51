"""A hand-made graph around BERT where each rule of ``similar`` decides one pair of candidates.

20 papers; BERT is named by 15 of them. Every score is ``W / 15 x s x n/(n+1) x (1 + ctx)``
(docs/analytics.md), with ``s = ln(20 / papers) / ln(20)``: 1 for one paper, .769 for two, .633 for
three, .537 for four. Times 15, the expected scores are:

- RoBERTa .769: one paper with BERT alone (W 1, n 1, s .769), and its other paper is on GLUE in
  accuracy, like BERT's (ctx 1);
- XLNet .633: one paper with BERT alone that also reports XLNet beating BERT (W 1 + 1); three papers;
- DistilBERT .5: one paper with BERT alone, its only paper;
- masked language modeling .462: a generic term (lower case) in four papers, each with BERT alone
  (W 4, n 4, s .537: 1.719), times 0.5 x .537 -- more evidence than ALBERT's, so above it;
- SpanBERT .384 (two papers naming 5 and 17 methods: W 1/2 + 1/4, n 2), then Longformer and TinyBERT
  .384 (one paper with BERT alone, one without: W 1, n 1): a tie broken by the number of papers, then
  by name; Longformer's other paper is on WikiHop in F1, which BERT does not share (ctx 0);
- ALBERT, DeBERTa, ERNIE .354: one paper naming three methods (W 1/sqrt(2)): tied, by name;
- residual connection .177: ALBERT's evidence exactly, but a generic term (x 0.5);
- ELECTRA .079: only in a survey naming 41 methods (W 1/sqrt(40)), with 39 "Survey Method NN" fillers;
  fillers 16-18 are also in SpanBERT's 5-method paper (.337), 01-15 in its 17-method one (.209).
"""

from __future__ import annotations

import networkx as nx

FILLERS = [f"f{i:02d}" for i in range(1, 40)]
METHODS = {
    "bert": "BERT", "distilbert": "DistilBERT", "electra": "ELECTRA", "roberta": "RoBERTa",
    "longformer": "Longformer", "xlnet": "XLNet", "albert": "ALBERT", "residual": "residual connection",
    "mlm": "masked language modeling", "deberta": "DeBERTa", "ernie": "ERNIE", "spanbert": "SpanBERT",
    "tinybert": "TinyBERT", **{f: f"Survey Method {f[1:]}" for f in FILLERS},
}
DATASETS = {"glue": "GLUE", "wikihop": "WikiHop"}
METRICS = {"accuracy": "accuracy", "f1": "F1"}

# paper id: (methods named, proposed method or None, datasets, metrics)
PAPERS: dict[str, tuple[list[str], str | None, list[str], list[str]]] = {
    "b1": (["bert"], "bert", ["glue"], ["accuracy"]),
    "survey": (["bert", "electra", *FILLERS], None, [], []),
    "d1": (["bert", "distilbert"], None, [], []),
    "r1": (["bert", "roberta"], None, [], []),
    "r2": (["roberta"], "roberta", ["glue"], ["accuracy"]),
    "l1": (["bert", "longformer"], None, [], []),
    "l2": (["longformer"], "longformer", ["wikihop"], ["f1"]),
    "x1": (["bert", "xlnet"], "xlnet", [], []),
    "x2": (["xlnet"], None, ["wikihop"], ["f1"]),
    "x3": (["xlnet"], None, [], []),
    "a1": (["bert", "albert", "residual"], None, [], []),
    **{f"m{i}": (["bert", "mlm"], None, [], []) for i in range(1, 5)},
    "e1": (["bert", "deberta", "ernie"], None, [], []),
    "s1": (["bert", "spanbert", *FILLERS[15:18]], None, [], []),
    "s2": (["bert", "spanbert", *FILLERS[:15]], None, [], []),
    "t1": (["bert", "tinybert"], None, [], []),
    "t2": (["tinybert"], "tinybert", [], []),
}
# XLNet beats BERT in x1: a claim of XLNet against BERT and the OUTPERFORMS edge derived from it
CLAIM = ("x1#1", "x1", "xlnet", "bert")

EXPECTED = ["RoBERTa", "XLNet", "DistilBERT", "masked language modeling", "SpanBERT", "Longformer",
            "TinyBERT", "ALBERT", "DeBERTa", "ERNIE", "Survey Method 16", "Survey Method 17",
            "Survey Method 18"]


def _ev(paper: str) -> dict:
    return {"paper_id": paper, "sentence": f"{paper}: a sentence.", "field": "abstract", "start": 0, "end": 1}


def similar_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    papers_of: dict[str, set[str]] = {}
    for pid, (methods, proposed, datasets, metrics) in PAPERS.items():
        G.add_node(f"Paper:{pid}", label="Paper", id=pid, title=f"Paper {pid}", year=2024, date="2024-01-01",
                   upvotes=0, abstract="", authors=[], categories=[], sources=["test"])
        links = [("Method", m, "PROPOSES" if m == proposed else "USES") for m in methods]
        links += [("Dataset", d, "EVALUATES_ON") for d in datasets]
        links += [("Metric", m, "MEASURES") for m in metrics]
        for label, eid, rel in links:
            papers_of.setdefault(f"{label}:{eid}", set()).add(pid)
            extra = {} if rel == "PROPOSES" else {"mentions": 1}
            G.add_edge(f"Paper:{pid}", f"{label}:{eid}", key=rel, type=rel, **extra, **_ev(pid))
    for label, table in (("Method", METHODS), ("Dataset", DATASETS), ("Metric", METRICS)):
        for eid, name in table.items():
            key = f"{label}:{eid}"
            extra = {"direction": "higher"} if label == "Metric" else {}
            G.add_node(key, label=label, id=eid, name=name, aliases=[], papers=len(papers_of.get(key, ())),
                       **extra)
    cid, pid, method, baseline = CLAIM
    G.add_node(f"Claim:{cid}", label="Claim", id=cid, value="+2.0", number=2.0, unit="points",
               kind="improvement", method=METHODS[method], dataset=None, metric=None,
               baseline=METHODS[baseline], **_ev(pid))
    G.add_edge(f"Paper:{pid}", f"Claim:{cid}", key="REPORTS", type="REPORTS")
    G.add_edge(f"Claim:{cid}", f"Method:{method}", key="OF", type="OF")
    G.add_edge(f"Claim:{cid}", f"Method:{baseline}", key="AGAINST", type="AGAINST")
    G.add_edge(f"Method:{method}", f"Method:{baseline}", key=f"OUTPERFORMS:{cid}", type="OUTPERFORMS",
               claim_id=cid, **_ev(pid))
    return G


def similar_store(path):
    """The graph written to a real LadybugDB store at ``path`` (closed)."""
    from paperkg.cypher.ladybug import LadybugStore

    store = LadybugStore(path)
    store.write_graph(similar_graph())
    store.close()
    return path
