"""Draw the abstracts to annotate from the Hugging Face Daily Papers archive, reproducibly.

Every paper of the archive (../shared/corpus/hf-daily-api, 9,797 papers) is shuffled with a fixed
seed, after leaving out the papers of the sample corpus (examples/hf-daily-papers), whose dev and
held-out gold already exist. Batches of 35 are consecutive slices of that order, so the corpus
grows by annotating the next batch and never by choosing abstracts. The first batches are the
test split, the next ones dev, the rest train (training/corpus/README.md).

    python training/corpus/draw.py examples/hf-daily-api --batches 160

writes training/corpus/order.txt (every drawn id in order) and one input file per batch,
training/corpus/batches/NNN.input.jsonl, with the fields annotators see: id, title, abstract.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

SEED = 20261207
BATCH = 35
HERE = Path(__file__).resolve().parent


def _title_key(title: str) -> str:
    return re.sub(r"\W+", " ", title.lower()).strip()


def fold(text: str) -> str:
    """Line breaks and runs of spaces as one space, as the project's readers fold them."""
    return re.sub(r"\s+", " ", text).strip()


def archive_papers(folder: Path) -> dict[str, dict]:
    papers: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for entry in json.load(fh):
                paper = entry["paper"]
                papers.setdefault(paper["id"], {
                    "id": paper["id"],
                    "title": fold(paper["title"]),
                    "abstract": fold(paper["summary"]),
                })
    return papers


def sample_titles(folder: Path) -> set[str]:
    """Titles of the sample corpus's papers (page text: the title is the line after 'Title:' or
    the first line)."""
    keys = set()
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                keys.add(_title_key(line))
    return keys


def draw(archive: Path, sample: Path) -> list[dict]:
    papers = archive_papers(archive)
    sample_keys = sample_titles(sample)
    kept = [p for _, p in sorted(papers.items()) if _title_key(p["title"]) not in sample_keys]
    random.Random(SEED).shuffle(kept)
    return kept


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--sample", type=Path, default=HERE.parents[1] / "examples" / "hf-daily-papers")
    ap.add_argument("--batches", type=int, required=True)
    args = ap.parse_args()
    order = draw(args.archive, args.sample)
    (HERE / "order.txt").write_text("".join(p["id"] + "\n" for p in order), encoding="utf-8")
    out = HERE / "batches"
    out.mkdir(exist_ok=True)
    for b in range(args.batches):
        rows = order[b * BATCH:(b + 1) * BATCH]
        path = out / f"{b + 1:03d}.input.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(order)} papers in the draw order; {args.batches} batches of {BATCH} written to {out}")


if __name__ == "__main__":
    main()
