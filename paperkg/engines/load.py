"""Loading parts into the embedded store, with the whole input resolved first.

Two passes over the parts: the first feeds every entity to one ``Resolver(per_paper=False)``
(memory grows with the distinct names, not with the papers), the second turns each batch of
``batch_size`` papers into a graph fragment under that one resolution and writes it. Entity ids and
names therefore do not depend on the batch size or on how extraction was spread over workers.

A new store is written by :func:`bulk_load`: fragments streamed to CSV files (by one forked
process per core), then one COPY per table. An existing store is written batch by batch, each batch
one transaction of upserts (:func:`_merge_batch`); paperkg/build_store.py decides where that store lives
(in place, or a copy renamed over the original: see its crash-safety note). A new store is built
under a temporary name and renamed when complete, so a killed first build leaves no store.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from paperkg.cypher.footprint import EdgeRows, NodeRows, classify, footprints, stored_footprints
from paperkg.cypher.ladybug import LadybugStore, upsert
from paperkg.cypher.ladybug.bulk import CsvPart, CsvWriter
from paperkg.engines.parts import iter_part, iter_parts
from paperkg.extract.model import Extraction
from paperkg.graph.build import fragment
from paperkg.graph.context import paper_entities
from paperkg.graph.resolve import Resolution, Resolver
from paperkg.sources.record import PaperRecord

Progress = Callable[[int], None]
# LadybugStore.write_graph(method="copy") sends node rows in COPY statements of 50,000 rows; a
# second COPY-from-subquery into a table that already has rows can crash LadybugDB 0.22
# (segmentation fault, seen here), so the COPY path is only taken when every label fits one.
COPY_ROWS_LIMIT = 50_000


@dataclass
class LoadResult:
    added: int = 0  # papers new to the store
    updated: int = 0  # papers the store held, now written differently
    unchanged: int = 0  # papers the store held exactly as this write leaves them (paperkg.cypher.footprint)
    batches: int = 0
    write_method: str = ""
    ambiguous: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    distinct_names: int = 0  # items the resolver held: its memory
    rows: int = 0  # nodes + edges written by a bulk load
    stages: dict[str, float] = field(default_factory=dict)  # bulk load: seconds writing CSV, copying
    buffer_pool_mb: int | None = None  # bulk load: the pool the COPYs ran with (raised to fit them)


def resolve_parts(parts: list[Path], store: LadybugStore) -> tuple[Resolution, int, int]:
    """Pass 1: the corpus-wide resolution (anchored on the store's entities), papers, resolver size."""
    resolver = Resolver(store.anchors(), per_paper=False)
    n = 0
    for rec, ext in iter_parts(parts):
        n += 1
        for ent in paper_entities(rec, ext):  # typed as fragment() reads them
            resolver.add(rec.id, ent)
    return resolver.resolve(), n, len(resolver)


def _batches(pairs: Iterable[tuple[PaperRecord, Extraction]], size: int) -> Iterator[list]:
    it = iter(pairs)
    while batch := list(islice(it, size)):
        yield batch


def load_parts(
    parts: list[Path],
    store: LadybugStore,
    batch_size: int,
    fresh: bool,
    res: Resolution,
    on_progress: Progress | None = None,
    bulk: bool | None = None,
    workers: int | None = None,
) -> LoadResult:
    """Pass 2. ``fresh``: the store was empty before this build. ``bulk`` (default: ``fresh``):
    write the whole graph as one COPY per table from CSV files (:func:`bulk_load`, with
    ``workers`` processes writing the CSV); otherwise each batch is written in its own transaction
    (:func:`_merge_batch`)."""
    if bulk is None:
        bulk = fresh
    if bulk:
        if not fresh:
            raise ValueError("a bulk load needs a new (empty) store")
        return bulk_load(parts, store, batch_size, res, on_progress, workers)
    out = LoadResult(ambiguous=res.ambiguous)
    methods: set[str] = set()
    recounted = False
    batches = _batches(iter_parts(parts), max(1, batch_size))
    batch = next(batches, None)
    while batch is not None:
        following = next(batches, None)
        g = fragment(batch, res)
        if fresh and out.batches == 0 and _fits_one_copy(g):
            methods.add(store.write_graph(g, method="copy"))
            out.added += len(batch)
        else:
            # The whole-store recount (it also drops entities an updated paper no longer names) rides
            # in the last batch's transaction of an update: an update of one batch, written in place,
            # is then one commit, and a kill cannot leave stale ``papers`` counts behind it.
            last_of_update = not fresh and following is None
            # once: the change count reads them before the merge folds stored lists in
            rows = upsert.graph_rows(g)
            if not fresh:
                _count_changes(store, rows, out)
            else:
                out.added += len(batch)
            _merge_batch(store, rows, replace_papers=not fresh, recount=last_of_update)
            recounted = last_of_update
            methods.add("merge")
        out.batches += 1
        if on_progress:
            on_progress(len(batch))
        batch = following
    if not recounted:
        # A new store is invisible until renamed: one recount at the end (per-batch recounts of
        # popular entities grow with the store: quadratic overall).
        store._transaction([], upsert.recount())
    out.write_method = "+".join(m for m in ("copy", "merge") if m in methods)
    return out


def bulk_folder(store: LadybugStore) -> Path:
    """Next to the store (same disk, and swept with a killed build's temporary store)."""
    return store.path.with_name(f"{store.path.name}.csv")


def bulk_load(
    parts: list[Path],
    store: LadybugStore,
    batch_size: int,
    res: Resolution,
    on_progress: Progress | None = None,
    workers: int | None = None,
) -> LoadResult:
    """A new store written in one go: every batch's fragment is streamed to CSV files (memory: one
    batch plus the entities), then each table is filled by one COPY. Turning parts into CSV is most
    of the work and parts are independent, so ``workers`` processes (default: all cores) do one
    part each; their recurring nodes are folded in part order, so the result does not depend on
    the number of workers. The CSV files (about the size of the store) are removed afterwards,
    also when the load fails."""
    out = LoadResult(ambiguous=res.ambiguous, write_method="bulk")
    folder = bulk_folder(store)
    shutil.rmtree(folder, ignore_errors=True)
    try:
        loader = store.bulk_load(folder)
        t = time.perf_counter()
        for papers, batches, part in _csv_parts(parts, folder, batch_size, res, workers):
            loader.absorb(part)
            out.added += papers
            out.batches += batches
            if on_progress:
                on_progress(papers)
        out.stages["csv"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        out.rows = loader.finish()
        out.stages["copy"] = round(time.perf_counter() - t, 3)
        out.buffer_pool_mb = loader.pool_mb
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


_job: tuple[Resolution, Path, int] | None = None  # what forked CSV workers inherit


def _csv_part(indexed: tuple[int, Path]) -> tuple[int, int, CsvPart]:
    """One part's fragments to CSV files suffixed with the part's index: papers, batches, rest."""
    assert _job is not None
    res, folder, batch_size = _job
    index, part = indexed
    writer = CsvWriter(folder, f"{index:05d}")
    papers = batches = 0
    for batch in _batches(iter_part(part), max(1, batch_size)):
        writer.add(fragment(batch, res))
        papers += len(batch)
        batches += 1
    return papers, batches, writer.close()


def _csv_parts(
    parts: list[Path], folder: Path, batch_size: int, res: Resolution, workers: int | None
) -> Iterator[tuple[int, int, CsvPart]]:
    global _job
    workers = min(workers or os.cpu_count() or 1, len(parts))
    _job = (res, folder, batch_size)
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_csv_part, enumerate(parts))
            return
        # fork: workers inherit the resolution instead of receiving it pickled
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_csv_part, enumerate(parts))
    finally:
        _job = None


