"""Latency of the store-backed lookups (cites-like, leaderboard) on a store made by bench/graph_gen.py.

Queries a fixed sample of names (seeded): half from the most popular entities (the worst case, hubs),
half uniformly from all; each timing includes name resolution, as the CLI does it. Prints p50/p95/max.

    python bench/graph_gen.py --papers 10000 --db /tmp/bench-10k.db
    python bench/analytics_latency.py --db /tmp/bench-10k.db --queries 50
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from paperkg.cypher.store import open_store
from paperkg.graph.analytics.on_store import cites_like_on_store, leaderboard_on_store, resolve_on_store


def _sample(store, label: str, n: int, rng: random.Random) -> list[str]:
    rows = store.run(f"MATCH (x:{label}) RETURN x.name, x.papers ORDER BY x.papers DESC, x.id").rows
    names = [r[0] for r in rows]
    head = names[: max(1, n // 2)]
    return head + rng.sample(names, min(len(names), n - len(head)))


def _pct(times: list[float], q: float) -> float:
    xs = sorted(times)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def _time(fn, names: list[str]) -> list[float]:
    out = []
    for name in names:
        t = time.perf_counter()
        fn(name)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with open_store(args.db) as store:
        papers = store.count("Paper")
        methods = _sample(store, "Method", args.queries, rng)
        datasets = _sample(store, "Dataset", args.queries, rng)

        def cites(name: str) -> None:
            cites_like_on_store(store, resolve_on_store(store, name, "Method").id)

        def board(name: str) -> None:
            leaderboard_on_store(store, resolve_on_store(store, name, "Dataset").id)

        for what, fn, names in (("cites-like", cites, methods), ("leaderboard", board, datasets)):
            ts = _time(fn, names)
            print(f"{what:12s} {papers} papers, {len(ts)} queries: p50 {statistics.median(ts):.1f} ms, "
                  f"p95 {_pct(ts, 0.95):.1f} ms, max {max(ts):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
