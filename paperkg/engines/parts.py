"""Part files: the hand-over between extraction (anywhere) and loading (one writer).

A part is JSONL, one ``{"paper": PaperRecord.to_dict(), "extraction": Extraction.to_dict()}`` per
line, in input order. Parts are written under a temporary name and renamed when complete, so a
part that exists is whole; the loader reads parts in name order, which is input order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from paperkg.extract.model import Extraction
from paperkg.sources.record import PaperRecord

PATTERN = "part-*.jsonl"


def part_path(folder: str | Path, index: int) -> Path:
    return Path(folder) / f"part-{index:05d}.jsonl"


def write_part(path: str | Path, pairs: Iterable[tuple[PaperRecord, Extraction]]) -> int:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for rec, ext in pairs:
            fh.write(json.dumps({"paper": rec.to_dict(), "extraction": ext.to_dict()}, ensure_ascii=False))
            fh.write("\n")
            n += 1
    os.replace(tmp, path)
    return n


def list_parts(folder: str | Path) -> list[Path]:
    return sorted(Path(folder).glob(PATTERN))


def iter_part(path: str | Path) -> Iterator[tuple[PaperRecord, Extraction]]:
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                yield PaperRecord.from_dict(d["paper"]), Extraction.from_dict(d["extraction"])


def iter_parts(paths: Iterable[str | Path]) -> Iterator[tuple[PaperRecord, Extraction]]:
    for p in paths:
        yield from iter_part(p)