def _fits_one_copy(g) -> bool:
    per_label: dict[str, int] = {}
    for _, label in g.nodes(data="label"):
        per_label[label] = per_label.get(label, 0) + 1
    return max(per_label.values(), default=0) <= COPY_ROWS_LIMIT


def _count_changes(store: LadybugStore, rows: tuple[NodeRows, EdgeRows], out: LoadResult) -> None:
    """Before a batch is written over an existing store: which of its papers are new, which will
    change and which are already stored exactly so (what a re-build reports)."""
    nodes, edges = rows
    changes = classify(stored_footprints(store, (r["id"] for r in nodes.get("Paper", ()))),
                       footprints(nodes, edges))
    out.added += len(changes.added)
    out.updated += len(changes.updated)
    out.unchanged += len(changes.unchanged)


def _merge_batch(store: LadybugStore, rows: tuple[NodeRows, EdgeRows], replace_papers: bool,
                 recount: bool = False) -> None:
    """Nodes are upserted (entities recur across batches). Into a new store, edges are appended
    with COPY from CSV (the bulk path; exact, because every edge belongs to one of the batch's
    papers). Into an existing store they are MERGEd: LadybugDB 0.22 does not replay COPYed
    relationships from its write-ahead log, so a kill after COMMIT but before the checkpoint lost
    them (tests/robustness); a new store is checkpointed on close before it is renamed into place.
    ``recount``: end the transaction with the whole-store recount (the last batch of an update).
    ``rows``: the batch fragment's rows (``paperkg.cypher.ladybug.upsert.graph_rows``); its list
    properties are merged with the stored ones in place."""
    nodes, edges = rows
    upsert.merge_lists(store, nodes)
    paper_ids = sorted(r["id"] for r in nodes.get("Paper", ()))
    with tempfile.TemporaryDirectory(prefix="paperkg-batch-") as tmp:
        statements = [
            *(upsert.forget_papers(paper_ids) if replace_papers else ()),
            *upsert.merge_nodes(nodes),
            *(upsert.merge_edges(edges) if replace_papers else upsert.copy_edges(edges, Path(tmp))),
            # Exact counts after every batch matter only where a kill can expose them: an existing
            # store. A new one is invisible until renamed, so it is recounted once at the end
            # (per-batch recounts of popular entities grow with the store: quadratic overall).
            *(upsert.recount_touched(nodes) if replace_papers and not recount else ()),
            *(upsert.recount() if recount else ()),
        ]
        store._transaction([], statements)

