"""Build benchmark: ``paperkg build`` on a generated or a real corpus (``--input``), timed from outside.

Runs the real CLI in a child process and reports wall time, the build's own stage timings,
nodes+edges written per second, and memory: the peak resident set of the largest single process
(``getrusage(RUSAGE_CHILDREN)``, as ``/usr/bin/time -v`` reports it) and the peak *sum* over the
build's process tree (sampled every 0.5 s with psutil: the figure that matters with N workers).
The 1-minute load average before and after is printed next to the figures: on a shared machine
they are only comparable at similar load.

usage: .venv/bin/python bench/build_scale.py --n 10000 [--workers 2] [--batch-size 2000]
       [--engine dask --scheduler local:2] [--buffer-pool-mb MB] [--no-rankings] [--parts DIR] [--json]
       .venv/bin/python bench/build_scale.py --input examples/hf-daily-api   # real text: the archive
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus_gen import generate  # noqa: E402

PAPERKG = Path(sys.executable).with_name("paperkg")


def corpus(n: int, seed: int, folder: Path) -> Path:
    path = folder / f"gen-v2-{n}-s{seed}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for rec in generate(n, seed):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp.replace(path)
    return path


def _tree_rss(pid: int) -> int:
    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--engine", default="local")
    ap.add_argument("--scheduler")
    ap.add_argument("--buffer-pool-mb", type=int, help="cap on the store's page cache (default: the build's)")
    ap.add_argument("--data", default=tempfile.gettempdir(), help="folder for the corpus and the store")
    ap.add_argument("--parts", help="keep the extracted parts here (reload them: bench/store_write.py)")
    ap.add_argument("--no-rankings", action="store_true",
                    help="skip the rankings index (time it apart: bench/analytics_latency.py --refresh)")
    ap.add_argument("--input", help="build this corpus (file or folder) instead of a generated one")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    folder = Path(args.data)
    src = Path(args.input) if args.input else corpus(args.n, args.seed, folder)
    db = folder / (f"bench-{src.name}.db" if args.input else f"bench-{args.n}.db")
    db.unlink(missing_ok=True)
    cmd = [str(PAPERKG), "build", str(src), "--db", str(db), "--json", "--quiet",
           "--workers", str(args.workers), "--batch-size", str(args.batch_size), "--engine", args.engine]
    if args.scheduler:
        cmd += ["--scheduler", args.scheduler]
    if args.buffer_pool_mb:
        cmd += ["--buffer-pool-mb", str(args.buffer_pool_mb)]
    if args.no_rankings:
        cmd.append("--no-rankings")
    if args.parts:
        cmd += ["--parts", args.parts]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            stop.wait(0.5)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    stop.set()
    th.join()
    wall = time.perf_counter() - t0
    load_after = os.getloadavg()[0]
    if proc.returncode != 0:
        print(f"build failed with exit code {proc.returncode}", file=sys.stderr)
        return 1
    s = json.loads(out)
    items = s["nodes"] + s["edges"]
    papers = s["added"]  # a new store: every paper written is added
    figures = {
        "input": str(src) if args.input else f"generated --n {args.n} --seed {args.seed}",
        "abstracts": papers,
        "engine": args.engine,
        "workers": args.workers,
        "batch_size": args.batch_size,
        "buffer_pool_mb": args.buffer_pool_mb,
        "wall_s": round(wall, 1),
        "timings_s": s["timings"],
        "abstracts_per_s": round(papers / wall, 1),
        "extract_abstracts_per_s": round(papers / s["timings"]["extract"], 1),
        "nodes": s["nodes"],
        "edges": s["edges"],
        "write_method": s["write_method"],
        "write_items_per_s": round(items / s["timings"]["write"], 0),
        "peak_rss_largest_process_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "peak_rss_process_tree_mb": round(peak_tree / 2**20),
        "store_mb": round(db.stat().st_size / 2**20, 1),
        "load_avg_1m_before_after": [round(load_before, 2), round(load_after, 2)],
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for k, v in figures.items():
            print(f"{k:32s} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
