"""Client side of `paperkg load-neo4j`, and the neo4j-admin CSV export, measured without a Neo4j server.

**No server time is included.** There is no Neo4j here: the loader (paperkg/cypher/neo4j/loader.py)
sends its statements to a measuring driver (``MeasuringDriver`` below: the surface the loader uses,
``verify_connectivity`` and ``execute_query``, answering each batch with the ``merged`` count a
server would return) that JSON-encodes every statement's parameters, counts and sizes them, and
drops them. What is timed is the part of a load that happens in this process: reading the store
into NetworkX (the input step of ``load-neo4j --db``, the same function), planning the batches
(``plan_load``) and pushing them through the loader with their parameters serialised. A real load
adds the server's MERGEs, index lookups and commits and one network round trip per statement,
which are likely to dominate; and the real driver serialises with PackStream, not JSON
(``--packstream`` also packs every batch with the installed driver's own pure-Python packer and
reports its bytes and time).

In the same process, so ratios hold on a busy machine, two baselines: reading the store
(``read``), and one ``json.dumps`` of every node and edge with its properties, unbatched
(``json.dumps``). Each batch size given (``--batch-size 1000,5000,20000``) gets its own plan and
load. Unless ``--skip-export``, the import files are written into a temporary folder twice: first
streamed from the store by ``store_to_csv`` (what ``paperkg export --format neo4j-csv`` runs), before
anything else, so the peak RSS printed after it is its own; then, as the baseline, by
``graph_to_csv`` from the graph already read (the export before it was streamed): files, rows, MB,
seconds, rows/s, MB/s. Later peaks include the graph and the plans.

    python bench/graph_gen.py --papers 10000 --db /tmp/n4-10k.db
    nice -n 5 python bench/neo4j_load.py --db /tmp/n4-10k.db --batch-size 1000,5000,20000
    nice -n 5 python bench/neo4j_load.py --db /tmp/n4-10k.db --packstream --json

**With a server** (``--live``): the same loader through the real driver into the Neo4j of NEO4J_URI /
NEO4J_PASSWORD, for each batch size after emptying the database (so only against a throw-away server:
the run refuses unless PAPERKG_NEO4J_DISPOSABLE=1, which docker/neo4j-local/neo4j_local.py's ``exec``
sets): wall time of the whole load (plan, statements, server work, commits), nodes+edges per second, the
time of the schema, node and relationship statements apart, and the counts checked afterwards. Then,
with ``--latency N``, cites-like and leaderboard (as the CLI runs them: name resolution, --limit 20,
--related 5) for N method and N dataset names (half the most popular, half uniform; seeded), timed on
Neo4j and on the embedded store for the same names, p50/p95/max, with the answers compared.

    python docker/neo4j-local/neo4j_local.py exec -- \
        python bench/neo4j_load.py --db /tmp/n4-100k.db --live --batch-size 1000,5000,20000 --latency 40
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import EagerResult, Record, RoutingControl

from paperkg.cli.neo4j import _graph_from_store  # the input step of `paperkg load-neo4j --db`
from paperkg.cypher.ladybug import LadybugStore
from paperkg.cypher.neo4j.import_csv import graph_to_csv, store_to_csv
from paperkg.cypher.neo4j.loader import DEFAULT_BATCH_SIZE, Neo4jLoader, plan_load

NO_SERVER = "client side only: no Neo4j server; server time (MERGE, lookups, commits, network) not included"
LIVE = "live: the real driver into a Neo4j server; times include the server's MERGEs, lookups and commits"
DISPOSABLE = "PAPERKG_NEO4J_DISPOSABLE"
_NODE = re.compile(r"MERGE \(n:(\w+) ")
_REL = re.compile(r"MATCH \(a:(\w+) .* MATCH \(b:(\w+) .*-\[r:(\w+)")


def json_size(params: dict[str, Any]) -> int:
    """The JSON-encoded size of one statement's parameters, in bytes (UTF-8, no spaces saved)."""
    return len(json.dumps(params, ensure_ascii=False).encode("utf-8"))


