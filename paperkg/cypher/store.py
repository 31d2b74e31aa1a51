"""The embedded LadybugDB store: schema from schema.py, idempotent batched upserts, and the graph back out.

Atomicity: every :meth:`LadybugStore.write_graph` runs inside one ``BEGIN TRANSACTION ... COMMIT``;
LadybugDB logs it to its write-ahead file and a process killed before COMMIT leaves the previous
content (tests/cypher/test_store.py kills a writer mid-transaction to check). A brand-new store
is additionally built under a sibling temporary name and renamed into place by
:func:`paperkg.build.build`, so an interrupted first build leaves no store at all.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import ladybug
import networkx as nx

from paperkg.cypher import ddl
from paperkg.cypher.backend import QueryResult
from paperkg.graph.resolve import Anchor
from paperkg.graph.schema import ENTITY_LABELS, NODE_BY_LABEL, NODES, RELS, NodeType, Prop, RelType

BATCH = 5000
_LOCK_PID = re.compile(r"held by PID (\d+)")
_PENDING_CHECKPOINT = re.compile(r"checkpoint recovery is pending", re.IGNORECASE)
# How LadybugDB reports a log whose tail was cut (mid-record) or half-written (bad checksum).
_TORN_WAL = re.compile(
    r"WAL file is corrupted|Checksum verification failed|Reading past the end of the file \S*\.wal\b",
    re.IGNORECASE,
)


class StoreError(Exception):
    """A store problem the user can act on; its message is one line."""


class StoreBusyError(StoreError):
    pass


class StoreMissingError(StoreError):
    pass


class StoreVersionError(StoreError):
    pass


def _q(name: str) -> str:
    return ddl.q(name)


def _cast(expr: str, p: Prop) -> str:
    # Casts let a batch whose column is all-null still bind to the table's type.
    return f"CAST({expr} AS {p.type})"


def _chunks(rows: list[Any], n: int = BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(rows), n):
        yield rows[i : i + n]


def _value(v: Any, p: Prop) -> Any:
    if p.type == "STRING[]":
        return sorted({str(x) for x in v}) if v else []
    if v is None:
        return None
    if p.type == "INT64":
        return int(v)
    if p.type == "DOUBLE":
        return float(v)
    if p.type == "BOOLEAN":
        return bool(v)
    return str(v)


def _ram_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30


# LadybugDB 0.22's COPY holds a table's new pages in the buffer pool until it commits. Measured here:
# a 114 MB Paper CSV (160k papers with abstracts) needed between 400 and 512 MB of pool; a 64 MB
# USES CSV needed between 256 and 512 MB in one COPY, and 192 MB sufficed in four COPYs of 16 MB; a
# 1M-paper build's COPY of Paper failed with a 2 GB pool ("Buffer manager exception: Unable to
# allocate memory") and completed with 8 GB at 3.8 GB peak RSS. A second COPY into a node table
# commits but its checkpoint fails the same way, so node tables are copied whole (the pool is
# raised to fit them) and relationship tables in pieces of ``REL_COPY_BYTES``.
NODE_COPY_FACTOR = 4
REL_COPY_FACTOR = 6
REL_COPY_BYTES = 128 << 20
COPY_POOL_SLACK_MB = 256


def copy_pool_mb(node_bytes: int, rel_bytes: int, total_bytes: int | None = None) -> int:
    """The buffer pool a bulk load needs for its largest node CSV and its largest relationship piece:
    the measured factors above plus slack, at most 80% of RAM (LadybugDB's own default cap)."""
    need = max(NODE_COPY_FACTOR * node_bytes, REL_COPY_FACTOR * rel_bytes) // (1 << 20) + COPY_POOL_SLACK_MB
    ram = total_bytes if total_bytes is not None else _ram_bytes()
    return int(min(need, ram * 4 // 5 // (1 << 20)))


def build_buffer_pool_mb(total_bytes: int | None = None) -> int:
    """The page-cache cap for builds: a quarter of RAM, between 256 MB and 2 GB. LadybugDB's own
    default (80% of RAM) lets one build hold most of the machine while extraction workers and the
    CSV writers need memory too; a bulk load of 100k papers peaked at 0.6 GB with a 1 GB cap."""
    if total_bytes is None:
        total_bytes = _ram_bytes()
    return int(min(2048, max(256, total_bytes // 4 // (1 << 20))))


class LadybugStore:
    """A paperkg graph in a LadybugDB file; implements :class:`paperkg.cypher.backend.Backend`."""

    name = "ladybug"

    def __init__(self, path: str | Path, read_only: bool = False, buffer_pool_mb: int | None = None) -> None:
        """``buffer_pool_mb``: cap on LadybugDB's page cache (its default is 80% of RAM, which a long
        build then holds and which competes with the extraction workers)."""
        self.path = Path(path)
        self.read_only = read_only
        self.buffer_pool_mb = buffer_pool_mb  # None: LadybugDB's default (80% of RAM)
        if read_only and not self.path.exists():
            raise StoreMissingError(
                f"no store at {self.path} (create it with: paperkg build INPUT --db {self.path})"
            )
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a paperkg store")
        self.recovered = False
        try:
            try:
                self._db = self._database()
            except RuntimeError as exc:
                if not (_TORN_WAL.search(str(exc)) or _PENDING_CHECKPOINT.search(str(exc))):
                    raise
                self._repair()
                self._db = self._database()
        except RuntimeError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                m = _LOCK_PID.search(msg)
                who = f" (process {m.group(1)})" if m else ""
                raise StoreBusyError(
                    f"store {self.path} is busy: another process{who} has it open for writing; "
                    "wait for it to finish or use another --db"
                ) from None
            raise StoreError(f"cannot open store {self.path}: {msg.splitlines()[0]}") from None
        self._conn = ladybug.Connection(self._db)
        self._init_schema()

    def _repair(self) -> None:
        """Bring back the last consistent state after a writer was killed mid-write.

        Two states are left by a SIGKILL (tests/robustness/test_stores.py kills real builds):

        * killed while checkpointing: shadow pages that only a writable open applies (read-only
          opens refuse the store until then). Opening writable once finishes the checkpoint.
        * killed while appending to the write-ahead log: its last record is torn and LadybugDB
          refuses the store. LadybugDB's "replay up to the error" mode promises nothing about the
          unfinished transaction, so the log is set aside instead: the data file changes only at
          checkpoints, so it holds the last checkpointed state, which is the store as it was
          before the interrupted ``paperkg build`` (the kill tests compare content hashes).

        The writable open doubles as the check that no live writer owns the log: with one, it fails
        with the lock error and the store is reported busy, untouched.
        """
        try:
            ladybug.Database(str(self.path)).close()
            what = "finished the checkpoint of an interrupted write"
        except RuntimeError as exc:
            if not _TORN_WAL.search(str(exc)):
                raise
            wal = Path(f"{self.path}.wal")
            aside = wal.with_name(f"{wal.name}.torn-{time.strftime('%Y%m%dT%H%M%S')}")
            os.replace(wal, aside)
            ladybug.Database(str(self.path)).close()
            what = (f"a write was interrupted mid-log; went back to the last complete state "
                    f"(the torn log is kept as {aside.name})")
        self.recovered = True
        print(f"warning: store {self.path}: {what}", file=sys.stderr)

    # ----- Backend -----

    def _database(self) -> ladybug.Database:
        options = {"buffer_pool_size": self.buffer_pool_mb << 20} if self.buffer_pool_mb else {}
        return ladybug.Database(str(self.path), read_only=self.read_only, **options)

    def _execute(self, cypher: str, params: dict[str, Any] | None) -> Any:
        res = self._conn.execute(cypher, params or {})
        return res[-1] if isinstance(res, list) else res  # several statements: the last one answers

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        res = self._execute(cypher, params)
        out = QueryResult(list(res.get_column_names()))
        while res.has_next():
            out.rows.append(list(res.get_next()))
        return out

    def reopen(self, buffer_pool_mb: int) -> None:
        """Close and open the store again with another buffer pool (the pool is fixed at open)."""
        self.close()
        self.buffer_pool_mb = buffer_pool_mb
        self._db = self._database()
        self._conn = ladybug.Connection(self._db)

    def stream(self, cypher: str, params: dict[str, Any] | None = None) -> Iterator[list[Any]]:
        """The rows of one statement one by one, for answers too big to hold as a list (whole-label scans)."""
        res = self._execute(cypher, params)
        while res.has_next():
            yield res.get_next()

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        self._conn = self._db = None
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- schema -----

    def tables(self) -> set[str]:
        return {row[1] for row in self.run("CALL show_tables() RETURN *").rows}

    def _init_schema(self) -> None:
        tables = self.tables()
        if not tables:
            if self.read_only:
                raise StoreError(f"{self.path} is empty, not a paperkg store")
            self._transaction(
                [*ddl.statements(), ddl.meta_table()],
                [
                    (
                        f"CREATE (:{_q(ddl.META_TABLE)} {{key: 'schema', value: $v}})",
                        {"v": ddl.schema_version()},
                    )
                ],
            )
            return
        if ddl.META_TABLE not in tables:
            raise StoreVersionError(f"{self.path} is not a paperkg store (no {ddl.META_TABLE} table)")
        rows = self.run(f"MATCH (m:{_q(ddl.META_TABLE)} {{key: 'schema'}}) RETURN m.value").rows
        found = rows[0][0] if rows else "unknown"
        if found != ddl.schema_version():
            raise StoreVersionError(
                f"store {self.path} has graph schema {found} but this paperkg uses {ddl.schema_version()}; "
                f"rebuild it (delete it and run paperkg build INPUT --db {self.path})"
            )

    def _transaction(self, statements: Iterable[str], batches: Iterable[tuple[str, dict]]) -> None:
        self._conn.execute("BEGIN TRANSACTION")
        try:
            for s in statements:
                self._conn.execute(s)
            for s, params in batches:
                self._conn.execute(s, params)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # ----- reading -----

    def count(self, label: str) -> int:
        return int(self.run(f"MATCH (n:{_q(label)}) RETURN count(n)").rows[0][0])

    def counts(self) -> dict[str, int]:
        """Nodes per label and edges per relationship type."""
        out = {n.label: self.count(n.label) for n in NODES}
        for r in RELS:
            out[r.name] = int(self.run(f"MATCH ()-[e:{_q(r.name)}]->() RETURN count(e)").rows[0][0])
        return out

    def paper_ids(self) -> set[str]:
        return {r[0] for r in self.run("MATCH (p:Paper) RETURN p.id").rows}

    def anchors(self) -> list[Anchor]:
        """The stored entity index, so new papers resolve onto existing ids."""
        out = []
        for label in ENTITY_LABELS:
            for id_, name, aliases in self.run(f"MATCH (n:{_q(label)}) RETURN n.id, n.name, n.aliases").rows:
                out.append(Anchor(label, id_, name or id_, tuple(aliases or ())))
        return out

    # ----- writing -----

    def write_graph(self, g: nx.MultiDiGraph, method: Literal["merge", "copy", "auto"] = "auto") -> str:
        """Upsert ``g`` (papers it holds replace their earlier version); returns the method used.

        ``copy`` (COPY FROM UNWIND, the bulk path) needs a store with no data yet; ``auto`` picks
        it for an empty store and MERGE otherwise.
        """
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        fresh = self.count("Paper") == 0 and all(self.count(label) == 0 for label in ENTITY_LABELS)
        if method == "auto":
            method = "copy" if fresh else "merge"
        if method == "copy" and not fresh:
            raise StoreError("COPY needs an empty store; use method='merge'")
        nodes, edges = _rows(g)
        if method == "copy":
            with tempfile.TemporaryDirectory(prefix="paperkg-copy-") as tmp:
                folder = Path(tmp)
                if "'" in folder.as_posix():  # cannot be quoted in COPY: pass rows instead
                    raise StoreError(f"temporary folder {folder} has a quote in its name; set TMPDIR")
                self._transaction([], [*self._copy_nodes(nodes), *self._copy_edges(edges, folder)])
            return method
        paper_ids = sorted(r["id"] for r in nodes.get("Paper", ()))
        self._merge_lists(nodes)
        batches = [
            *self._forget_papers(paper_ids),
            *self._merge_nodes(nodes),
            *self._merge_edges(edges),
            *self._recount(),
        ]
        self._transaction([], batches)
        return method

    def _merge_lists(self, nodes: dict[str, list[dict]]) -> None:
        """List props are sets: union with what the store holds (aliases, sources), sorted."""
        for label, rows in nodes.items():
            list_props = [p.name for p in NODE_BY_LABEL[label].props if p.type == "STRING[]"]
            if not list_props or label == "Claim":
                continue
            cols = ", ".join(f"n.{_q(p)}" for p in list_props)
            for chunk in _chunks(rows):
                old = {
                    r[0]: r[1:]
                    for r in self.run(
                        f"UNWIND $ids AS i MATCH (n:{_q(label)} {{id: i}}) RETURN n.id, {cols}",
                        {"ids": [r["id"] for r in chunk]},
                    ).rows
                }
                for r in chunk:
                    if r["id"] not in old:
                        continue
                    for name, prev in zip(list_props, old[r["id"]], strict=True):
                        if label == "Paper" and name != "sources":
                            continue  # authors/categories are the record's, not accumulated
                        r[name] = sorted(set(r[name] or ()) | set(prev or ()))

    @staticmethod
    def _forget_papers(paper_ids: list[str]) -> Iterator[tuple[str, dict]]:
        """A paper added again replaces its own edges and claims (re-extraction must not leave stale ones)."""
        for chunk in _chunks(paper_ids):
            p = {"ids": chunk}
            yield ("UNWIND $ids AS i MATCH (:Paper {id: i})-[:REPORTS]->(c:Claim) DETACH DELETE c", p)
            yield ("MATCH ()-[e:OUTPERFORMS]->() WHERE e.paper_id IN $ids DELETE e", p)
            yield ("UNWIND $ids AS i MATCH (:Paper {id: i})-[e]->() DELETE e", p)

    @staticmethod
    def _merge_nodes(nodes: dict[str, list[dict]]) -> Iterator[tuple[str, dict]]:
        for nt in NODES:
            rows = nodes.get(nt.label)
            if not rows:
                continue
            sets = ", ".join(
                f"n.{_q(p.name)} = {_cast('r.' + _q(p.name), p)}" for p in nt.props if p.name != nt.key
            )
            stmt = f"UNWIND $rows AS r MERGE (n:{_q(nt.label)} {{id: r.id}}) SET {sets}"
            for chunk in _chunks(rows):
                yield stmt, {"rows": chunk}

    @staticmethod
    def _merge_edges(edges: dict[tuple[str, str, str], list[dict]]) -> Iterator[tuple[str, dict]]:
        for rt in RELS:
            for a, b in rt.ends:
                rows = edges.get((rt.name, a, b))
                if not rows:
                    continue
                ident = "{claim_id: r.claim_id}" if rt.name == "OUTPERFORMS" else ""
                props = [p for p in rt.props if not (rt.name == "OUTPERFORMS" and p.name == "claim_id")]
                sets = ", ".join(f"e.{_q(p.name)} = {_cast('r.' + _q(p.name), p)}" for p in props)
                stmt = (
                    f"UNWIND $rows AS r MATCH (a:{_q(a)} {{id: r.src}}), (b:{_q(b)} {{id: r.dst}}) "
                    f"MERGE (a)-[e:{_q(rt.name)} {ident}]->(b)" + (f" SET {sets}" if sets else "")
                )
                for chunk in _chunks(rows):
                    yield stmt, {"rows": chunk}

    @staticmethod
    def _recount() -> Iterator[tuple[str, dict]]:
        """``papers`` counts every paper linked to an entity; entities no paper names any more go."""
        for label in ENTITY_LABELS:
            yield (
                f"MATCH (n:{_q(label)}) OPTIONAL MATCH (p:Paper)-[]->(n) "
                f"WITH n, count(DISTINCT p) AS k SET n.papers = k",
                {},
            )
            yield f"MATCH (n:{_q(label)}) WHERE n.papers = 0 DETACH DELETE n", {}

    @staticmethod
    def _copy_nodes(nodes: dict[str, list[dict]]) -> Iterator[tuple[str, dict]]:
        for nt in NODES:
            rows = nodes.get(nt.label)
            if not rows:
                continue
            cols = ", ".join(_cast("r." + _q(p.name), p) for p in nt.props)
            stmt = f"COPY {_q(nt.label)} FROM (UNWIND $rows AS r RETURN {cols})"
            for chunk in _chunks(rows, 50_000):
                yield stmt, {"rows": chunk}

    @staticmethod
    def _copy_edges(
        edges: dict[tuple[str, str, str], list[dict]], folder: Path
    ) -> Iterator[tuple[str, dict]]:
        """Relationships go through CSV files: passing rows as a parameter costs ~6x more than
        LadybugDB's CSV reader (bench/store_write.py), and rel props hold no lists, so CSV is exact."""
        for rt in RELS:
            for a, b in rt.ends:
                rows = edges.get((rt.name, a, b))
                if not rows:
                    continue
                path = folder / f"{rt.name}_{a}_{b}.csv"
                with path.open("w", encoding="utf-8", newline="") as fh:
                    for r in rows:
                        fh.write(_csv_edge(rt, r))
                yield _copy_rel_csv(rt, a, b, path), {}

    def bulk_load(self, folder: str | Path) -> BulkLoad:
        """A :class:`BulkLoad` into this store, which must be empty (a new store)."""
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        if any(self.count(n.label) for n in NODES):
            raise StoreError("a bulk load needs an empty store; use write_graph(method='merge')")
        return BulkLoad(self, Path(folder))


# ----- CSV files for LadybugDB's COPY -----

# List items are joined with the ASCII unit separator and split again by ``string_split`` in the
# COPY; LadybugDB's own CSV list syntax (``[a,b]``) keeps quotes inside items, so it is not exact.
LIST_SEP = "\x1f"
_CSV_OPTS = "header=false, parallel=false, quote='\"', escape='\"'"


def _csv(v: Any) -> str:
    """A CSV field LadybugDB reads back exactly: unquoted empty is NULL, quoted empty is ''.
    Strings are quoted with inner quotes doubled; newlines, carriage returns, backslashes, NUL and
    any Unicode go through as they are (``parallel=false`` reads quoted newlines). Floats are
    written with ``repr``, the shortest text that parses back to the same double."""
    if v is None:
        return ""
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _csv_list(items: list[str]) -> str | None:
    """A list as one CSV field (NULL for the empty list), or None when it cannot be written exactly:
    ``string_split`` drops empty items, and an item may itself hold the separator."""
    if not items:
        return ""
    if any(not x or LIST_SEP in x for x in items):
        return None
    return _csv(LIST_SEP.join(items))


def _csv_edge(rt: RelType, r: dict) -> str:
    return ",".join([_csv(r["src"]), _csv(r["dst"]), *(_csv(r[p.name]) for p in rt.props)]) + "\n"


def _copy_rel_csv(rt: RelType, a: str, b: str, path: Path) -> str:
    opts = _CSV_OPTS + (f", from='{a}', to='{b}'" if len(rt.ends) > 1 else "")
    return f"COPY {_q(rt.name)} FROM '{path.as_posix()}' ({opts})"


def _node_csv(nt: NodeType, r: dict) -> str | None:
    """One node's CSV line, or None when one of its lists cannot be written exactly."""
    cells = []
    for p in nt.props:
        cell = _csv_list(r[p.name]) if p.type == "STRING[]" else _csv(r[p.name])
        if cell is None:
            return None
        cells.append(cell)
    return ",".join(cells) + "\n"


def _load_node_csv(nt: NodeType, path: Path) -> tuple[str, list[str]]:
    """``LOAD WITH HEADERS (...) FROM path`` for a node CSV file, and the expressions of its props
    (list columns are read as text and split)."""
    cols = [f"c{i}" for i in range(len(nt.props))]
    schema = ", ".join(
        f"{c} {'STRING' if p.type == 'STRING[]' else p.type}" for c, p in zip(cols, nt.props, strict=True)
    )
    exprs = [
        f"CASE WHEN {c} IS NULL THEN CAST([] AS STRING[]) ELSE string_split({c}, '{LIST_SEP}') END"
        if p.type == "STRING[]" else c
        for c, p in zip(cols, nt.props, strict=True)
    ]
    return f"LOAD WITH HEADERS ({schema}) FROM '{path.as_posix()}' ({_CSV_OPTS})", exprs


def _copy_node_csv(nt: NodeType, path: Path) -> str:
    """One COPY of a node table from its CSV file."""
    if not any(p.type == "STRING[]" for p in nt.props):
        return f"COPY {_q(nt.label)} FROM '{path.as_posix()}' ({_CSV_OPTS})"
    load, exprs = _load_node_csv(nt, path)
    return f"COPY {_q(nt.label)} FROM ({load} RETURN {', '.join(exprs)})"


_KEPT = (*ENTITY_LABELS, "Repository")  # nodes that recur across batches: written once, at the end


def _keep(kept: dict[str, dict[str, dict]], label: str, rows: Iterable[dict]) -> None:
    """Fold later rows of recurring nodes into earlier ones as the batched MERGE path would: the
    later row's properties, entity aliases united and ``papers`` summed (exact, because every
    paper is in one batch)."""
    into = kept.setdefault(label, {})
    for r in rows:
        prev = into.get(r["id"])
        if prev is not None and label != "Repository":
            r["papers"] = (prev["papers"] or 0) + (r["papers"] or 0)
            if prev["aliases"] != r["aliases"]:
                r["aliases"] = sorted(set(prev["aliases"]) | set(r["aliases"]))
        into[r["id"]] = r


@dataclass
class CsvPart:
    """What :class:`CsvWriter` leaves besides its files: recurring nodes, rows needing a fix-up."""

    kept: dict[str, dict[str, dict]] = field(default_factory=dict)
    fixups: dict[str, list[dict]] = field(default_factory=dict)
    rows: int = 0


class CsvWriter:
    """Appends graph fragments to CSV files ``TABLE.SUFFIX.csv`` in ``folder``: one per node label
    and per relationship table and end pair. Papers, claims and relationships go to disk at once;
    entities and repositories, which recur across fragments, are kept (:func:`_keep`) for
    :class:`BulkLoad` to write once. Runs in the loader or in a worker process (one per part)."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder, self.suffix = folder, suffix
        self.out = CsvPart()
        self._files: dict[str, Any] = {}

    def _file(self, table: str):
        fh = self._files.get(table)
        if fh is None:
            path = self.folder / f"{table}.{self.suffix}.csv"
            fh = self._files[table] = path.open("w", encoding="utf-8", newline="")
        return fh

    def add(self, g: nx.MultiDiGraph) -> None:
        nodes, edges = _rows(g)
        for label, rows in nodes.items():
            if label in _KEPT:
                _keep(self.out.kept, label, rows)
            else:
                self.write_nodes(NODE_BY_LABEL[label], rows)
        for rt in RELS:
            for a, b in rt.ends:
                rows = edges.get((rt.name, a, b))
                if rows:
                    self._file(f"{rt.name}_{a}_{b}").writelines(_csv_edge(rt, r) for r in rows)
                    self.out.rows += len(rows)

    def write_nodes(self, nt: NodeType, rows: Iterable[dict]) -> None:
        fh = self._file(nt.label)
        lists = [p.name for p in nt.props if p.type == "STRING[]"]
        for r in rows:
            line = _node_csv(nt, r)
            if line is None:  # lists CSV cannot carry: written empty, set after the COPY
                self.out.fixups.setdefault(nt.label, []).append({"id": r["id"], **{n: r[n] for n in lists}})
                line = _node_csv(nt, {**r, **dict.fromkeys(lists, [])})
            fh.write(line)
            self.out.rows += 1

    def close(self) -> CsvPart:
        for fh in self._files.values():
            fh.close()
        self._files.clear()
        return self.out


class BulkLoad:
    """A new store's whole content as one ``COPY`` per table from CSV files on disk.

    Fragments (batches of papers under one resolution, see ``paperkg.graph.build.fragment``) are
    written to CSV by :class:`CsvWriter` s — :meth:`add` in this process, or by workers writing one
    part each that are handed in with :meth:`absorb` in part order — so memory holds one fragment
    plus the recurring nodes. :meth:`finish` writes the recurring nodes, raises the store's buffer
    pool to what the largest COPY needs (:func:`copy_pool_mb`), joins each table's files (in suffix
    order) and copies them, nodes first: one COPY per node table (LadybugDB 0.22 crashed on a
    second COPY into a node table with rows), relationship tables in pieces of ``REL_COPY_BYTES``.
    Rows whose lists cannot go through CSV exactly (:func:`_csv_list`) are written with empty lists
    and their lists set afterwards by a parameterised statement; they are rare.
    """

    def __init__(self, store: LadybugStore, folder: Path) -> None:
        if "'" in folder.as_posix():  # cannot be quoted in COPY
            raise StoreError(f"folder {folder} for bulk-load files has a quote in its name")
        folder.mkdir(parents=True, exist_ok=True)
        self.store, self.folder = store, folder
        self.pool_mb: int | None = store.buffer_pool_mb  # the pool the COPYs ran with (None: default)
        self._total = CsvPart()
        self._own: CsvWriter | None = None

    def add(self, g: nx.MultiDiGraph) -> None:
        if self._own is None:
            self._own = CsvWriter(self.folder, "00000")
        self._own.add(g)

    def absorb(self, part: CsvPart) -> None:
        """A worker's part (its files are in the folder already); parts must come in order."""
        for label, rows in part.kept.items():
            _keep(self._total.kept, label, rows.values())
        for label, rows in part.fixups.items():
            self._total.fixups.setdefault(label, []).extend(rows)
        self._total.rows += part.rows

    def finish(self) -> int:
        """Write the recurring nodes, copy every table; returns the rows loaded."""
        if self._own is not None:
            self.absorb(self._own.close())
        last = CsvWriter(self.folder, "zzzzz")  # sorts after every part
        for label in _KEPT:
            kept = self._total.kept.pop(label, {})
            last.write_nodes(NODE_BY_LABEL[label], (kept[k] for k in sorted(kept)))
        self.absorb(last.close())
        self._size_pool()
        run = self.store._conn.execute
        for nt in NODES:
            if path := self._join(nt.label):
                run(_copy_node_csv(nt, path))
        for rt in RELS:
            for a, b in rt.ends:
                for path in self._join_chunks(f"{rt.name}_{a}_{b}", REL_COPY_BYTES):
                    run(_copy_rel_csv(rt, a, b, path))
        fixes = []
        for label, rows in self._total.fixups.items():
            lists = [p.name for p in NODE_BY_LABEL[label].props if p.type == "STRING[]"]
            sets = ", ".join(f"n.{_q(n)} = r.{_q(n)}" for n in lists)
            stmt = f"UNWIND $rows AS r MATCH (n:{_q(label)} {{id: r.id}}) SET {sets}"
            fixes += [(stmt, {"rows": c}) for c in _chunks(rows)]
        if fixes:
            self.store._transaction([], fixes)
        return self._total.rows

    def _size_pool(self) -> None:
        """Give the store the buffer pool its largest COPY needs (:func:`copy_pool_mb`) when it has
        less: raised, never lowered; the pool a build asked for holds for everything else."""
        sizes: dict[str, int] = defaultdict(int)
        pieces: dict[str, int] = defaultdict(int)  # each table's largest file (a piece ends at one)
        for piece in self.folder.glob("*.csv"):
            table, size = piece.name.split(".")[0], piece.stat().st_size
            sizes[table] += size
            pieces[table] = max(pieces[table], size)
        nodes = {nt.label for nt in NODES}
        node_bytes = max((v for k, v in sizes.items() if k in nodes), default=0)
        rel_bytes = max((min(v, REL_COPY_BYTES + pieces[k]) for k, v in sizes.items() if k not in nodes),
                        default=0)
        need = copy_pool_mb(node_bytes, rel_bytes)
        have = self.store.buffer_pool_mb
        self.pool_mb = have
        if have is not None and need > have:
            self.store.reopen(need)
            self.pool_mb = need

    def _join_chunks(self, table: str, limit: int) -> Iterator[Path]:
        """The table's files joined in order into files of about ``limit`` bytes (a bigger piece
        alone), each yielded once written and removed when the caller asks for the next."""
        pieces = sorted(self.folder.glob(f"{table}.*.csv"))
        group: list[Path] = []
        size = 0
        for i, piece in enumerate(pieces):
            group.append(piece)
            size += piece.stat().st_size
            if size >= limit or i == len(pieces) - 1:
                path = _concat(group, self.folder / f"{table}.chunk.csv")
                yield path
                path.unlink()
                group, size = [], 0

    def _join(self, table: str) -> Path | None:
        pieces = sorted(self.folder.glob(f"{table}.*.csv"))
        return _concat(pieces, self.folder / f"{table}.csv") if pieces else None


def _concat(pieces: list[Path], path: Path) -> Path:
    """``pieces`` joined, in order, into ``path`` (each removed once copied)."""
    with path.open("wb") as out:
        for piece in pieces:
            with piece.open("rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)
            piece.unlink()
    return path


def _rows(g: nx.MultiDiGraph) -> tuple[dict[str, list[dict]], dict[tuple[str, str, str], list[dict]]]:
    """Schema-shaped rows per node label and per (rel, from label, to label), every prop present."""
    nodes: dict[str, list[dict]] = defaultdict(list)
    for _, d in g.nodes(data=True):
        nt = NODE_BY_LABEL[d["label"]]
        nodes[nt.label].append({p.name: _value(d.get(p.name), p) for p in nt.props})
    edges: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    rel_by_name = {r.name: r for r in RELS}
    for u, v, d in g.edges(data=True):
        rt = rel_by_name[d["type"]]
        a, b = g.nodes[u]["label"], g.nodes[v]["label"]
        row = {"src": g.nodes[u]["id"], "dst": g.nodes[v]["id"]}
        row.update({p.name: _value(d.get(p.name), p) for p in rt.props})
        edges[(rt.name, a, b)].append(row)
    for rows in nodes.values():
        rows.sort(key=lambda r: r["id"])
    return nodes, edges


def to_networkx(store: LadybugStore) -> nx.MultiDiGraph:
    """The whole store as the in-memory graph of the conventions (node keys ``Label:id``)."""
    g = nx.MultiDiGraph()
    for nt in NODES:
        cols = ", ".join(f"n.{_q(p.name)}" for p in nt.props)
        for row in store.run(f"MATCH (n:{_q(nt.label)}) RETURN {cols} ORDER BY n.id").rows:
            attrs = {"label": nt.label, **{p.name: v for p, v in zip(nt.props, row, strict=True)}}
            g.add_node(f"{nt.label}:{attrs['id']}", **attrs)
    for rt in RELS:
        cols = "".join(f", e.{_q(p.name)}" for p in rt.props)
        for a, b in rt.ends:
            res = store.run(f"MATCH (x:{_q(a)})-[e:{_q(rt.name)}]->(y:{_q(b)}) RETURN x.id, y.id{cols}")
            for row in res.rows:
                attrs = {"type": rt.name, **{p.name: v for p, v in zip(rt.props, row[2:], strict=True)}}
                key = f"OUTPERFORMS:{attrs['claim_id']}" if rt.name == "OUTPERFORMS" else rt.name
                g.add_edge(f"{a}:{row[0]}", f"{b}:{row[1]}", key=key, **attrs)
    return g


def open_store(path: str | Path, read_only: bool = True, buffer_pool_mb: int | None = None) -> LadybugStore:
    """Open an existing store (read-only unless asked): the entry point for analytics and viz. The page
    cache is capped as for builds (``build_buffer_pool_mb()``): LadybugDB's default, 80% of RAM, let a
    read-only ``paperkg viz`` of a 1M-paper store grow to 8.4 GB of resident memory."""
    return LadybugStore(path, read_only=read_only, buffer_pool_mb=buffer_pool_mb or build_buffer_pool_mb())
