"""Assemble the default ("accurate") extraction pipeline from the trained components.

The rules-only pipeline of ``paperkg/extract/pipeline.cfg`` is the frame; the ``hints`` and the
trained ``tok2vec`` and ``ner`` of a ``spacy train`` output are added before the entity component,
which then takes its mentions from them (``candidates``). The result is saved with ``nlp.to_disk``
into the package
(``paperkg/extract/models/accurate``), where ``paperkg`` loads it with ``spacy.load``.

    python training/assemble.py training/out/ner/model-best --out paperkg/extract/models/accurate \
        --proposed-classifier proposed_classifier.json --result-linker result_linker.json
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy
from spacy.language import Language

from paperkg.extract.pipeline import load_pipeline, register_components

# what tok2vec embeds, besides what the rule components read
MODEL_LEXICAL_ATTRIBUTES = ["LOWER", "IS_SPACE", "NORM", "PREFIX", "SUFFIX", "SHAPE"]


# with the classifier, the threshold decides how many names are proposed; this only bounds it
MAX_PROPOSED = 8


def assemble(
    trained: Path, candidates: str = "model", proposed_classifier: str = "", result_linker: str = ""
) -> Language:
    register_components()
    frame = load_pipeline(profile="fast")
    config = frame.config.copy()
    config["nlp"]["after_creation"]["keep"] = MODEL_LEXICAL_ATTRIBUTES
    config["components"]["entities"]["candidates"] = candidates
    if proposed_classifier:
        config["components"]["proposed"]["classifier"] = proposed_classifier
        config["components"]["proposed"]["max_proposed"] = MAX_PROPOSED
    if result_linker:
        config["components"]["results"]["linker"] = result_linker
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    source = spacy.load(trained)
    nlp.add_pipe("paperkg_entity_hints", name="hints", before="entities")
    for name in ("tok2vec", "ner"):
        nlp.add_pipe(name, source=source, before="entities")
    return nlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trained", type=Path, help="a spacy train output pipeline (model-best)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--candidates", default="model", choices=("model", "both"))
    ap.add_argument("--proposed-classifier", default="", metavar="NAME",
                    help="its file in paperkg/extract/data (training/train_proposed.py)")
    ap.add_argument("--result-linker", default="", metavar="NAME",
                    help="its file in paperkg/extract/data (training/train_links.py)")
    args = ap.parse_args()
    nlp = assemble(args.trained, args.candidates, args.proposed_classifier, args.result_linker)
    nlp.meta.update({
        "name": "paperkg_accurate",
        "description": "paperkg's accurate extraction profile: the rule components, and a tok2vec and ner "
        "trained on the annotated abstracts of training/corpus (training/README.md)",
        "license": "Apache-2.0",
    })
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # without the vocabulary: its strings are the words of the training abstracts, and the
    # pipeline needs none of them (features are hashes; labels are kept by the components)
    nlp.to_disk(args.out, exclude=["vocab"])
    print(f"{args.out}: {nlp.pipe_names}")


if __name__ == "__main__":
    main()
