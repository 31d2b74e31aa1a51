"""The splits of the annotated corpus: which (abstract, annotation) pairs are train, dev and test.

``splits.json`` names archive batches (``batches/NNN.input.jsonl`` with ``NNN.gold.jsonl``; "016-"
is every batch from 016 on that has been annotated) and line ranges of the sample corpus's
earlier gold. The test split is never trained or tuned on.

    python training/corpus/splits.py --out training/data

writes SPLIT.input.jsonl and SPLIT.gold.jsonl for each split, which ``paperkg eval`` and
training/convert.py read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SPLITS = ("train", "dev", "test")


def _batch_ids(spec: str | list[str]) -> list[str]:
    if isinstance(spec, list):
        return spec
    first = int(spec.rstrip("-"))
    return sorted(p.name[:3] for p in (HERE / "batches").glob("*.gold.jsonl") if int(p.name[:3]) >= first)


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def split_records(name: str) -> tuple[list[dict], list[dict]]:
    """(inputs, golds) of one split, in order."""
    spec = json.loads((HERE / "splits.json").read_text(encoding="utf-8"))[name]
    inputs: list[dict] = []
    golds: list[dict] = []
    for b in _batch_ids(spec["batches"]):
        gold_path = HERE / "batches" / f"{b}.gold.jsonl"
        if not gold_path.exists():
            continue
        inputs += [json.loads(x) for x in _lines(HERE / "batches" / f"{b}.input.jsonl")]
        golds += [json.loads(x) for x in _lines(gold_path)]
    for part in spec["sample"]:
        lo, hi = part["lines"]
        inputs += [json.loads(x) for x in _lines(ROOT / part["input"])[lo - 1 : hi]]
        golds += [json.loads(x) for x in _lines(ROOT / part["gold"])[lo - 1 : hi]]
    if [r["id"] for r in inputs] != [g["id"] for g in golds]:
        raise ValueError(f"split {name}: inputs and annotations are not in the same order")
    return inputs, golds


def write_splits(out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    seen: dict[str, str] = {}
    for name in SPLITS:
        inputs, golds = split_records(name)
        for r in inputs:
            if r["id"] in seen:
                raise ValueError(f"{r['id']} is in both {seen[r['id']]} and {name}")
            seen[r["id"]] = name
        for suffix, rows in (("input", inputs), ("gold", golds)):
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            (out / f"{name}.{suffix}.jsonl").write_text(text, encoding="utf-8")
        sizes[name] = len(inputs)
    return sizes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "data")
    args = ap.parse_args()
    print(write_splits(args.out))


if __name__ == "__main__":
    main()
