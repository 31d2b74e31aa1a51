"""A tiny hand-made graph in the conventions of /docs graph notes, for the analytics tests.

Two neighbourhoods that never touch: language-model fine-tuning (LoRA, QLoRA, Adapter, Transformer on
GLUE) and vision (ResNet, ViT on ImageNet). Every expected answer in the tests can be checked by hand
from the lists below.
"""

from __future__ import annotations

import networkx as nx

METHODS = {
    "lora": ("LoRA", ["Low-Rank Adaptation"]),
    "qlora": ("QLoRA", []),
    "adapter": ("Adapter", ["Adapters"]),
    "transformer": ("Transformer", []),
    "resnet": ("ResNet", ["Residual Network"]),
    "vit": ("ViT", ["Vision Transformer"]),
    "llama-2": ("Llama 2", []),
}
DATASETS = {"glue": ("GLUE", []), "imagenet": ("ImageNet", ["ImageNet-1k"])}
METRICS = {"accuracy": ("accuracy", [], "higher"), "top-1-accuracy": ("top-1 accuracy", [], "higher"),
           "error-rate": ("error rate", [], "lower")}

# id: (title, year, date, upvotes, {method: mentions or "P" for proposes}, datasets, metrics)
PAPERS = {
    "p1": ("LoRA: Low-Rank Adaptation of Large Language Models", 2021, "2021-06-17", 50,
           {"lora": "P", "transformer": 1}, ["glue"], ["accuracy"]),
    "p2": ("QLoRA: Efficient Finetuning of Quantized LLMs", 2023, "2023-05-23", 40,
           {"qlora": "P", "lora": 3}, ["glue"], ["accuracy"]),
    "p3": ("A Study of Adapters", 2023, "2023-02-01", 5, {"lora": 1, "adapter": 2}, ["glue"], ["accuracy"]),
    "p4": ("Fine-tuning Notes", 2022, "2022-03-01", 5, {"lora": 2, "transformer": 1}, [], []),
    "p5": ("More Fine-tuning Notes", 2022, "2022-04-01", 10, {"lora": 2}, [], []),
    "p6": ("Adapters on GLUE", 2023, "2023-03-01", 1, {"adapter": 1}, ["glue"], ["accuracy"]),
    "p7": ("Deep Residual Learning", 2021, "2021-01-01", 30, {"resnet": "P"}, ["imagenet"],
           ["top-1-accuracy", "error-rate"]),
    "p8": ("An Image is Worth 16x16 Words", 2022, "2022-01-01", 30, {"vit": "P", "resnet": 1}, ["imagenet"],
           ["top-1-accuracy", "error-rate"]),
    "p9": ("Replicating LoRA", 2023, "2023-06-01", 2, {"lora": 2}, ["glue"], ["accuracy"]),
}

# (paper, n, method, dataset, metric, baseline, kind, value, number, unit)
CLAIMS = [
    ("p1", 1, "lora", "glue", "accuracy", None, "absolute", "88.5%", 88.5, "%"),
    ("p2", 1, "qlora", "glue", "accuracy", "lora", "improvement", "2.0%", 2.0, "%"),
    ("p3", 1, "lora", "glue", "accuracy", None, "absolute", "86.0%", 86.0, "%"),
    ("p9", 1, "lora", "glue", "accuracy", None, "absolute", "88.4%", 88.4, "%"),
    ("p7", 1, "resnet", "imagenet", "top-1-accuracy", None, "absolute", "76.0%", 76.0, "%"),
    ("p7", 2, "resnet", "imagenet", "error-rate", None, "absolute", "24.0%", 24.0, "%"),
    ("p8", 1, "vit", "imagenet", "top-1-accuracy", "resnet", "absolute", "85.0%", 85.0, "%"),
    ("p8", 2, "vit", "imagenet", "error-rate", None, "absolute", "15.0%", 15.0, "%"),
]


def sentence(paper: str, what: str) -> str:
    return f"{paper}: sentence about {what}."


def _ev(paper: str, what: str) -> dict:
    return {"paper_id": paper, "sentence": sentence(paper, what), "field": "abstract", "start": 0, "end": 1}


def tiny_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    papers_of: dict[str, set[str]] = {}
    for pid, (title, year, date, upvotes, methods, datasets, metrics) in PAPERS.items():
        G.add_node(f"Paper:{pid}", label="Paper", id=pid, title=title, year=year, date=date, upvotes=upvotes,
                   abstract="", authors=[], categories=[], sources=["test"])
        for mid, how in methods.items():
            papers_of.setdefault(f"Method:{mid}", set()).add(pid)
            if how == "P":
                G.add_edge(f"Paper:{pid}", f"Method:{mid}", key="PROPOSES", type="PROPOSES", **_ev(pid, mid))
            else:
                G.add_edge(f"Paper:{pid}", f"Method:{mid}", key="USES", type="USES", mentions=how,
                           **_ev(pid, mid))
        for did in datasets:
            papers_of.setdefault(f"Dataset:{did}", set()).add(pid)
            G.add_edge(f"Paper:{pid}", f"Dataset:{did}", key="EVALUATES_ON", type="EVALUATES_ON", mentions=1,
                       **_ev(pid, did))
        for mt in metrics:
            papers_of.setdefault(f"Metric:{mt}", set()).add(pid)
            G.add_edge(f"Paper:{pid}", f"Metric:{mt}", key="MEASURES", type="MEASURES", mentions=1,
                       **_ev(pid, mt))
    for label, table in (("Method", METHODS), ("Dataset", DATASETS), ("Metric", METRICS)):
        for eid, (name, aliases, *rest) in table.items():
            key = f"{label}:{eid}"
            extra = {"direction": rest[0]} if rest else {}
            G.add_node(key, label=label, id=eid, name=name, aliases=aliases,
                       papers=len(papers_of.get(key, ())), **extra)
    for pid, n, method, dataset, metric, baseline, kind, value, number, unit in CLAIMS:
        cid = f"{pid}#{n}"
        ck = f"Claim:{cid}"
        G.add_node(ck, label="Claim", id=cid, value=value, number=number, unit=unit, kind=kind,
                   method=METHODS[method][0], dataset=DATASETS[dataset][0], metric=METRICS[metric][0],
                   baseline=METHODS[baseline][0] if baseline else None, **_ev(pid, f"claim {n}"))
        G.add_edge(f"Paper:{pid}", ck, key="REPORTS", type="REPORTS")
        G.add_edge(ck, f"Method:{method}", key="OF", type="OF")
        G.add_edge(ck, f"Dataset:{dataset}", key="ON", type="ON")
        G.add_edge(ck, f"Metric:{metric}", key="IN", type="IN")
        if baseline:
            G.add_edge(ck, f"Method:{baseline}", key="AGAINST", type="AGAINST")
            G.add_edge(f"Method:{method}", f"Method:{baseline}", key=f"OUTPERFORMS:{cid}", type="OUTPERFORMS",
                       claim_id=cid, **_ev(pid, f"claim {n}"))
    return G


def tiny_store(path):
    """The tiny graph written to a real LadybugDB store at ``path`` (closed; reopen read-only)."""
    from paperkg.cypher.ladybug import LadybugStore

    store = LadybugStore(path)
    store.write_graph(tiny_graph())
    store.close()
    return path
