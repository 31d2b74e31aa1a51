"""The ``local`` engine: extraction in this machine's processes (a fork pool, pipeline loaded once
per worker; see ``extract_records``), written to parts of ``shard`` papers each.

``records`` is iterated twice side by side (once feeding the workers, once pairing each extraction
with its record), never sliced, so it can be a list or records streamed from a spool file
(``paperkg.sources.dedupe.SpooledRecords``): the workers are then forked from a parent that does
not hold the input's text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from paperkg.engines.parts import part_path, write_part
from paperkg.extract.model import Extraction
from paperkg.sources.record import PaperRecord


def extract_to_parts(
    records: Iterable[PaperRecord],
    out_dir: str | Path,
    shard: int,
    workers: int,
    on_progress: Callable[[int], None] | None = None,
    profile: str = "accurate",
) -> list[Path]:
    from paperkg.extract.pipeline import extract_records  # spaCy loads only when extracting

    extractions = extract_records(iter(records), n_process=max(1, workers), profile=profile)
    out: list[Path] = []
    pending = iter(records)
    while chunk := list(islice(pending, shard)):
        path = part_path(out_dir, len(out))
        write_part(path, _counted(zip(chunk, islice(extractions, len(chunk)), strict=True), on_progress))
        out.append(path)
    return out


def _counted(
    pairs: Iterator[tuple[PaperRecord, Extraction]], on_progress: Callable[[int], None] | None
) -> Iterator[tuple[PaperRecord, Extraction]]:
    for pair in pairs:
        yield pair
        if on_progress:
            on_progress(1)
