"""A synthetic paperkg graph of any size, in the graph conventions, for timing the analytics.

Shape (a caricature of ML literature, fixed by ``--seed``): method, dataset and metric popularity
follow Zipf-like laws (a few hubs such as "Transformer" or "accuracy", a long tail); each paper names
3-8 methods, 1-3 datasets and 1-3 metrics, proposes a new method 30% of the time, and reports 0-3
claims (60% absolute, 40% improvement) of one of its methods on one of its datasets and metrics.

The command streams the rows to one CSV file per table (per FROM/TO pair for relationships) and COPYs
each into a new store: nothing but the entities' paper counts is held in memory, so 1M papers (~10M
relationships) fit where the NetworkX graph would need > 10 GB. :func:`generate` builds the same graph
(same seed, same content: tests/graph/test_analytics_bench.py compares them) in NetworkX, for small sizes.

    python bench/graph_gen.py --papers 10000 --db /tmp/bench-10k.db
    python bench/graph_gen.py --papers 1000000 --db /tmp/bench-1m.db --buffer-pool-mb 2048
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from paperkg.graph.schema import NODE_BY_LABEL, REL_BY_NAME, Prop

EVIDENCE = {"field": "abstract", "start": 0, "end": 10}
ENTITY_LABELS = ("Method", "Dataset", "Metric")
DIRECTIONS = ("higher", "higher", "lower", "")
_KEY = Prop("key")


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


@dataclass(slots=True)
class Rel:
    type: str
    src: tuple[str, str]  # (label, id)
    dst: tuple[str, str]
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class PaperRows:
    """One synthetic paper: its node, its claims' nodes, all its relationships, the entities it names."""

    paper: dict[str, Any]
    claims: list[dict[str, Any]]
    rels: list[Rel]
    named: list[tuple[str, str]]


