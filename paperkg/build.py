"""``paperkg build``: readers -> extractor -> graph -> store, as one atomic update of the store.

Title-only records (no abstract) are counted and left out of the store: the graph is about what
abstracts say, and leaving them out keeps ``MATCH (p:Paper)`` equal to the papers that were read.
A new store is written under a temporary sibling name and renamed into place when complete; an
existing store is updated in one transaction (see paperkg/cypher/store.py).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from paperkg.cypher.store import LadybugStore
from paperkg.extract.model import Extraction
from paperkg.graph.build import GraphBuilder
from paperkg.graph.schema import NODES
from paperkg.sources import KEPT_REASONS, ProblemLog, read_papers
from paperkg.sources.record import PaperRecord


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

    @property
    def ok(self) -> bool:
        return self.added > 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _temp_path(db: Path) -> Path:
    return db.with_name(f".{db.name}.building-{os.getpid()}")


def _extract(records: list[PaperRecord], workers: int) -> Iterator[Extraction]:
    from paperkg.extract.pipeline import extract_records  # heavy: spaCy loads only when building

    return extract_records(iter(records), n_process=max(1, workers))


def build(
    inputs: Iterable[str | Path],
    db_path: str | Path,
    format: str | None = None,
    workers: int = 1,
    progress: bool = True,
    problems: ProblemLog | None = None,
) -> BuildSummary:
    t0 = time.perf_counter()
    problems = problems if problems is not None else ProblemLog()
    db = Path(db_path)
    summary = BuildSummary(str(db))
    records = read_papers(list(inputs), format, problems)
    summary.records = len(records)
    with_text = [r for r in records if r.has_abstract]
    if len(with_text) < len(records):
        summary.skipped["no-abstract"] = len(records) - len(with_text)
    summary.skipped.update({k: n for k, n in problems.counts.items() if k not in KEPT_REASONS})
    if not with_text:
        summary.seconds = time.perf_counter() - t0
        return summary

    summary.new_store = not db.exists()
    target = _temp_path(db) if summary.new_store else db
    store = LadybugStore(target)
    try:
        builder = GraphBuilder(store.anchors())
        bar = _progress(progress)
        with bar or nullcontext():
            task = bar.add_task("extracting", total=len(with_text)) if bar else None
            for rec, ext in zip(with_text, _extract(with_text, workers), strict=True):
                builder.add(rec, ext)
                if bar:
                    bar.advance(task)
        graph = builder.graph()
        summary.added = len(builder)
        summary.ambiguous_acronyms = builder.resolution.ambiguous if builder.resolution else {}
        summary.write_method = store.write_graph(graph)
        summary.counts = store.counts()
    except BaseException:
        store.close()
        if summary.new_store:
            target.unlink(missing_ok=True)
        raise
    store.close()
    if summary.new_store:
        os.replace(target, db)
    labels = {n.label for n in NODES}
    summary.nodes = sum(v for k, v in summary.counts.items() if k in labels)
    summary.edges = sum(v for k, v in summary.counts.items() if k not in labels)
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary


def _progress(enabled: bool):
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),  # stdout stays clean for the summary
        transient=True,
    )
