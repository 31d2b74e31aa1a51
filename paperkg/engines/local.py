"""The ``local`` engine: extraction in this machine's processes (a fork pool, pipeline loaded once
per worker; see ``extract_records``), written to parts of ``shard`` papers each."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from pathlib import Path

from paperkg.engines.parts import part_path, write_part
from paperkg.extract.model import Extraction
from paperkg.sources.record import PaperRecord


def extract_to_parts(
    records: Sequence[PaperRecord],
    out_dir: str | Path,
    shard: int,
    workers: int,
    on_progress: Callable[[int], None] | None = None,
) -> list[Path]:
    from paperkg.extract.pipeline import extract_records  # spaCy loads only when extracting

    extractions = extract_records(iter(records), n_process=max(1, workers))
    out: list[Path] = []
    for start in range(0, len(records), shard):
        chunk = records[start : start + shard]
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
