"""Write paths of the embedded store, timed in one process so the ratios hold on a busy machine.

Synthetic graph (``--papers``): COPY into an empty store vs MERGE, and MERGE of the same graph again.

    python bench/store_write.py --papers 18000      # about 50k nodes

Real parts (``--parts DIR``, as kept by ``paperkg build --parts DIR``): the loader's ways of writing
them, each in a fresh child process so its peak RSS is its own:

* ``bulk``: a new store, every batch streamed to CSV and one COPY per table (the new-store path);
* ``batches``: a new store, first batch by COPY, later ones MERGE nodes and COPY edges (the former path);
* ``upsert-unwind`` / ``upsert-load``: re-writing the first ``--batch-size`` papers into the finished
  bulk store, with ``UNWIND $rows ... MERGE`` (the update path) or with ``LOAD FROM 'file.csv' ...
  MERGE``, a measurement for the update path.

    python bench/store_write.py --parts /tmp/parts10k --modes bulk,batches --workers 2 --buffer-pool-mb 256
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from collections.abc import Iterator  # noqa: E402

from paperkg.cypher.ladybug import LadybugStore  # noqa: E402
from paperkg.cypher.ladybug.copy_csv import CSV_OPTS, load_node_csv, node_line, write_edge_csv  # noqa: E402
from paperkg.cypher.ladybug.upsert import merge_nodes  # noqa: E402
from paperkg.graph.schema import NODES, RELS  # noqa: E402
from paperkg.util.cypher_names import q  # noqa: E402


def load_merge_nodes(nodes: dict[str, list[dict]], folder: Path) -> Iterator[tuple[str, dict]]:
    """``paperkg.cypher.ladybug.upsert.merge_nodes`` reading the rows from CSV files (``LOAD FROM ...
    MERGE``); rows whose lists CSV cannot carry go by parameter. Not used by the loader: measured
    against UNWIND here (``upsert-load``)."""
    for nt in NODES:
        rows = nodes.get(nt.label)
        if not rows:
            continue
        path = folder / f"merge_{nt.label}.csv"
        awkward = []
        with path.open("w", encoding="utf-8", newline="") as fh:
            for r in rows:
                line = node_line(nt, r)
                if line is None:
                    awkward.append(r)
                else:
                    fh.write(line)
        load, exprs = load_node_csv(nt, path)
        sets = ", ".join(
            f"n.{q(p.name)} = {e}" for p, e in zip(nt.props, exprs, strict=True) if p.name != nt.key
        )
        yield f"{load} MERGE (n:{q(nt.label)} {{id: c0}}) SET {sets}", {}
        if awkward:
            yield from merge_nodes({nt.label: awkward})


def load_merge_edges(
    edges: dict[tuple[str, str, str], list[dict]], folder: Path
) -> Iterator[tuple[str, dict]]:
    """``paperkg.cypher.ladybug.upsert.merge_edges`` reading the rows from CSV files (``LOAD FROM ...
    MERGE``). Not used: LadybugDB 0.22 does not look the ends up by primary key when they come from
    LOAD (37 s for 200 papers' PROPOSES into a 10k store, and the buffer pool ran out on REPORTS)."""
    for rt in RELS:
        for a, b in rt.ends:
            rows = edges.get((rt.name, a, b))
            if not rows:
                continue
            path = write_edge_csv(rt, rows, folder / f"merge_{rt.name}_{a}_{b}.csv")
            cols = [f"c{i}" for i in range(len(rt.props))]
            typed = (f"{c} {p.type}" for c, p in zip(cols, rt.props, strict=True))
            schema = ", ".join(["src STRING", "dst STRING", *typed])
            by = dict(zip((p.name for p in rt.props), cols, strict=True))
            ident = f"{{claim_id: {by['claim_id']}}}" if rt.name == "OUTPERFORMS" else ""
            sets = ", ".join(
                f"e.{q(p.name)} = {by[p.name]}"
                for p in rt.props if not (rt.name == "OUTPERFORMS" and p.name == "claim_id")
            )
            yield (
                f"LOAD WITH HEADERS ({schema}) FROM '{path.as_posix()}' ({CSV_OPTS}) "
                f"MATCH (a:{q(a)} {{id: src}}), (b:{q(b)} {{id: dst}}) "
                f"MERGE (a)-[e:{q(rt.name)} {ident}]->(b)" + (f" SET {sets}" if sets else ""),
                {},
            )


def synthetic(papers: int, runs: str) -> None:
    from graph_gen import generate

    g = generate(papers)
    items = g.number_of_nodes() + g.number_of_edges()
    print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    with tempfile.TemporaryDirectory() as tmp:
        table = {"copy": ("COPY, fresh store", "copy", False),
                 "merge": ("MERGE, fresh store", "merge", False),
                 "again": ("MERGE, same graph again", "merge", True)}
        for name, method, again in (table[r] for r in runs.split(",")):
            path = Path(tmp) / f"{method}-{again}.db"
            with LadybugStore(path) as store:
                if again:
                    store.write_graph(g, method="copy")
                t = time.perf_counter()
                store.write_graph(g, method=method)
                dt = time.perf_counter() - t
            print(f"{name:26s} {dt:7.1f} s  {items / dt:10.0f} nodes+edges/s")


def one_mode(
    mode: str, parts_dir: Path, db: Path, batch_size: int, pool: int | None, workers: int | None
) -> dict:
    """Runs in a child process; prints one JSON line."""
    from paperkg.engines.load import load_parts, resolve_parts
    from paperkg.engines.parts import list_parts

    parts = list_parts(parts_dir)
    out: dict = {"mode": mode, "buffer_pool_mb": pool, "workers": workers}
    if mode in ("bulk", "batches"):
        with LadybugStore(db, buffer_pool_mb=pool) as store:
            t = time.perf_counter()
            res, _, _ = resolve_parts(parts, store)
            t1 = time.perf_counter()
            r = load_parts(parts, store, batch_size, True, res, bulk=(mode == "bulk"), workers=workers)
            out["resolve_s"] = round(t1 - t, 2)
            out["write_s"] = round(time.perf_counter() - t1, 2)
            out["stages_s"] = r.stages
            out["copy_buffer_pool_mb"] = r.buffer_pool_mb  # raised to fit the largest COPY
            counts = store.counts()
        out["items"] = sum(counts.values())
        out["items_per_s"] = round(out["items"] / out["write_s"])
    else:
        out.update(upsert(mode, parts, db, batch_size, pool))
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def upsert(mode: str, parts: list[Path], db: Path, batch_size: int, pool: int | None) -> dict:
    from itertools import islice

    from paperkg.cypher.ladybug.upsert import graph_rows, merge_edges, merge_lists
    from paperkg.engines.load import resolve_parts
    from paperkg.engines.parts import iter_parts
    from paperkg.graph.build import fragment

    with LadybugStore(db, buffer_pool_mb=pool) as store:
        res, _, _ = resolve_parts(parts, store)
        g = fragment(list(islice(iter_parts(parts), batch_size)), res)
        nodes, edges = graph_rows(g)
        merge_lists(store, nodes)
        t = time.perf_counter()
        if mode == "upsert-unwind":
            stmts = [*merge_nodes(nodes), *merge_edges(edges)]
        else:
            tmp = Path(tempfile.mkdtemp(prefix="paperkg-upsert-"))
            stmts = [*load_merge_nodes(nodes, tmp), *load_merge_edges(edges, tmp)]
        store._transaction([], stmts)
        dt = time.perf_counter() - t
        items = g.number_of_nodes() + g.number_of_edges()
        return {"store_papers": store.count("Paper"), "upsert_items": items, "upsert_s": round(dt, 2),
                "upsert_items_per_s": round(items / dt)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=18_000)
    ap.add_argument("--runs", default="copy,merge,again", help="Which of copy, merge, again to time.")
    ap.add_argument("--parts", help="folder of part files: time the loader's write paths on them")
    ap.add_argument("--modes", default="bulk,batches", help="bulk, batches, upsert-unwind, upsert-load")
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--buffer-pool-mb", type=int)
    ap.add_argument("--workers", type=int, help="CSV writer processes of the bulk mode (default: all cores)")
    ap.add_argument("--db", help="(internal) the store a mode writes")
    ap.add_argument("--child", help="(internal) run one mode here")
    args = ap.parse_args(argv)
    if not args.parts:
        synthetic(args.papers, args.runs)
        return 0
    if args.child:
        print(json.dumps(one_mode(args.child, Path(args.parts), Path(args.db), args.batch_size,
                                  args.buffer_pool_mb, args.workers)))
        return 0
    with tempfile.TemporaryDirectory(prefix="paperkg-store-write-") as tmp:
        bulk_db = Path(tmp) / "bulk.db"
        for mode in args.modes.split(","):
            db = bulk_db if mode in ("bulk", "upsert-unwind", "upsert-load") else Path(tmp) / f"{mode}.db"
            if mode.startswith("upsert") and not bulk_db.exists():
                one = [sys.executable, __file__, "--parts", args.parts, "--child", "bulk",
                       "--db", str(bulk_db)]
                subprocess.run(one, check=True, stdout=subprocess.DEVNULL)
            cmd = [sys.executable, __file__, "--parts", args.parts, "--child", mode, "--db", str(db),
                   "--batch-size", str(args.batch_size)]
            if args.buffer_pool_mb:
                cmd += ["--buffer-pool-mb", str(args.buffer_pool_mb)]
            if args.workers:
                cmd += ["--workers", str(args.workers)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            print(out.strip().splitlines()[-1], flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