def classify(query: str) -> tuple[str, str]:
    """(kind, target) read from the statement text alone, not from the loader's plan."""
    words = query.split()
    if words[0] == "CREATE":
        return ("constraint" if words[1] == "CONSTRAINT" else "index"), words[words.index("IF") - 1]
    if m := _REL.search(query):
        return "rels", f"{m[3]}({m[1]}->{m[2]})"
    if m := _NODE.search(query):
        return "nodes", m[1]
    return "other", words[0]


@dataclass(slots=True)
class Sent:
    kind: str
    target: str
    rows: int
    bytes: int


@dataclass
class MeasuringDriver:
    """Stands in for ``neo4j.Driver`` where the loader calls it; keeps sizes, not parameters.

    ``encoding`` is ``"json"`` (``json_size``) or ``"packstream"`` (the driver's own packer).
    Each ``execute_query`` is one managed write transaction in the real driver.
    """

    encoding: str = "json"
    sent: list[Sent] = field(default_factory=list)
    encode_s: float = 0.0
    verified: int = 0

    def __post_init__(self) -> None:
        if self.encoding == "packstream":
            from neo4j._codec.packstream._common import PackableBuffer  # private, pinned in this venv
            from neo4j._codec.packstream.v1 import Packer

            buf = PackableBuffer()
            packer = Packer(buf)

            def size(params: dict[str, Any]) -> int:
                buf.clear()
                packer.pack(params)
                return len(buf.data)

            self._size = size
        else:
            self._size = json_size

    def verify_connectivity(self, **config: Any) -> None:
        self.verified += 1

    def execute_query(self, query_: str, parameters_: dict[str, Any] | None = None,
                      routing_: Any = RoutingControl.WRITE, database_: str | None = None,
                      **kwargs: Any) -> EagerResult:
        params = parameters_ or {}
        t = time.perf_counter()
        n = self._size(params)
        self.encode_s += time.perf_counter() - t
        rows = params.get("rows")
        self.sent.append(Sent(*classify(query_), len(rows) if rows is not None else 0, n))
        if rows is None:
            return EagerResult([], None, [])
        return EagerResult([Record({"merged": len(rows)})], None, ["merged"])

    def close(self) -> None:
        pass


def _spread(xs: list[int]) -> dict[str, float]:
    if not xs:
        return {"min": 0, "median": 0, "max": 0}
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def figures(sent: list[Sent]) -> dict[str, Any]:
    """Counts and sizes of what the loader sent."""
    data = [s for s in sent if s.kind in ("nodes", "rels")]
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sent:
        g = groups.setdefault((s.kind, s.target), {"kind": s.kind, "target": s.target, "batches": 0,
                                                   "rows": 0, "bytes": 0, "max_batch_bytes": 0})
        g["batches"] += 1
        g["rows"] += s.rows
        g["bytes"] += s.bytes
        g["max_batch_bytes"] = max(g["max_batch_bytes"], s.bytes)
    kinds: dict[str, int] = defaultdict(int)
    for s in sent:
        kinds[s.kind] += 1
    return {
        "statements": len(sent),
        "transactions": len(sent),  # one managed transaction per execute_query
        "by_kind": dict(kinds),
        "data_batches": len(data),
        "rows": sum(s.rows for s in data),
        "rows_per_batch": _spread([s.rows for s in data]),
        "bytes": sum(s.bytes for s in sent),
        "bytes_per_batch": _spread([s.bytes for s in data]),
        "by_target": list(groups.values()),
    }


def run_loader(g: Any, batch_size: int, encoding: str = "json") -> dict[str, Any]:
    t0 = time.perf_counter()
    plan = plan_load(g, batch_size)
    t1 = time.perf_counter()
    driver = MeasuringDriver(encoding)
    summary = Neo4jLoader(driver, None, batch_size, target="a measuring driver").load_plan(plan)
    t2 = time.perf_counter()
    del plan
    gc.collect()
    out = {"batch_size": batch_size, "encoding": encoding, **figures(driver.sent),
           "plan_s": round(t1 - t0, 3), "send_s": round(t2 - t1, 3), "encode_s": round(driver.encode_s, 3),
           "client_s": round(t2 - t0, 3), "loader_summary": {"statements": summary.statements,
                                                            "batches": summary.batches,
                                                            "skipped": summary.skipped,
                                                            "seconds": summary.seconds}}
    return out


