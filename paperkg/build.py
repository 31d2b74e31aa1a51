"""``paperkg build``: readers -> extractor -> graph -> store, streamed in batches.

Flow: read and de-duplicate the records; an *engine* extracts them into part files on disk
(``local``: this machine's processes; ``dask``: a Dask cluster); the loader resolves every entity
of the parts at once and then writes them to the store batch by batch (paperkg/engines/load.py).
Memory therefore holds the records' text (de-duplication needs it; see sources/dedupe.py), the
distinct entity names, and one batch — not the whole input's extractions and graph.

Title-only records (no abstract) are counted and left out of the store: the graph is about what
abstracts say, and leaving them out keeps ``MATCH (p:Paper)`` equal to the papers that were read.
A new store is written under a temporary sibling name and renamed into place when complete; an
existing store is updated one transaction per batch (see the crash-safety note in engines/load.py).
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

from paperkg.cypher.store import LadybugStore
from paperkg.engines import ENGINES, EngineError
from paperkg.graph.schema import NODES
from paperkg.sources import KEPT_REASONS, ProblemLog, read_papers

DEFAULT_BATCH = 2000


@dataclass
class BuildSummary:
    db: str
    records: int = 0  # distinct papers read
    added: int = 0  # papers written to the store by this build
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> records/files not added
    counts: dict[str, int] = field(default_factory=dict)  # whole store after the build: label/type -> n
    nodes: int = 0
    edges: int = 0
    write_method: str = ""
    ambiguous_acronyms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    seconds: float = 0.0
    new_store: bool = False
    engine: str = "local"
    workers: int = 1
    batch_size: int = DEFAULT_BATCH
    batches: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds

    @property
    def ok(self) -> bool:
        return self.added > 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_workers() -> int:
    return os.cpu_count() or 1


def _temp_path(db: Path) -> Path:
    return db.with_name(f".{db.name}.building-{os.getpid()}")


def _parts_path(db: Path) -> Path:
    return db.with_name(f".{db.name}.parts-{os.getpid()}")


def _sweep_stale(db: Path) -> None:
    """Remove what killed builds left next to the store (their temporary store and parts), named
    with the pid of a process that no longer runs."""
    for f in db.parent.glob(f".{db.name}.*"):
        kind, _, rest = f.name[len(db.name) + 2 :].partition("-")
        pid = rest.split(".", 1)[0]
        if kind not in ("building", "parts") or not pid.isdigit() or _alive(int(pid)):
            continue
        if f.is_dir():
            shutil.rmtree(f, ignore_errors=True)
        else:
            f.unlink(missing_ok=True)


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
) -> BuildSummary:
    """``workers``: extraction processes of the local engine (default: all cores). ``scheduler``:
    the dask engine's ``local:N`` or address. ``parts_dir``: keep the extracted parts there (default:
    a temporary folder next to the store, removed afterwards). ``buffer_pool_mb``: cap on the
    store's page cache (default: LadybugDB's own)."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if engine == "dask":
        from paperkg.engines.dask_engine import INSTALL_HINT, available

        if not available():
            raise EngineError(INSTALL_HINT)
    t0 = time.perf_counter()
    problems = problems if problems is not None else ProblemLog()
    db = Path(db_path)
    workers = workers or default_workers()
    summary = BuildSummary(str(db), engine=engine, workers=workers, batch_size=batch_size)
    records = read_papers(list(inputs), format, problems)
    summary.records = len(records)
    with_text = [r for r in records if r.has_abstract]
    del records
    if len(with_text) < summary.records:
        summary.skipped["no-abstract"] = summary.records - len(with_text)
    summary.skipped.update({k: n for k, n in problems.counts.items() if k not in KEPT_REASONS})
    summary.timings["read"] = round(time.perf_counter() - t0, 3)
    if not with_text:
        summary.seconds = time.perf_counter() - t0
        return summary

    _sweep_stale(db)
    summary.new_store = not db.exists()
    target = _temp_path(db) if summary.new_store else db
    # opened first: a busy store fails before any extraction
    store = LadybugStore(target, buffer_pool_mb=buffer_pool_mb)
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
        summary.added = result.added
        summary.batches = result.batches
        summary.ambiguous_acronyms = result.ambiguous
        summary.write_method = result.write_method
        summary.counts = store.counts()
    except BaseException:
        store.close()
        if summary.new_store:  # the store and its sidecars (.wal, .shadow, ...) share the unique name
            for f in target.parent.glob(f"{target.name}*"):
                f.unlink(missing_ok=True)
        raise
    finally:
        if not keep_parts:
            shutil.rmtree(folder, ignore_errors=True)
    store.close()
    if summary.new_store:
        os.replace(target, db)
    labels = {n.label for n in NODES}
    summary.nodes = sum(v for k, v in summary.counts.items() if k in labels)
    summary.edges = sum(v for k, v in summary.counts.items() if k not in labels)
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary


def _extract(records, folder: Path, summary: BuildSummary, scheduler: str | None, advance) -> list[Path]:
    if summary.engine == "dask":
        from paperkg.engines import dask_engine

        return dask_engine.extract_to_parts(
            records, folder, summary.batch_size, scheduler or f"local:{summary.workers}", advance
        )
    from paperkg.engines import local

    return local.extract_to_parts(records, folder, summary.batch_size, summary.workers, advance)


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
