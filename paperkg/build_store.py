"""``paperkg build``: readers -> extractor -> graph -> store, streamed in batches.

Flow: read and de-duplicate the records; an *engine* extracts them into part files on disk
(``local``: this machine's processes; ``dask``: a Dask cluster); the loader resolves every entity
of the parts at once and then writes them to the store batch by batch (paperkg/engines/load.py).
Memory therefore holds the records' text (de-duplication needs it; see sources/dedupe.py), the
distinct entity names, and one batch — not the whole input's extractions and graph.

Title-only records (no abstract) are counted and left out of the store: the graph is about what
abstracts say, and leaving them out keeps ``MATCH (p:Paper)`` equal to the papers that were read.

Crash-safety: a build leaves the store as it was or with the whole input added, never in between.
Where a write takes more than one transaction, it goes into a file nobody reads and that file
replaces the store in one rename once it is checkpointed and flushed (paperkg/cypher/ladybug/files.py):

* a new store is built as ``.NAME.building-PID``;
* an update of more papers than ``batch_size`` goes into a copy, ``.NAME.updating-PID`` (the copy
  costs disk space and time proportional to the store; readers keep the old store until the rename);
* an update that fits one batch is written in place, in the store's own transactions.

The writer lock ``.NAME.lock`` is held from before the input is read until the rename, so a second
build or ``query --write`` is told the store is busy instead of racing it. What a killed build
leaves (its temporary store, parts folder) is removed by the next build once that pid is gone.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from paperkg.cypher.analytics.rankings import HUB_PAPERS, drop_rankings, refresh_rankings
from paperkg.cypher.ladybug import LadybugStore, StoreError, build_buffer_pool_mb
from paperkg.cypher.ladybug.files import WriterLock, copy_store, replace_store, sidecars
from paperkg.engines import ENGINES, EngineError
from paperkg.graph.schema import NODES
from paperkg.sources import KEPT_REASONS, ProblemLog, iter_records
from paperkg.sources.dedupe import spool_dedupe

DEFAULT_BATCH = 2000


@dataclass
class BuildSummary:
    db: str
    records: int = 0  # distinct papers read
    added: int = 0  # papers new to the store
    updated: int = 0  # papers the store held, written differently by this build
    unchanged: int = 0  # papers the store already held exactly as this build writes them
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> records/files not added
    counts: dict[str, int] = field(default_factory=dict)  # whole store after the build: label/type -> n
    nodes: int = 0
    edges: int = 0
    write_method: str = ""
    ambiguous_acronyms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    seconds: float = 0.0
    new_store: bool = False
    # how the store was written: new-store | in-place (fits one batch) | copy-and-rename (an update)
    store_write: str = ""
    engine: str = "local"
    profile: str = "accurate"  # the extraction pipeline (paperkg.extract.pipeline.PROFILES)
    workers: int = 1
    batch_size: int = DEFAULT_BATCH
    batches: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    rankings: int = 0  # entries of the rankings index written (0: none, lookups answered live)
    buffer_pool_mb: int | None = None  # the store's page cache at the end (a bulk COPY may raise it)

    @property
    def written(self) -> int:
        """Papers this build wrote: added, updated or unchanged."""
        return self.added + self.updated + self.unchanged

    @property
    def ok(self) -> bool:
        return self.written > 0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "written": self.written}


def default_workers() -> int:
    return os.cpu_count() or 1


def _temp_path(db: Path, kind: str = "building") -> Path:
    """``building``: a new store; ``updating``: the copy an update is written into."""
    return db.with_name(f".{db.name}.{kind}-{os.getpid()}")


def _parts_path(db: Path) -> Path:
    return db.with_name(f".{db.name}.parts-{os.getpid()}")


_TEMP_KINDS = ("building", "updating", "parts", "records", "rankings")


def _sweep_stale(db: Path) -> None:
    """Remove what killed builds left next to the store (their temporary store or copy with its
    sidecars, and parts), named with the pid of a process that no longer runs. Called under the
    writer lock, before this build makes its own: a leftover named with this process's pid (a
    recycled pid) is stale too."""
    for f in db.parent.glob(f".{db.name}.*"):
        kind, _, rest = f.name[len(db.name) + 2 :].partition("-")
        pid = rest.split(".", 1)[0]
        if kind not in _TEMP_KINDS or not pid.isdigit():
            continue
        if int(pid) != os.getpid() and _alive(int(pid)):
            continue
        _remove(f)


def _remove(f: Path) -> None:
    if f.is_dir() and not f.is_symlink():
        shutil.rmtree(f, ignore_errors=True)
    else:
        f.unlink(missing_ok=True)


def _remove_temp_store(target: Path) -> None:
    """A temporary store and whatever shares its (pid-unique) name: sidecars, a bulk-load folder."""
    _remove(target)
    for f in target.parent.glob(f"{target.name}.*"):
        _remove(f)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build(
    inputs: Iterable[str | Path],
    db_path: str | Path,
    format: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    problems: ProblemLog | None = None,
    batch_size: int = DEFAULT_BATCH,
    engine: str = "local",
    scheduler: str | None = None,
    parts_dir: str | Path | None = None,
    buffer_pool_mb: int | None = None,
    rankings: bool = True,
    profile: str = "accurate",
) -> BuildSummary:
    """``profile``: the extraction pipeline, "accurate" (trained) or "fast" (rules only).
    ``workers``: extraction processes of the local engine (default: all cores). ``scheduler``:
    the dask engine's ``local:N`` or address. ``parts_dir``: keep the extracted parts there (default:
    a temporary folder next to the store, removed afterwards). ``buffer_pool_mb``: cap on the
    store's page cache (default: paperkg.cypher.ladybug.build_buffer_pool_mb()). ``rankings``: refresh
    the rankings index of hub lookups after writing (paperkg/cypher/analytics/rankings.py); without
    it the index is dropped and every lookup is answered live. Raises StoreBusyError (a StoreError) when
    another paperkg writer holds the store."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if engine == "dask":
        from paperkg.engines.dask_engine import INSTALL_HINT, available

        if not available():
            raise EngineError(INSTALL_HINT)
    t0 = time.perf_counter()
    db = Path(db_path)
    with WriterLock(db):
        try:
            summary = _build_locked(
                inputs, db, format, workers or default_workers(), progress,
                problems if problems is not None else ProblemLog(), batch_size, engine, scheduler,
                parts_dir, buffer_pool_mb or build_buffer_pool_mb(), rankings, profile,
            )
        finally:
            _temp_path(db, "records").unlink(missing_ok=True)  # the spooled records (see below)
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary


