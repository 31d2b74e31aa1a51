"""A synthetic paperkg graph of any size, in the graph conventions, for timing the analytics.

Shape (a caricature of ML literature, fixed by ``--seed``): method, dataset and metric popularity
follow Zipf-like laws (a few hubs such as "Transformer" or "accuracy", a long tail); each paper names
3-8 methods, 1-3 datasets and 1-3 metrics, proposes a new method 30% of the time, and reports 0-3
claims (60% absolute, 40% improvement) of one of its methods on one of its datasets and metrics.

    python bench/graph_gen.py --papers 10000 --db /tmp/bench-10k.db
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import networkx as nx

EVIDENCE = {"field": "abstract", "start": 0, "end": 10}


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


def generate(papers: int, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    n_methods, n_datasets, n_metrics = max(20, papers // 5), max(10, papers // 50), 60
    G = nx.MultiDiGraph()
    methods = [f"method-{i}" for i in range(n_methods)]
    datasets = [f"dataset-{i}" for i in range(n_datasets)]
    metrics = [f"metric-{i}" for i in range(n_metrics)]
    for label, ids in (("Method", methods), ("Dataset", datasets), ("Metric", metrics)):
        for i in ids:
            extra = {"direction": rng.choice(("higher", "higher", "lower", ""))} if label == "Metric" else {}
            G.add_node(f"{label}:{i}", label=label, id=i, name=i.replace("-", " ").title().replace(" ", "-"),
                       aliases=[i.upper()], papers=0, **extra)
    mw, dw, tw = _zipf_weights(n_methods), _zipf_weights(n_datasets), _zipf_weights(n_metrics)
    papers_of: dict[str, int] = {}
    for n in range(papers):
        pid = f"{2000 + n // 1000}.{n % 1000:05d}"
        pk = f"Paper:{pid}"
        year = 2019 + rng.randrange(6)
        G.add_node(pk, label="Paper", id=pid, title=f"Synthetic paper {n}", year=year, date=f"{year}-06-01",
                   upvotes=rng.randrange(100), sources=["synthetic"])
        ms = set(rng.choices(methods, mw, k=rng.randint(3, 8)))
        ds = set(rng.choices(datasets, dw, k=rng.randint(1, 3)))
        ts = set(rng.choices(metrics, tw, k=rng.randint(1, 3)))
        proposed = rng.choice(methods[n_methods // 2:]) if rng.random() < 0.3 else None
        if proposed:
            ms.add(proposed)
        sent = f"Sentence of paper {n}."
        for m in sorted(ms):
            rel = "PROPOSES" if m == proposed else "USES"
            extra = {} if rel == "PROPOSES" else {"mentions": rng.randint(1, 4)}
            G.add_edge(pk, f"Method:{m}", key=rel, type=rel, paper_id=pid, sentence=sent, **EVIDENCE, **extra)
        for rel, label, group in (("EVALUATES_ON", "Dataset", ds), ("MEASURES", "Metric", ts)):
            for e in sorted(group):
                G.add_edge(pk, f"{label}:{e}", key=rel, type=rel, paper_id=pid, sentence=sent, mentions=1,
                           **EVIDENCE)
        for e in [*(f"Method:{m}" for m in ms), *(f"Dataset:{d}" for d in ds), *(f"Metric:{t}" for t in ts)]:
            papers_of[e] = papers_of.get(e, 0) + 1
        for c in range(1, rng.randint(0, 3) + 1):
            cid = f"{pid}#{c}"
            ck = f"Claim:{cid}"
            m, d, t = rng.choice(sorted(ms)), rng.choice(sorted(ds)), rng.choice(sorted(ts))
            kind = "absolute" if rng.random() < 0.6 else "improvement"
            number = round(rng.uniform(40, 95) if kind == "absolute" else rng.uniform(0.5, 10), 1)
            G.add_node(ck, label="Claim", id=cid, value=f"{number}%", number=number, unit="%", kind=kind,
                       method=m, dataset=d, metric=t, baseline=None, paper_id=pid, sentence=sent, **EVIDENCE)
            G.add_edge(pk, ck, key="REPORTS", type="REPORTS")
            for rel, target in (("OF", f"Method:{m}"), ("ON", f"Dataset:{d}"), ("IN", f"Metric:{t}")):
                G.add_edge(ck, target, key=rel, type=rel)
            others = sorted(ms - {m})
            if kind == "improvement" and others:
                base = rng.choice(others)
                G.add_edge(ck, f"Method:{base}", key="AGAINST", type="AGAINST")
                G.add_edge(f"Method:{m}", f"Method:{base}", key=f"OUTPERFORMS:{cid}", type="OUTPERFORMS",
                           claim_id=cid, paper_id=pid, sentence=sent, **EVIDENCE)
    for key, count in papers_of.items():
        G.nodes[key]["papers"] = count
    G.remove_nodes_from([n for n, d in list(G.nodes(data=True))
                         if d["label"] in ("Method", "Dataset", "Metric") and not d.get("papers")])
    return G


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, required=True, help="Store to create (must not exist).")
    args = ap.parse_args(argv)
    if args.db.exists():
        print(f"{args.db} exists; give a new path", file=sys.stderr)
        return 1
    from paperkg.cypher.store import LadybugStore

    t0 = time.perf_counter()
    G = generate(args.papers, args.seed)
    t1 = time.perf_counter()
    with LadybugStore(args.db) as store:
        store.write_graph(G)
    t2 = time.perf_counter()
    print(f"{args.papers} papers: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
          f"generated in {t1 - t0:.1f}s, stored in {t2 - t1:.1f}s -> {args.db}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
