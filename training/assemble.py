"""Assemble the default ("accurate") extraction pipeline from the trained components.

The rules-only pipeline of ``paperkg/extract/pipeline.cfg`` is the frame; the ``hints`` and the
trained ``tok2vec`` and ``ner`` of a ``spacy train`` output are added before the entity component,
which then takes its mentions from them (``candidates``). The result is saved with ``nlp.to_disk``
into the package
(``paperkg/extract/models/accurate``), where ``paperkg`` loads it with ``spacy.load``.

    python training/assemble.py training/out/ner/model-best --out paperkg/extract/models/accurate \
        --proposed-classifier proposed_classifier.json --result-linker result_linker.json \
        --claim-classifier claim_classifier.json --entity-bias METRIC=1.0 \
        --number-sentence-bias METRIC=1.0

``--entity-bias LABEL=B`` adds B to the score of the two actions that open a LABEL mention (spaCy's
``B-`` and ``U-`` moves) in the trained ``ner``'s output layer: a prior correction, chosen on dev,
with no cost at extraction time. The recogniser finds measures with precision .85 and recall .55,
on its own training abstracts as on dev: annotators list "visual quality" or "memory" as a measure
in some abstracts and not in others, and the model learns a low prior for the whole class. A
result whose measure is not recognised cannot be linked to it, so the missing measures cost the
result tuples most (docs/quality.md has the sweep). ``--number-sentence-bias LABEL=B`` adds B more
to the same two moves on the tokens of sentences that write a number, where results and their
measures are (the greedy decoder's ``number_sentence_bias``, paperkg/extract/greedy_ner.py).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy
from spacy.language import Language

from paperkg.extract.greedy_ner import FACTORY as GREEDY_NER
from paperkg.extract.pipeline import load_pipeline, register_components

# what tok2vec embeds, besides what the rule components read
MODEL_LEXICAL_ATTRIBUTES = ["LOWER", "IS_SPACE", "NORM", "PREFIX", "SUFFIX", "SHAPE"]


# with the classifier, the threshold decides how many names are proposed; this only bounds it
MAX_PROPOSED = 8


def opening_moves(ner, label: str) -> list[int]:
    """The indices of the moves that open a ``label`` mention in the ``ner``'s output layer."""
    names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    missing = [m for m in (f"B-{label}", f"U-{label}") if m not in names]
    if missing:
        raise SystemExit(f"assemble.py: the ner has no move {missing[0]} (labels: {sorted(ner.labels)})")
    return [names.index(f"B-{label}"), names.index(f"U-{label}")]


def add_entity_bias(nlp: Language, bias: dict[str, float]) -> None:
    """Add ``bias[label]`` to the output-layer bias of the moves that open a ``label`` mention."""
    ner = nlp.get_pipe("ner")
    upper = ner.model.get_ref("upper")
    b = upper.get_param("b").copy()
    for label, value in bias.items():
        b[opening_moves(ner, label)] += value
    upper.set_param("b", b)


def parse_bias(items: list[str], option: str = "--entity-bias") -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        label, sep, value = item.partition("=")
        try:
            out[label.strip().upper()] = float(value)
        except ValueError:
            raise SystemExit(f"assemble.py: {option} wants LABEL=NUMBER, not {item!r}") from None
        if not sep:
            raise SystemExit(f"assemble.py: {option} wants LABEL=NUMBER, not {item!r}")
    return out


def assemble(
    trained: Path,
    candidates: str = "model",
    proposed_classifier: str = "",
    result_linker: str = "",
    entity_bias: dict[str, float] | None = None,
    claim_classifier: str = "",
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
    if claim_classifier:
        config["components"]["results"]["claims"] = claim_classifier
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    source = spacy.load(trained)
    nlp.add_pipe("paperkg_entity_hints", name="hints", before="entities")
    for name in ("tok2vec", "ner"):
        nlp.add_pipe(name, source=source, before="entities")
    if entity_bias:
        add_entity_bias(nlp, entity_bias)
    return nlp


def use_greedy_decoder(saved: Path, number_sentence_bias: dict[str, float] | None = None) -> None:
    """Let the saved pipeline's ``ner`` decode with paperkg's greedy decoder: spaCy's
    EntityRecognizer with the same weights and the same mentions, several times quicker
    (paperkg/extract/greedy_ner.py), with ``number_sentence_bias`` if given. Only the config
    changes."""
    path = saved / "config.cfg"
    config = spacy.util.load_config(path)
    config["components"]["ner"]["factory"] = GREEDY_NER
    if number_sentence_bias:
        config["components"]["ner"]["number_sentence_bias"] = dict(number_sentence_bias)
    config.to_disk(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trained", type=Path, help="a spacy train output pipeline (model-best)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--candidates", default="model", choices=("model", "both"))
    ap.add_argument("--proposed-classifier", default="", metavar="NAME",
                    help="its file in paperkg/extract/data (training/train_proposed.py)")
    ap.add_argument("--result-linker", default="", metavar="NAME",
                    help="its file in paperkg/extract/data (training/train_links.py)")
    ap.add_argument("--claim-classifier", default="", metavar="NAME",
                    help="its file in paperkg/extract/data (training/train_claims.py)")
    ap.add_argument("--entity-bias", action="append", default=[], metavar="LABEL=B",
                    help="add B to the ner's scores for opening a LABEL mention (repeatable)")
    ap.add_argument("--number-sentence-bias", action="append", default=[], metavar="LABEL=B",
                    help="add B more in sentences that write a number (repeatable)")
    args = ap.parse_args()
    bias = parse_bias(args.entity_bias)
    number_bias = parse_bias(args.number_sentence_bias, "--number-sentence-bias")
    nlp = assemble(
        args.trained, args.candidates, args.proposed_classifier, args.result_linker, bias,
        args.claim_classifier,
    )
    nlp.meta.update({
        "name": "paperkg_accurate",
        "description": "paperkg's accurate extraction profile: the rule components, and a tok2vec and ner "
        "trained on the annotated abstracts of training/corpus (training/README.md)",
        "license": "Apache-2.0",
        # how the shipped pipeline differs from what spacy train wrote, for whoever reads it
        "paperkg": {"trained": str(args.trained), "entity_bias": bias, "number_sentence_bias": number_bias},
    })
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # without the vocabulary: its strings are the words of the training abstracts, and the
    # pipeline needs none of them (features are hashes; labels are kept by the components)
    nlp.to_disk(args.out, exclude=["vocab"])
    use_greedy_decoder(args.out, number_bias)
    print(f"{args.out}: {nlp.pipe_names}")


if __name__ == "__main__":
    main()