def run_export(g: Any, folder: Path) -> dict[str, Any]:
    """``g`` a NetworkX graph: the in-memory writer; a path: the store, streamed (the CLI's path)."""
    t = time.perf_counter()
    if isinstance(g, Path):
        with LadybugStore(g, read_only=True) as store:
            written = store_to_csv(store, folder)[0]
    else:
        written = graph_to_csv(g, folder)
    dt = time.perf_counter() - t
    files = [*written.node_files, *written.rel_files]
    rows = 0
    for f in files:  # counted after the timing; csv, because fields may hold newlines
        with f.open(encoding="utf-8", newline="") as fh:
            rows += sum(1 for _ in csv.reader(fh)) - 1
    size = sum(f.stat().st_size for f in files)
    return {"files": len(files), "node_files": len(written.node_files), "rel_files": len(written.rel_files),
            "rows": rows, "mb": round(size / 1e6, 2), "seconds": round(dt, 3),
            "rows_per_s": round(rows / dt) if dt else None,
            "mb_per_s": round(size / 1e6 / dt, 2) if dt else None,
            "peak_rss_mb": _peak_mb()}


def measure(db: Path, batch_sizes: list[int], packstream: bool = False,
            export: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"db": str(db), "note": NO_SERVER, "load_avg_before": round(os.getloadavg()[0], 2)}
    if export:  # first, so its peak RSS is its own: streamed from the store, as `paperkg export` does
        with tempfile.TemporaryDirectory(prefix="paperkg-neo4j-csv-") as tmp:
            out["export"] = run_export(db, Path(tmp))
    t = time.perf_counter()
    g = _graph_from_store(db)
    read_s = time.perf_counter() - t
    items = g.number_of_nodes() + g.number_of_edges()
    out.update(nodes=g.number_of_nodes(), edges=g.number_of_edges())
    out["read"] = {"seconds": round(read_s, 3), "items_per_s": round(items / read_s),
                   "peak_rss_mb": _peak_mb()}
    t = time.perf_counter()
    dumped = json.dumps([[d for _, d in g.nodes(data=True)], list(g.edges(data=True))],
                        ensure_ascii=False, default=str).encode("utf-8")
    dump_s = time.perf_counter() - t
    out["json_dump"] = {"seconds": round(dump_s, 3), "mb": round(len(dumped) / 1e6, 2)}
    del dumped
    if export:  # the baseline: the whole graph in memory first (the export before it was streamed)
        with tempfile.TemporaryDirectory(prefix="paperkg-neo4j-csv-") as tmp:
            out["export_in_memory"] = run_export(g, Path(tmp))
    out["loads"] = []
    for bs in batch_sizes:
        r = run_loader(g, bs)
        r["rows_per_s"] = round(r["rows"] / r["client_s"]) if r["client_s"] else None
        r["items_per_s"] = round(items / r["client_s"]) if r["client_s"] else None
        r["vs_read"] = round(r["client_s"] / read_s, 2)
        r["vs_json_dump"] = round(r["client_s"] / dump_s, 2)
        if packstream:
            p = run_loader(g, bs, "packstream")
            r["packstream"] = {"bytes": p["bytes"], "bytes_per_batch": p["bytes_per_batch"],
                               "plan_s": p["plan_s"], "send_s": p["send_s"], "encode_s": p["encode_s"],
                               "client_s": p["client_s"],
                               "rows_per_s": round(p["rows"] / p["client_s"]) if p["client_s"] else None,
                               "items_per_s": round(items / p["client_s"]) if p["client_s"] else None,
                               "vs_read": round(p["client_s"] / read_s, 2)}
        r["peak_rss_mb"] = _peak_mb()
        out["loads"].append(r)
    out["load_avg_after"] = round(os.getloadavg()[0], 2)
    return out


