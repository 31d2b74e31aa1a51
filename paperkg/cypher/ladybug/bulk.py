"""A new store's whole content loaded in bulk: graph fragments streamed to CSV files, one ``COPY`` per table.

:class:`CsvWriter` writes the files (in the loader, or in one worker process per part), :class:`BulkLoad`
copies them into the store; the files' format is copy_csv.py's.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from paperkg.cypher.ladybug.buffer_pool import copy_pool_mb
from paperkg.cypher.ladybug.copy_csv import copy_node_statement, copy_rel_statement, edge_line, node_line
from paperkg.cypher.ladybug.upsert import chunks, graph_rows
from paperkg.graph.schema import ENTITY_LABELS, NODE_BY_LABEL, NODES, RELS, NodeType
from paperkg.util.cypher_names import q

if TYPE_CHECKING:
    from paperkg.cypher.ladybug.connection import LadybugStore

REL_COPY_BYTES = 128 << 20  # a relationship table is copied in pieces of about this size (buffer_pool.py)

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
        nodes, edges = graph_rows(g)
        for label, rows in nodes.items():
            if label in _KEPT:
                _keep(self.out.kept, label, rows)
            else:
                self.write_nodes(NODE_BY_LABEL[label], rows)
        for rt in RELS:
            for a, b in rt.ends:
                edge_rows = edges.get((rt.name, a, b))
                if edge_rows:
                    self._file(f"{rt.name}_{a}_{b}").writelines(edge_line(rt, r) for r in edge_rows)
                    self.out.rows += len(edge_rows)

    def write_nodes(self, nt: NodeType, rows: Iterable[dict]) -> None:
        fh = self._file(nt.label)
        lists = [p.name for p in nt.props if p.type == "STRING[]"]
        for r in rows:
            line = node_line(nt, r)
            if line is None:  # lists CSV cannot carry: written empty, set after the COPY
                self.out.fixups.setdefault(nt.label, []).append({"id": r["id"], **{n: r[n] for n in lists}})
                line = node_line(nt, {**r, **dict.fromkeys(lists, [])})
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
    Rows whose lists cannot go through CSV exactly (:func:`~paperkg.cypher.ladybug.copy_csv.node_line`)
    are written with empty lists and their lists set afterwards by a parameterised statement; they are
    rare. Made by :meth:`LadybugStore.bulk_load
    <paperkg.cypher.ladybug.connection.LadybugStore.bulk_load>`, which checks the store and the folder.
    """

    def __init__(self, store: LadybugStore, folder: Path) -> None:
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
        for label, kept in part.kept.items():
            _keep(self._total.kept, label, kept.values())
        for label, fixups in part.fixups.items():
            self._total.fixups.setdefault(label, []).extend(fixups)
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
        run = self.store._connection().execute
        for nt in NODES:
            if path := self._join(nt.label):
                run(copy_node_statement(nt, path))
        for rt in RELS:
            for a, b in rt.ends:
                for path in self._join_chunks(f"{rt.name}_{a}_{b}", REL_COPY_BYTES):
                    run(copy_rel_statement(rt, a, b, path))
        fixes = []
        for label, rows in self._total.fixups.items():
            lists = [p.name for p in NODE_BY_LABEL[label].props if p.type == "STRING[]"]
            sets = ", ".join(f"n.{q(n)} = r.{q(n)}" for n in lists)
            stmt = f"UNWIND $rows AS r MATCH (n:{q(label)} {{id: r.id}}) SET {sets}"
            fixes += [(stmt, {"rows": c}) for c in chunks(rows)]
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
