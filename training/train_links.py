"""Train the linker that picks the measure and the dataset each reported number is about.

The results component ranks the metric (and dataset) mentions of a value's sentence by the rules'
cost (words between, values and clause breaks crossed, ...); this fits a logistic regression over
``link_features`` (that rank among them) on the train split, with the annotators' entities in
place and, as labels, the mentions whose entity the annotators gave as the result's metric or
dataset. The linker then picks the mention it scores highest. It is kept only if it scores more
result tuples on dev than the rules (the figures go into the file). Writes
``paperkg/extract/data/result_linker.json``.

    python training/train_links.py --pipeline training/out/assembled
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "corpus"))

from gold_entities import gold_entity_docs, gold_entity_pipeline  # noqa: E402
from logistic_fit import fit  # noqa: E402
from splits import split_records  # noqa: E402

from paperkg.evaluate.scoring import gold_numbers, same_number, score  # noqa: E402
from paperkg.extract.doctext import doc_text, sentence_bounds  # noqa: E402
from paperkg.extract.logistic import LogisticModel  # noqa: E402
from paperkg.extract.pipeline import extract_records, register_components  # noqa: E402
from paperkg.sources.record import PaperRecord  # noqa: E402
from paperkg.util.names import alnum_key  # noqa: E402

OUT = HERE.parent / "paperkg" / "extract" / "data" / "result_linker.json"
FIELD = {"METRIC": "metric", "DATASET": "dataset"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")


def _entity_forms(gold: dict, form: str) -> set[str]:
    """Every normalised form of the gold entity that ``form`` names."""
    key = alnum_key(form)
    for ent in (gold.get("metrics") or []) + (gold.get("datasets") or []):
        forms = {alnum_key(str(f)) for f in ent}
        if key in forms:
            return forms
    return {key}


def training_examples(split: str) -> tuple[list[list[str]], list[int]]:
    nlp = gold_entity_pipeline()
    results = nlp.get_pipe("results")
    xs, ys = [], []
    for doc, gold in gold_entity_docs(nlp, split, until="results"):
        results.trace = []
        results(doc)
        text = doc_text(doc)
        sents = sentence_bounds(doc)
        for span, t, scored in results.trace:
            sent = next(((a, b) for a, b in sents if a <= span[0] < b), (0, len(text)))
            sentence = _SPACE.sub(" ", text[sent[0] : sent[1]].strip())
            numbers = [float(x) for x in _NUMBER.findall(text[span[0] : span[1]].replace(",", ""))]
            wanted: set[str] = set()
            for r in gold.get("results") or []:
                if _SPACE.sub(" ", r.get("sentence") or "") != sentence or not r.get(FIELD[t]):
                    continue
                if any(same_number(g, n) for g in gold_numbers(r) for n in numbers):
                    wanted |= _entity_forms(gold, r[FIELD[t]])
            labels = [int(any(alnum_key(f) in wanted for f in m.entity.forms)) for m, _ in scored]
            if not wanted or not any(labels):
                continue  # no annotated link, or one to no mention of the sentence: nothing to learn
            for (_, features), label in zip(scored, labels, strict=True):
                xs.append(features)
                ys.append(label)
        results.trace = None
    return xs, ys


def tuple_f1(nlp, split: str) -> float:
    inputs, golds = split_records(split)
    records = [PaperRecord(id=r["id"], title=r["title"], abstract=r["abstract"]) for r in inputs]
    pred = {x.id: x.to_dict() for x in extract_records(records, nlp=nlp)}
    return score({g["id"]: g for g in golds}, pred, ("results_tuple",))["results_tuple"].f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pipeline", type=Path, required=True, help="the assembled accurate pipeline")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    register_components()
    xs, ys = training_examples("train")
    weights, bias = fit(xs, ys)
    nlp = spacy.load(args.pipeline)
    results = nlp.get_pipe("results")
    rules_f1 = tuple_f1(nlp, "dev")
    results.linker = LogisticModel(weights, bias)
    linker_f1 = tuple_f1(nlp, "dev")
    args.out.write_text(json.dumps({
        "about": "score of a mention as the metric or dataset of a value: bias + the sum of the weights of "
                 "its features; the highest wins. Trained by training/train_links.py",
        "examples": len(ys), "positives": int(sum(ys)),
        "dev_results_tuple_f1": {"rules": round(rules_f1, 4), "linker": round(linker_f1, 4)},
        "bias": bias, "weights": dict(sorted(weights.items())),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(ys)} candidate links ({sum(ys)} right); dev results_tuple F1 "
          f"{rules_f1:.4f} with the rules' nearest mention, {linker_f1:.4f} with the linker")


if __name__ == "__main__":
    main()
