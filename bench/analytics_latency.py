"""Latency of the store-backed lookups (cites-like, leaderboard) on a store made by bench/graph_gen.py.

Queries a fixed sample of names (seeded): half the most popular entities (the worst case, hubs), half
drawn uniformly from all; each timing includes name resolution, as the CLI does it (cites-like with the
CLI defaults --limit 20 --related 5, leaderboard with --limit 20). Prints p50/p95/max for hubs, for the
uniform sample and for both, and the 1-minute load average before and after. ``--stats`` instead times
``paperkg stats`` as the CLI runs it, on the store (``stats_on_store``): wall and CPU time and peak RSS
(run it in its own process, as peak RSS is the process's). ``--stats-in-memory`` times the baseline
that loads the store into NetworkX and calls ``stats(G)``.

    python bench/graph_gen.py --papers 10000 --db /tmp/bench-10k.db
    python bench/analytics_latency.py --db /tmp/bench-10k.db --queries 50            # live
    python bench/analytics_latency.py --db /tmp/bench-10k.db --queries 50 --refresh  # with the index
    python bench/analytics_latency.py --db /tmp/bench-10k.db --stats
    python bench/analytics_latency.py --db /tmp/bench-10k.db --stats-in-memory
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import time
from pathlib import Path

from paperkg.cypher.analytics.lookups_on_store import (
    cites_like_on_store,
    leaderboard_on_store,
    resolve_on_store,
)
from paperkg.cypher.analytics.rankings_file import has_current_index
from paperkg.cypher.ladybug import open_store


def _sample(store, label: str, n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    rows = store.run(f"MATCH (x:{label}) RETURN x.name, x.papers ORDER BY x.papers DESC, x.id").rows
    names = [r[0] for r in rows]
    head = names[: max(1, n // 2)]
    return head, rng.sample(names, min(len(names), n - len(head)))


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


def _line(ts: list[float]) -> str:
    return f"p50 {statistics.median(ts):7.1f} ms  p95 {_pct(ts, 0.95):7.1f} ms  max {max(ts):7.1f} ms"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stats(db: Path, communities: int | None) -> int:
    """``paperkg stats`` on the store."""
    from paperkg.cypher.analytics.stats_on_store import COMMUNITY_CAP, stats_on_store

    base = _peak_mb()
    t0, c0 = time.perf_counter(), _cpu()
    with open_store(db) as store:
        papers = store.count("Paper")
        s = stats_on_store(store, community_methods=communities or COMMUNITY_CAP)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    print(f"stats (store) {papers} papers: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {_peak_mb():.0f} MB "
          f"(after imports {base:.0f} MB)")
    for note in s.notes:
        print(f"  note: {note}")
    return 0


def _stats_in_memory(db: Path) -> int:
    """The baseline: store -> NetworkX -> ``stats(G)``."""
    from paperkg.cypher.ladybug import to_networkx
    from paperkg.graph.analytics import stats

    base = _peak_mb()
    t0, c0 = time.perf_counter(), _cpu()
    with open_store(db) as store:
        papers = store.count("Paper")
        G = to_networkx(store)
    t1 = time.perf_counter()
    stats(G)
    t2, cpu = time.perf_counter(), _cpu() - c0
    print(f"stats (memory) {papers} papers: load {t1 - t0:.1f} s + stats {t2 - t1:.1f} s = {t2 - t0:.1f} s "
          f"wall, {cpu:.1f} s CPU, peak RSS {_peak_mb():.0f} MB (after imports {base:.0f} MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--stats", action="store_true", help="Time `paperkg stats` (on the store) instead.")
    ap.add_argument("--stats-in-memory", action="store_true",
                    help="Time the in-memory baseline instead: store -> NetworkX -> stats(G).")
    ap.add_argument("--communities", type=int, default=None,
                    help="With --stats: methods Louvain runs on (default COMMUNITY_CAP).")
    ap.add_argument("--refresh", action="store_true",
                    help="First (re)build the store's rankings index (refresh_rankings) and time it.")
    ap.add_argument("--hub-papers", type=int, default=None,
                    help="With --refresh: index entities with more papers than this (default HUB_PAPERS).")
    args = ap.parse_args(argv)
    print(f"load average (1 min) before: {os.getloadavg()[0]:.2f}")
    if args.refresh:
        from paperkg.cypher.analytics.rankings import refresh_rankings
        from paperkg.cypher.ladybug import LadybugStore

        with LadybugStore(args.db) as store:
            report = refresh_rankings(store, args.hub_papers)
        print(f"rankings index: {report.entries} entries, hubs {report.hubs}, "
              f"built in {report.seconds:.1f} s")
    if args.stats or args.stats_in_memory:
        if args.stats:
            _stats(args.db, args.communities)
        else:
            _stats_in_memory(args.db)
        print(f"load average (1 min) after: {os.getloadavg()[0]:.2f}")
        return 0
    rng = random.Random(args.seed)
    with open_store(args.db) as store:
        papers = store.count("Paper")
        index = "yes" if has_current_index(store) else "no"
        print(f"{args.db}: {papers} papers, rankings index: {index}")

        def cites(name: str) -> None:
            cites_like_on_store(store, resolve_on_store(store, name, "Method").id, limit=20, related=5)

        def board(name: str) -> None:
            leaderboard_on_store(store, resolve_on_store(store, name, "Dataset").id, limit=20)

        for what, fn, label in (("cites-like", cites, "Method"), ("leaderboard", board, "Dataset")):
            hubs, uniform = _sample(store, label, args.queries, rng)
            th, tu = _time(fn, hubs), _time(fn, uniform)
            print(f"{what:12s} hubs    ({len(th):3d}): {_line(th)}")
            print(f"{what:12s} uniform ({len(tu):3d}): {_line(tu)}")
            print(f"{what:12s} all     ({len(th) + len(tu):3d}): {_line(th + tu)}")
    print(f"load average (1 min) after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