def _build_locked(
    inputs, db: Path, format, workers: int, progress: bool, problems: ProblemLog, batch_size: int,
    engine: str, scheduler, parts_dir, buffer_pool_mb, rankings: bool, profile: str,
) -> BuildSummary:
    t0 = time.perf_counter()
    summary = BuildSummary(str(db), engine=engine, profile=profile, workers=workers, batch_size=batch_size)
    _sweep_stale(db)
    # the records' text goes to a spool file: extraction workers fork from a small process
    records = spool_dedupe(iter_records(list(inputs), format, problems), _temp_path(db, "records"), problems)
    summary.records = len(records)
    with_text = records.with_abstract()
    if len(with_text) < summary.records:
        summary.skipped["no-abstract"] = summary.records - len(with_text)
    summary.skipped.update({k: n for k, n in problems.counts.items() if k not in KEPT_REASONS})
    summary.timings["read"] = round(time.perf_counter() - t0, 3)
    if not with_text:
        return summary

    summary.new_store = not db.exists()
    stray = sidecars(db) if summary.new_store else []
    if stray:  # LadybugDB would replay it into the new store
        raise StoreError(
            f"{stray[0]} is left from a deleted store {db.name}; move it away to build a new store there"
        )
    if summary.new_store:
        target, summary.store_write = _temp_path(db), "new-store"
    elif len(with_text) <= max(1, batch_size):
        target, summary.store_write = db, "in-place"
    else:
        target, summary.store_write = _temp_path(db, "updating"), "copy-and-rename"
    try:
        if summary.store_write == "copy-and-rename":
            t1 = time.perf_counter()
            _copy_for_update(db, target, buffer_pool_mb)
            summary.timings["copy"] = round(time.perf_counter() - t1, 3)
        # opened before extracting: a store that cannot be written fails before the long part
        store = LadybugStore(target, buffer_pool_mb=buffer_pool_mb)
    except BaseException:
        if target != db:
            _remove_temp_store(target)
        raise
    keep_parts = parts_dir is not None
    if keep_parts:
        folder = Path(parts_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part-*.jsonl"):  # parts of an earlier run would be loaded too
            old.unlink()
    else:
        folder = _parts_path(db)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    try:
        bar = _progress(progress)
        with bar or nullcontext():
            t1 = time.perf_counter()
            advance = _advancer(bar, "extracting", len(with_text))
            parts = _extract(with_text, folder, summary, scheduler, advance)
            n_papers = len(with_text)
            del with_text
            summary.timings["extract"] = round(time.perf_counter() - t1, 3)
            from paperkg.engines.load import load_parts, resolve_parts

            t1 = time.perf_counter()
            res, _, _ = resolve_parts(parts, store)
            summary.timings["resolve"] = round(time.perf_counter() - t1, 3)
            t1 = time.perf_counter()
            result = load_parts(
                parts, store, batch_size, summary.new_store, res, _advancer(bar, "writing", n_papers)
            )
            summary.timings["write"] = round(time.perf_counter() - t1, 3)
        summary.added, summary.updated, summary.unchanged = result.added, result.updated, result.unchanged
        summary.batches = result.batches
        summary.ambiguous_acronyms = result.ambiguous
        summary.write_method = result.write_method
        summary.buffer_pool_mb = result.buffer_pool_mb or store.buffer_pool_mb
        summary.counts = store.counts()
        t1 = time.perf_counter()
        if rankings:
            papers = summary.counts.get("Paper", 0)
            summary.rankings = refresh_rankings(store, hub_papers=max(HUB_PAPERS, papers // 200)).entries
        else:  # a stale index would answer for the graph before this build
            drop_rankings(store)
        summary.timings["rankings"] = round(time.perf_counter() - t1, 3)
        t1 = time.perf_counter()
        store.close()  # checkpoints: the whole content is in the main file now
        summary.timings["close"] = round(time.perf_counter() - t1, 3)
        if target != db:
            t1 = time.perf_counter()
            replace_store(target, db)
            summary.timings["replace"] = round(time.perf_counter() - t1, 3)
    except BaseException:
        store.close()
        if target != db:
            _remove_temp_store(target)
        raise
    finally:
        if not keep_parts:
            shutil.rmtree(folder, ignore_errors=True)
    labels = {n.label for n in NODES}
    summary.nodes = sum(v for k, v in summary.counts.items() if k in labels)
    summary.edges = sum(v for k, v in summary.counts.items() if k not in labels)
    return summary


def _copy_for_update(db: Path, copy: Path, buffer_pool_mb: int | None) -> None:
    """Check the store as the in-place path would (a paperkg store of this schema, no other
    LadybugDB writer), checkpoint what a killed writer left in its log, then copy its main file.
    Readers are not disturbed: opening read-only takes no lock they would wait on."""
    # a store with a log is opened writable: closing it folds the log into the main file
    LadybugStore(db, read_only=not sidecars(db), buffer_pool_mb=buffer_pool_mb).close()
    copy_store(db, copy)


def _extract(records, folder: Path, summary: BuildSummary, scheduler: str | None, advance) -> list[Path]:
    if summary.engine == "dask":
        from paperkg.engines import dask_engine

        return dask_engine.extract_to_parts(
            records, folder, summary.batch_size, scheduler or f"local:{summary.workers}", advance,
            summary.profile,
        )
    from paperkg.engines import local

    return local.extract_to_parts(
        records, folder, summary.batch_size, summary.workers, advance, summary.profile
    )


def _advancer(bar, description: str, total: int) -> Callable[[int], None] | None:
    if bar is None:
        return None
    task = bar.add_task(description, total=total)
    return lambda n: bar.advance(task, n)


def _progress(enabled: bool):
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} papers/s" if speed else "- papers/s")

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),  # stdout stays clean for the summary
        transient=True,
    )