def _kb(n: float) -> str:
    return f"{n / 1e3:,.1f} KB"


def report(r: dict[str, Any]) -> None:
    items = r["nodes"] + r["edges"]
    print(f"load average (1 min) before: {r['load_avg_before']:.2f}")
    print(f"{r['db']}: {r['nodes']:,} nodes, {r['edges']:,} edges")
    print(r["note"])
    rd, jd = r["read"], r["json_dump"]
    print(f"baseline read store -> NetworkX (load-neo4j's input): {rd['seconds']:7.2f} s  "
          f"{rd['items_per_s']:>9,} nodes+edges/s  peak RSS {rd['peak_rss_mb']:,.0f} MB")
    print(f"baseline json.dumps of all nodes+edges, unbatched:   {jd['seconds']:7.2f} s  "
          f"{items / jd['seconds']:>9,.0f} nodes+edges/s  {jd['mb']:,.1f} MB")
    for key, what in (("export", "streamed from the store"), ("export_in_memory", "from NetworkX")):
        if key in r:
            e = r[key]
            print(f"export neo4j-csv, {what}: {e['files']} files ({e['node_files']} node, "
                  f"{e['rel_files']} rel), {e['rows']:,} rows, {e['mb']:,.1f} MB in {e['seconds']:.2f} s: "
                  f"{e['rows_per_s']:,} rows/s, {e['mb_per_s']:.1f} MB/s; "
                  f"peak RSS {e['peak_rss_mb']:,.0f} MB")
    for x in r["loads"]:
        k, rp, bp = x["by_kind"], x["rows_per_batch"], x["bytes_per_batch"]
        print(f"\nbatch size {x['batch_size']:,}: {x['statements']:,} statements = transactions "
              f"({k.get('constraint', 0)} constraints, {k.get('index', 0)} indexes, {k.get('nodes', 0)} node "
              f"batches, {k.get('rels', 0)} relationship batches)")
        print(f"  rows per batch min/median/max {rp['min']:,} / {rp['median']:,.0f} / {rp['max']:,}; "
              f"total {x['rows']:,} rows")
        print(f"  JSON parameters per batch min/median/max {_kb(bp['min'])} / {_kb(bp['median'])} / "
              f"{_kb(bp['max'])}; total {x['bytes'] / 1e6:,.1f} MB")
        print(f"  plan {x['plan_s']:.2f} s + send {x['send_s']:.2f} s (JSON {x['encode_s']:.2f} s of it) = "
              f"{x['client_s']:.2f} s: {x['rows_per_s']:,} rows/s, {x['items_per_s']:,} nodes+edges/s, "
              f"no server time; {x['vs_read']:.2f}x read, {x['vs_json_dump']:.2f}x json.dumps; "
              f"peak RSS {x['peak_rss_mb']:,.0f} MB")
        if "packstream" in x:
            p = x["packstream"]
            print(f"  PackStream per batch median/max {_kb(p['bytes_per_batch']['median'])} / "
                  f"{_kb(p['bytes_per_batch']['max'])}; total {p['bytes'] / 1e6:,.1f} MB; "
                  f"plan {p['plan_s']:.2f} s + send {p['send_s']:.2f} s (packing {p['encode_s']:.2f} s) "
                  f"= {p['client_s']:.2f} s: {p['rows_per_s']:,} rows/s, {p['items_per_s']:,} nodes+edges/s, "
                  f"{p['vs_read']:.2f}x read")
        print(f"  {'kind':<10} {'target':<28} {'batches':>7} {'rows':>9} {'JSON MB':>8} {'max batch':>11}")
        schema = [t for t in x["by_target"] if t["kind"] in ("constraint", "index")]
        biggest = max((t["max_batch_bytes"] for t in schema), default=0)
        print(f"  {'schema':<10} {'constraints and indexes':<28} {len(schema):>7,} {0:>9,} "
              f"{sum(t['bytes'] for t in schema) / 1e6:>8.2f} {_kb(biggest):>11}")
        for t in x["by_target"]:
            if t in schema:
                continue
            print(f"  {t['kind']:<10} {t['target']:<28} {t['batches']:>7,} {t['rows']:>9,} "
                  f"{t['bytes'] / 1e6:>8.2f} {_kb(t['max_batch_bytes']):>11}")
    print(f"\nload average (1 min) after: {r['load_avg_after']:.2f}")


