"""Write rate of the embedded store: COPY (bulk, fresh store) vs MERGE (upsert), on a synthetic graph.

    python bench/store_write.py --papers 18000      # about 50k nodes

Prints nodes+edges per second for: COPY into an empty store, MERGE into an empty store, and MERGE of
the same graph again (the idempotent re-build path, which also deletes and rewrites each paper's edges).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from graph_gen import generate  # noqa: E402

from paperkg.cypher.store import LadybugStore  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=18_000)
    ap.add_argument("--runs", default="copy,merge,again", help="Which of copy, merge, again to time.")
    args = ap.parse_args(argv)
    g = generate(args.papers)
    items = g.number_of_nodes() + g.number_of_edges()
    print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    with tempfile.TemporaryDirectory() as tmp:
        runs = {"copy": ("COPY, fresh store", "copy", False), "merge": ("MERGE, fresh store", "merge", False),
                "again": ("MERGE, same graph again", "merge", True)}
        for name, method, again in (runs[r] for r in args.runs.split(",")):
            path = Path(tmp) / f"{method}-{again}.db"
            with LadybugStore(path) as store:
                if again:
                    store.write_graph(g, method="copy")
                t = time.perf_counter()
                store.write_graph(g, method=method)
                dt = time.perf_counter() - t
            print(f"{name:26s} {dt:7.1f} s  {items / dt:10.0f} nodes+edges/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
