"""F1 of a pipeline on the corpus's splits, with a bootstrap 95% interval per category.

    python training/scores.py                       # both profiles, every split
    python training/scores.py --profile accurate --split test --json
    python training/scores.py --pipeline training/out/ner/assembled --split dev

The interval resamples papers with replacement (1,000 times, fixed seed) and takes the 2.5th and
97.5th percentiles of each category's F1: it says how much a figure could move on another draw of
abstracts like these, not on abstracts of other years or sources.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "corpus"))

from splits import SPLITS, split_records  # noqa: E402

from paperkg.evaluate.scoring import CATEGORIES, match_paper  # noqa: E402
from paperkg.extract.pipeline import PROFILES, extract_records, load_pipeline  # noqa: E402
from paperkg.sources.record import PaperRecord  # noqa: E402

RESAMPLES = 1000
SEED = 20261207


def per_paper_counts(nlp, split: str) -> np.ndarray:
    """(papers, categories, [hit, gold, pred]) counts of ``nlp`` on ``split``."""
    inputs, golds = split_records(split)
    records = [PaperRecord(id=r["id"], title=r["title"], abstract=r["abstract"]) for r in inputs]
    preds = [x.to_dict() for x in extract_records(records, nlp=nlp)]
    out = np.zeros((len(golds), len(CATEGORIES), 3), dtype=np.int64)
    for i, (g, p) in enumerate(zip(golds, preds, strict=True)):
        matched = match_paper(g, p)
        for j, k in enumerate(CATEGORIES):
            c = matched[k].counts
            out[i, j] = (c.hit, c.gold, c.pred)
    return out


def f1(totals: np.ndarray) -> np.ndarray:
    """F1 per category from summed [hit, gold, pred] (last axis)."""
    hit, gold, pred = totals[..., 0], totals[..., 1], totals[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(pred > 0, hit / pred, 0.0)
        r = np.where(gold > 0, hit / gold, 0.0)
        return np.where(p + r > 0, 2 * p * r / (p + r), 0.0)


def summarise(counts: np.ndarray) -> dict[str, dict[str, float]]:
    rng = np.random.default_rng(SEED)
    idx = rng.integers(0, len(counts), size=(RESAMPLES, len(counts)))
    boot = f1(counts[idx].sum(axis=1))  # (resamples, categories)
    point = f1(counts.sum(axis=0))
    lo, hi = np.percentile(boot, [2.5, 97.5], axis=0)
    totals = counts.sum(axis=0)
    return {
        k: {"f1": round(float(point[j]), 3), "lo": round(float(lo[j]), 3), "hi": round(float(hi[j]), 3),
            "gold": int(totals[j, 1]), "pred": int(totals[j, 2]), "hit": int(totals[j, 0])}
        for j, k in enumerate(CATEGORIES)
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", choices=PROFILES, action="append")
    ap.add_argument("--pipeline", type=Path, help="a saved pipeline directory instead of a profile")
    ap.add_argument("--split", choices=SPLITS, action="append")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.pipeline:
        import spacy

        from paperkg.extract.pipeline import register_components

        register_components()
        pipelines = {str(args.pipeline): spacy.load(args.pipeline)}
    else:
        pipelines = {p: load_pipeline(profile=p) for p in (args.profile or PROFILES)}
    report: dict[str, dict] = {}
    for name, nlp in pipelines.items():
        for split in args.split or SPLITS:
            report.setdefault(name, {})[split] = got = summarise(per_paper_counts(nlp, split))
            if not args.json:
                print(f"{name:>10} {split:<5} " + "  ".join(
                    f"{k} {v['f1']:.3f} [{v['lo']:.3f}-{v['hi']:.3f}]" for k, v in got.items()
                ), flush=True)
    if args.json:
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