# -- with a server (--live) ----------------------------------------------------------------------------


def _live_driver() -> tuple[Any, Any]:
    """The driver and settings of NEO4J_URI/NEO4J_PASSWORD (the environment only)."""
    from paperkg.cypher.neo4j.client import open_driver
    from paperkg.cypher.neo4j.config import load_config

    settings = load_config(use_default_file=False)
    driver = open_driver(settings)
    driver.verify_connectivity()
    return driver, settings


def empty_database(driver: Any, database: str | None) -> float:
    """Delete every relationship, then every node, then the constraints and indexes, so each load starts
    from nothing; returns the seconds it took. Relationships go first, in transactions of 20,000: a
    DETACH DELETE of a hub (a method named by half the papers) alone exceeds the local server's 256 MB
    transaction memory."""
    t = time.perf_counter()
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
        for rec in list(session.run("SHOW CONSTRAINTS YIELD name RETURN name")):
            session.run(f"DROP CONSTRAINT `{rec['name']}` IF EXISTS").consume()
        for rec in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")):
            session.run(f"DROP INDEX `{rec['name']}` IF EXISTS").consume()
    return time.perf_counter() - t


def server_info(driver: Any, database: str | None) -> dict[str, Any]:
    """Version, edition and memory settings, as the server reports them."""
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                         "RETURN versions[0] AS version, edition", database_=database)
    out: dict[str, Any] = dict(records[0].data()) if records else {}
    try:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN ['server.memory.pagecache.size', "
            "'dbms.memory.transaction.total.max'] RETURN name, value", database_=database)
        out.update({r["name"]: r["value"] for r in records})
    except Exception as exc:  # an older server without SHOW SETTINGS: the figures still stand
        out["settings"] = f"not available ({type(exc).__name__})"
    return out


def _live_counts(driver: Any, database: str | None) -> tuple[int, int]:
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS c", database_=database)
    nodes = records[0]["c"]
    records, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c", database_=database)
    return nodes, records[0]["c"]


def run_live_load(g: Any, driver: Any, database: str | None, batch_size: int) -> dict[str, Any]:
    """Empty the database, then one full load of ``g`` with ``batch_size`` rows per statement, timed."""
    wipe_s = empty_database(driver, database)
    kind_s: dict[str, float] = defaultdict(float)
    last = [time.perf_counter()]

    def tick(i: int, total: int, stmt: Any) -> None:
        now = time.perf_counter()
        kind_s[stmt.kind] += now - last[0]
        last[0] = now

    t0 = time.perf_counter()
    plan = plan_load(g, batch_size)
    t1 = time.perf_counter()
    last[0] = t1
    summary = Neo4jLoader(driver, database, batch_size, target="the benchmark server").load_plan(plan, tick)
    t2 = time.perf_counter()
    nodes, edges = _live_counts(driver, database)
    items = g.number_of_nodes() + g.number_of_edges()
    return {"batch_size": batch_size, "statements": summary.statements, "batches": summary.batches,
            "wipe_s": round(wipe_s, 2), "plan_s": round(t1 - t0, 3), "load_s": round(t2 - t1, 3),
            "total_s": round(t2 - t0, 3), "items_per_s": round(items / (t2 - t0)),
            "schema_s": round(kind_s["schema"], 3), "nodes_s": round(kind_s["nodes"], 3),
            "rels_s": round(kind_s["rels"], 3), "missing_endpoints": summary.missing_endpoints,
            "counts_ok": (nodes, edges) == (g.number_of_nodes(), g.number_of_edges()),
            "neo4j_nodes": nodes, "neo4j_edges": edges}