class _World:
    """The entity universe and the random draws, in the one order both outputs share (the seed's meaning)."""

    def __init__(self, papers: int, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        n_methods, n_datasets, n_metrics = max(20, papers // 5), max(10, papers // 50), 60
        self.methods = [f"method-{i}" for i in range(n_methods)]
        self.datasets = [f"dataset-{i}" for i in range(n_datasets)]
        self.metrics = [f"metric-{i}" for i in range(n_metrics)]
        self.entities: list[dict[str, Any]] = []
        for label, ids in (("Method", self.methods), ("Dataset", self.datasets), ("Metric", self.metrics)):
            for i in ids:
                extra = {"direction": rng.choice(DIRECTIONS)} if label == "Metric" else {}
                name = i.replace("-", " ").title().replace(" ", "-")
                self.entities.append({"label": label, "id": i, "name": name, "aliases": [i.upper()],
                                      "papers": 0, **extra})
        # cumulative weights once: random.choices(weights=...) would rebuild them on every call (O(entities)),
        # and draws the same values from cum_weights, so the seed keeps its meaning
        self.cum = {name: list(itertools.accumulate(_zipf_weights(len(ids))))
                    for name, ids in (("m", self.methods), ("d", self.datasets), ("t", self.metrics))}
        self.proposable = self.methods[n_methods // 2:]

    def paper(self, n: int) -> PaperRows:
        rng, cum = self.rng, self.cum
        pid = f"{2000 + n // 1000}.{n % 1000:05d}"
        year = 2019 + rng.randrange(6)
        paper = {"id": pid, "title": f"Synthetic paper {n}", "year": year, "date": f"{year}-06-01",
                 "upvotes": rng.randrange(100), "sources": ["synthetic"]}
        ms = set(rng.choices(self.methods, cum_weights=cum["m"], k=rng.randint(3, 8)))
        ds = set(rng.choices(self.datasets, cum_weights=cum["d"], k=rng.randint(1, 3)))
        ts = set(rng.choices(self.metrics, cum_weights=cum["t"], k=rng.randint(1, 3)))
        proposed = rng.choice(self.proposable) if rng.random() < 0.3 else None
        if proposed:
            ms.add(proposed)
        sent = f"Sentence of paper {n}."
        ev = {"paper_id": pid, "sentence": sent, **EVIDENCE}
        me = ("Paper", pid)
        rels = []
        for m in sorted(ms):
            if m == proposed:
                rels.append(Rel("PROPOSES", me, ("Method", m), dict(ev)))
            else:
                rels.append(Rel("USES", me, ("Method", m), {**ev, "mentions": rng.randint(1, 4)}))
        for rel, label, group in (("EVALUATES_ON", "Dataset", ds), ("MEASURES", "Metric", ts)):
            rels.extend(Rel(rel, me, (label, e), {**ev, "mentions": 1}) for e in sorted(group))
        named = [*(("Method", m) for m in ms), *(("Dataset", d) for d in ds), *(("Metric", t) for t in ts)]
        claims = []
        for c in range(1, rng.randint(0, 3) + 1):
            cid = f"{pid}#{c}"
            m, d, t = rng.choice(sorted(ms)), rng.choice(sorted(ds)), rng.choice(sorted(ts))
            kind = "absolute" if rng.random() < 0.6 else "improvement"
            number = round(rng.uniform(40, 95) if kind == "absolute" else rng.uniform(0.5, 10), 1)
            claims.append({"id": cid, "value": f"{number}%", "number": number, "unit": "%", "kind": kind,
                           "method": m, "dataset": d, "metric": t, "baseline": None, **ev})
            ck = ("Claim", cid)
            rels.append(Rel("REPORTS", me, ck))
            rels.extend(Rel(rel, ck, target) for rel, target in
                        (("OF", ("Method", m)), ("ON", ("Dataset", d)), ("IN", ("Metric", t))))
            others = sorted(ms - {m})
            if kind == "improvement" and others:
                base = rng.choice(others)
                rels.append(Rel("AGAINST", ck, ("Method", base)))
                rels.append(Rel("OUTPERFORMS", ("Method", m), ("Method", base), {"claim_id": cid, **ev}))
        # how the paper names each method it uses, as the build decides it from the paper's claims (a
        # baseline compares, a claim's method uses; no cue words in synthetic text): no further draws
        how = {r.dst[1]: "uses" for r in rels if r.type == "OF"}
        how.update({r.dst[1]: "compares" for r in rels if r.type == "AGAINST"})
        for r in rels:
            if r.type == "USES":
                r.props["relation"] = how.get(r.dst[1], "mentions")
        return PaperRows(paper, claims, rels, named)


def _run(papers: int, seed: int) -> tuple[_World, Iterator[PaperRows]]:
    world = _World(papers, seed)
    return world, (world.paper(n) for n in range(papers))


def generate(papers: int, seed: int = 7) -> nx.MultiDiGraph:
    """The synthetic graph in NetworkX (for small sizes: tests, bench/store_write.py)."""
    world, rows = _run(papers, seed)
    G = nx.MultiDiGraph()
    for e in world.entities:
        G.add_node(f"{e['label']}:{e['id']}", **e)
    papers_of: dict[str, int] = {}
    for pr in rows:
        G.add_node(f"Paper:{pr.paper['id']}", label="Paper", **pr.paper)
        for c in pr.claims:
            G.add_node(f"Claim:{c['id']}", label="Claim", **c)
        for r in pr.rels:
            key = f"OUTPERFORMS:{r.props['claim_id']}" if r.type == "OUTPERFORMS" else r.type
            G.add_edge(":".join(r.src), ":".join(r.dst), key=key, type=r.type, **r.props)
        for label, i in pr.named:
            papers_of[f"{label}:{i}"] = papers_of.get(f"{label}:{i}", 0) + 1
    for key, count in papers_of.items():
        G.nodes[key]["papers"] = count
    G.remove_nodes_from([n for n, d in list(G.nodes(data=True))
                         if d["label"] in ENTITY_LABELS and not d.get("papers")])
    return G


# -- streaming to CSV and COPY --------------------------------------------------------------------


def _field(v: Any, p: Prop) -> str:
    """One CSV field as LadybugDB's reader takes it back: unquoted empty is NULL, quoted empty is ''.
    The generator's strings hold no quotes, commas inside lists or newlines, so lists are ``[a,b]``."""
    if p.type == "STRING[]":
        return '"[' + ",".join(sorted({str(x) for x in v or ()})) + ']"'
    if v is None:
        return ""
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"'
    return str(v)


class _CsvTables:
    """One open CSV file per node label and per (relationship, from label, to label)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[tuple[str, ...], tuple[Path, TextIO]] = {}
        self.rows: dict[tuple[str, ...], int] = {}

    def write(self, table: tuple[str, ...], fields: list[str]) -> None:
        if table not in self.files:
            path = self.folder / ("_".join(table) + ".csv")
            self.files[table] = (path, path.open("w", encoding="utf-8", newline=""))
            self.rows[table] = 0
        self.files[table][1].write(",".join(fields) + "\n")
        self.rows[table] += 1

    def node(self, label: str, data: dict[str, Any]) -> None:
        self.write((label,), [_field(data.get(p.name), p) for p in NODE_BY_LABEL[label].props])

    def rel(self, r: Rel) -> None:
        props = [_field(r.props.get(p.name), p) for p in REL_BY_NAME[r.type].props]
        self.write((r.type, r.src[0], r.dst[0]), [_field(r.src[1], _KEY), _field(r.dst[1], _KEY), *props])

    def close(self) -> None:
        for _, fh in self.files.values():
            fh.close()


def copy_statements(tables: _CsvTables) -> list[str]:
    """Node tables first (relationships need their ends), one COPY per file."""
    out = []
    for table, (path, _) in sorted(tables.files.items(), key=lambda kv: (len(kv[0]), kv[0])):
        opts = "header=false, quote='\"', escape='\"'"
        if len(table) == 3 and len(REL_BY_NAME[table[0]].ends) > 1:
            opts += f", from='{table[1]}', to='{table[2]}'"
        out.append(f"COPY `{table[0]}` FROM '{path.as_posix()}' ({opts})")
    return out


def write_store(papers: int, db: Path, seed: int = 7, buffer_pool_mb: int | None = None,
                folder: Path | None = None) -> dict[str, int]:
    """Generate ``papers`` papers straight into a new store at ``db``; returns rows per CSV table."""
    from paperkg.cypher.ladybug import LadybugStore

    with tempfile.TemporaryDirectory(prefix="graph-gen-", dir=folder) as tmp:
        tables = _CsvTables(Path(tmp))
        world, rows = _run(papers, seed)
        papers_of: dict[tuple[str, str], int] = {}
        for pr in rows:
            tables.node("Paper", pr.paper)
            for c in pr.claims:
                tables.node("Claim", c)
            for r in pr.rels:
                tables.rel(r)
            for e in pr.named:
                papers_of[e] = papers_of.get(e, 0) + 1
        for e in world.entities:
            count = papers_of.get((e["label"], e["id"]), 0)
            if count:
                tables.node(e["label"], {**e, "papers": count})
        tables.close()
        with LadybugStore(db, buffer_pool_mb=buffer_pool_mb) as store:
            for stmt in copy_statements(tables):
                store.run(stmt)
        return {"_".join(t): n for t, n in tables.rows.items()}


def _size(path: Path) -> int:
    paths = [path, *path.parent.glob(path.name + ".*")]
    return sum(p.stat().st_size for p in paths if p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, required=True, help="Store to create (must not exist).")
    ap.add_argument("--buffer-pool-mb", type=int, default=None, help="Cap on the store's page cache.")
    ap.add_argument("--tmp", type=Path, default=None, help="Folder for the CSV files (default: TMPDIR).")
    args = ap.parse_args(argv)
    if args.db.exists():
        print(f"{args.db} exists; give a new path", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    rows = write_store(args.papers, args.db, args.seed, args.buffer_pool_mb, args.tmp)
    dt = time.perf_counter() - t0
    nodes = sum(n for t, n in rows.items() if "_" not in t)
    edges = sum(rows.values()) - nodes
    print(f"{args.papers} papers: {nodes} nodes, {edges} edges; written in {dt:.1f}s -> {args.db} "
          f"({_size(args.db) / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
