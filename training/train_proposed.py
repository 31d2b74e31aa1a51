"""Train the classifier that decides which methods and datasets a paper proposes.

A logistic regression over the binary features of ``ProposedMarker.features`` (the rules' score
among them), fitted on the train split's entities as the annotators listed them (their mentions
found as training/convert.py finds them, grouped by the entity component), with the annotators'
``proposed`` as labels. The decision threshold is the one that maximises proposed F1 on the dev
split, with the entities the accurate pipeline itself finds there. Writes
``paperkg/extract/data/proposed_classifier.json``.

    python training/train_proposed.py --pipeline training/out/assembled
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import spacy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "corpus"))

from gold_entities import gold_entity_docs, gold_entity_pipeline  # noqa: E402
from logistic_fit import fit  # noqa: E402
from splits import split_records  # noqa: E402

from paperkg.evaluate.scoring import score  # noqa: E402
from paperkg.extract.pipeline import make_doc, register_components, to_extraction  # noqa: E402
from paperkg.sources.record import PaperRecord  # noqa: E402
from paperkg.util.names import alnum_key  # noqa: E402

OUT = HERE.parent / "paperkg" / "extract" / "data" / "proposed_classifier.json"
MAX_PROPOSED = 8  # the accurate profile's cap (training/assemble.py): the threshold decides


def _proposed_forms(gold: dict) -> set[str]:
    """Normalised forms of every entity the annotators flagged as proposed."""
    flagged = {alnum_key(str(p)) for p in gold.get("proposed") or []}
    out = set()
    for ent in (gold.get("methods") or []) + (gold.get("datasets") or []):
        forms = {alnum_key(str(f)) for f in ent}
        if forms & flagged:
            out |= forms
    return out


def training_examples(marker, split: str) -> tuple[list[list[str]], list[int]]:
    xs, ys = [], []
    for doc, g in gold_entity_docs(gold_entity_pipeline(), split, until="proposed"):
        candidates = [e for e in doc._.entities if e.type in ("METHOD", "DATASET")]
        positive = _proposed_forms(g)
        for e, features in marker.features(doc, candidates):
            xs.append(features)
            ys.append(int(any(alnum_key(f) in positive for f in e.forms)))
    return xs, ys


def choose_threshold(nlp, weights: dict[str, float], bias: float) -> tuple[float, float]:
    """The threshold with the best proposed F1 on dev, with the pipeline's own entities."""
    from paperkg.extract.logistic import LogisticModel

    marker = nlp.get_pipe("proposed")
    marker.max_proposed = MAX_PROPOSED
    inputs, golds = split_records("dev")
    gold = {g["id"]: g for g in golds}
    scored = []
    for r in inputs:
        record = PaperRecord(id=r["id"], title=r["title"], abstract=r["abstract"])
        doc = make_doc(nlp, record)
        for name, proc in nlp.pipeline:
            if name == "proposed":
                break
            doc = proc(doc)
        candidates = [e for e in doc._.entities if e.type in ("METHOD", "DATASET")]
        scored.append((doc, record, candidates))
    best = (0.0, 0.5)
    for threshold in np.arange(0.2, 0.81, 0.025):
        marker.classifier = LogisticModel(weights, bias, float(threshold))
        pred = {}
        for doc, record, candidates in scored:
            for e in candidates:
                e.proposed = False
            doc = marker(doc)
            pred[record.id] = to_extraction(doc, record).to_dict()
        f1 = score(gold, pred, ("proposed",))["proposed"].f1
        if f1 > best[0]:
            best = (round(f1, 4), round(float(threshold), 3))
    return best[1], best[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pipeline", type=Path, required=True, help="the assembled accurate pipeline")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    register_components()
    nlp = spacy.load(args.pipeline)
    marker = nlp.get_pipe("proposed")
    xs, ys = training_examples(marker, "train")
    weights, bias = fit(xs, ys)
    threshold, dev_f1 = choose_threshold(nlp, weights, bias)
    args.out.write_text(json.dumps({
        "about": "P(proposed) of a method or dataset: sigmoid(bias + sum of the weights of its features); "
                 "trained by training/train_proposed.py",
        "examples": len(ys), "positives": int(sum(ys)), "dev_f1": dev_f1,
        "threshold": threshold, "bias": bias, "weights": dict(sorted(weights.items())),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(ys)} entities ({sum(ys)} proposed), threshold {threshold}, "
          f"dev proposed F1 {dev_f1}")


if __name__ == "__main__":
    main()