def _percentiles(ms: list[float]) -> dict[str, float]:
    xs = sorted(ms)
    if not xs:
        return {}
    return {"n": len(xs), "p50": round(statistics.median(xs), 1),
            "p95": round(xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))], 1), "max": round(xs[-1], 1)}


def run_latency(db: Path, driver: Any, database: str | None, queries: int, seed: int) -> dict[str, Any]:
    """cites-like and leaderboard as the CLI runs them, the same names on Neo4j and on the embedded store."""
    import random

    from paperkg.cypher.analytics.lookups_on_store import (
        cites_like_on_store,
        leaderboard_on_store,
        resolve_on_store,
    )
    from paperkg.cypher.analytics.rankings_file import has_current_index
    from paperkg.cypher.ladybug import open_store
    from paperkg.cypher.neo4j.client import Neo4jBackend

    rng = random.Random(seed)
    neo = Neo4jBackend(driver, database, owns_driver=False, target="the benchmark server")
    out: dict[str, Any] = {"queries": queries, "seed": seed}
    with open_store(db, read_only=True) as store:
        out["rankings_index"] = has_current_index(store)

        def cites(backend: Any, name: str) -> Any:
            found = resolve_on_store(backend, name, "Method")
            return cites_like_on_store(backend, found.id, limit=20, related=5)

        def board(backend: Any, name: str) -> Any:
            return leaderboard_on_store(backend, resolve_on_store(backend, name, "Dataset").id, limit=20)

        for what, fn, label in (("cites-like", cites, "Method"), ("leaderboard", board, "Dataset")):
            rows = store.run(f"MATCH (x:{label}) RETURN x.name, x.papers ORDER BY x.papers DESC, x.id").rows
            names = [r[0] for r in rows]
            hubs = names[: max(1, queries // 2)]
            sample = {"hubs": hubs, "uniform": rng.sample(names, min(len(names), queries - len(hubs)))}
            fn(neo, hubs[0])  # one warm-up each (plans cached, pages in memory), not timed
            fn(store, hubs[0])
            res: dict[str, Any] = {}
            same = 0
            for part, part_names in sample.items():
                times: dict[str, list[float]] = {"neo4j": [], "embedded": []}
                for name in part_names:
                    answers = []
                    for key, backend in (("neo4j", neo), ("embedded", store)):
                        t = time.perf_counter()
                        answers.append(fn(backend, name))
                        times[key].append((time.perf_counter() - t) * 1000)
                    same += answers[0] == answers[1]
                res[part] = {k: _percentiles(v) for k, v in times.items()}
            res["same_answers"] = f"{same} of {sum(len(v) for v in sample.values())}"
            out[what] = res
    return out


def measure_live(db: Path, batch_sizes: list[int], latency: int, seed: int) -> dict[str, Any]:
    driver, settings = _live_driver()
    try:
        out: dict[str, Any] = {"db": str(db), "note": LIVE, "server": server_info(driver, settings.database),
                               "load_avg_before": round(os.getloadavg()[0], 2)}
        t = time.perf_counter()
        g = _graph_from_store(db)
        out.update(nodes=g.number_of_nodes(), edges=g.number_of_edges(),
                   read_s=round(time.perf_counter() - t, 2))
        out["loads"] = []
        for bs in batch_sizes:
            out["loads"].append(run_live_load(g, driver, settings.database, bs))
            print(f"batch size {bs}: {out['loads'][-1]}", file=sys.stderr, flush=True)  # partial results
        del g
        gc.collect()
        if latency:
            driver.execute_query("CALL db.awaitIndexes(600)", database_=settings.database)
            out["latency"] = run_latency(db, driver, settings.database, latency, seed)
        out["load_avg_after"] = round(os.getloadavg()[0], 2)
        out["peak_rss_mb"] = _peak_mb()
        return out
    finally:
        driver.close()


def _ms(p: dict[str, float]) -> str:
    return f"{p['p50']:,.1f} / {p['p95']:,.1f} / {p['max']:,.1f}" if p else "-"


def report_live(r: dict[str, Any]) -> None:
    print(f"load average (1 min) before: {r['load_avg_before']:.2f}")
    print(f"{r['db']}: {r['nodes']:,} nodes, {r['edges']:,} edges "
          f"(read into NetworkX in {r['read_s']:.1f} s)")
    print(f"server: {r['server']}")
    print(r["note"])
    print(f"{'batch':>7} {'statements':>10} {'schema s':>9} {'nodes s':>8} {'rels s':>8} {'total s':>8} "
          f"{'nodes+edges/s':>14} {'counts':>7} {'emptying s':>10}")
    for x in r["loads"]:
        print(f"{x['batch_size']:>7,} {x['statements']:>10,} {x['schema_s']:>9.2f} {x['nodes_s']:>8.1f} "
              f"{x['rels_s']:>8.1f} {x['total_s']:>8.1f} {x['items_per_s']:>14,} "
              f"{'ok' if x['counts_ok'] else 'WRONG':>7} {x['wipe_s']:>10.1f}")
    if "latency" in r:
        lat = r["latency"]
        print(f"\nlatency, ms p50 / p95 / max (embedded store's rankings index: "
              f"{'yes' if lat['rankings_index'] else 'no'}):")
        for what in ("cites-like", "leaderboard"):
            for part in ("hubs", "uniform"):
                x = lat[what][part]
                print(f"  {what:<12} {part:<8} ({x['neo4j'].get('n', 0):>3}): Neo4j {_ms(x['neo4j']):>26}   "
                      f"embedded {_ms(x['embedded']):>26}")
            print(f"  {what:<12} same answers on both: {lat[what]['same_answers']}")
    print(f"\nload average (1 min) after: {r['load_avg_after']:.2f}; peak RSS of this process "
          f"{r['peak_rss_mb']:,.0f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="A store (paperkg build or bench/graph_gen.py).")
    ap.add_argument("--batch-size", default=str(DEFAULT_BATCH_SIZE),
                    help=f"Rows per batch, or several comma-separated (default {DEFAULT_BATCH_SIZE}).")
    ap.add_argument("--packstream", action="store_true",
                    help="Also pack every batch with the neo4j driver's PackStream packer (a second load).")
    ap.add_argument("--skip-export", action="store_true", help="Do not time the neo4j-csv export.")
    ap.add_argument("--json", action="store_true", help="Print the figures as one JSON document.")
    ap.add_argument("--live", action="store_true",
                    help=f"Load into the Neo4j of NEO4J_URI, emptying it first (needs {DISPOSABLE}=1).")
    ap.add_argument("--latency", type=int, default=0, metavar="N",
                    help="With --live: time cites-like and leaderboard for N names each on both stores.")
    ap.add_argument("--seed", type=int, default=3, help="With --latency: which names are drawn.")
    args = ap.parse_args(argv)
    try:
        sizes = [int(x) for x in args.batch_size.split(",")]
    except ValueError:
        ap.error("--batch-size takes integers, comma-separated")
    if min(sizes) < 1:
        ap.error("--batch-size must be at least 1")
    if args.live:
        if os.environ.get(DISPOSABLE) != "1":
            print(f"error: --live empties the database at NEO4J_URI; run it against a throw-away server "
                  f"(python docker/neo4j-local/neo4j_local.py exec -- python bench/neo4j_load.py ...) or set "
                  f"{DISPOSABLE}=1", file=sys.stderr)
            return 2
        live = measure_live(args.db, sizes, args.latency, args.seed)
        if args.json:
            json.dump(live, sys.stdout, indent=1)
            print()
        else:
            report_live(live)
        return 0 if all(x["counts_ok"] for x in live["loads"]) else 1
    r = measure(args.db, sizes, args.packstream, not args.skip_export)
    if args.json:
        json.dump(r, sys.stdout, indent=1)
        print()
    else:
        report(r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
